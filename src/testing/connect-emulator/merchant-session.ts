import { hex } from './responses.js';

/** An Apple merchant session as Apple's gateway shapes it (signed by nobody: this is an emulator). */
export function merchantSession(domainName: string, displayName: string) {
  const now = Date.now();
  return {
    epochTimestamp: now,
    expiresAt: now + 60 * 60 * 1000,
    merchantSessionIdentifier: `SSH${hex(16).toUpperCase()}`,
    nonce: hex(4),
    merchantIdentifier: hex(32).toUpperCase(),
    domainName,
    displayName,
    signature: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(48)))),
    operationalAnalyticsIdentifier: `${displayName}:${hex(32).toUpperCase()}`,
    retries: 0,
    pspId: hex(32).toUpperCase(),
  };
}
