// @ts-check
// The Connect Server API client, configured from the environment: credentials never live in the code.
import { URL } from 'node:url';
import connectSdk from 'connect-sdk-nodejs';

const REQUIRED = [
  'CONNECT_API_KEY_ID',
  'CONNECT_SECRET_API_KEY',
  'CONNECT_MERCHANT_ID',
  'CONNECT_API_ENDPOINT',
];

/**
 * `CONNECT_API_ENDPOINT` is the Server API's base URL, e.g. `https://eu.sandbox.api-ingenico.com`
 * (an `http:` URL is accepted for a local emulator).
 * @param {Record<string, string | undefined>} env
 * @param {string} [integrator] your company or shop name, sent to Connect in X-GCS-ServerMetaInfo
 */
export function connectFromEnv(env, integrator = 'apple-pay-session-button example') {
  const absent = REQUIRED.filter((name) => !env[name]);
  if (absent.length) throw new Error(`Set ${absent.join(', ')} to reach Connect`);
  const endpoint = new URL(/** @type {string} */ (env.CONNECT_API_ENDPOINT));
  const scheme = endpoint.protocol === 'http:' ? 'http' : 'https';
  return {
    merchantId: /** @type {string} */ (env.CONNECT_MERCHANT_ID),
    client: connectSdk.init({
      host: endpoint.hostname,
      scheme,
      port: Number(endpoint.port) || (scheme === 'http' ? 80 : 443),
      apiKeyId: /** @type {string} */ (env.CONNECT_API_KEY_ID),
      secretApiKey: /** @type {string} */ (env.CONNECT_SECRET_API_KEY),
      integrator,
    }),
  };
}
