// Where a merchant session comes from, on its own: the merchant's validator, or Connect with the configured
// client session or a provider's fresh one. The payment attempt sees one function either way.
import { describe, expect, it, vi } from 'vitest';
import { ApplePaySessionButtonError } from '../src/errors.js';
import { merchantSessionSource } from '../src/merchant-session.js';
import {
  connectApi,
  json,
  merchantSessionResponse,
  sampleMerchantSession,
} from './support/connect-api-double.js';
import { CLIENT_API_URL, CLIENT_SESSION_ID, CUSTOMER_ID } from './support/fixtures.js';

const VALIDATION_URL = 'https://apple-pay-gateway.apple.com/paymentservices/startSession';
const clientSession = {
  clientSessionId: CLIENT_SESSION_ID,
  customerId: CUSTOMER_ID,
  clientApiUrl: CLIENT_API_URL,
};
const settings = { displayName: 'Shop', paymentProductId: 302 };
const signal = () => new AbortController().signal;

describe('merchantSessionSource', () => {
  it('asks Connect with the configured client session for the page’s domain', async () => {
    const source = merchantSessionSource(settings, clientSession);
    await expect(source(VALIDATION_URL, signal())).resolves.toEqual(sampleMerchantSession);
    expect(connectApi.last.headers.get('Authorization')).toBe(`GCS v1Client:${CLIENT_SESSION_ID}`);
    expect(JSON.parse(connectApi.last.body)).toEqual({
      paymentProductSession302SpecificInput: {
        displayName: 'Shop',
        domainName: location.hostname,
        validationUrl: VALIDATION_URL,
      },
    });
  });

  it('sends the configured domain name instead of the page’s host, to Connect and to merchantValidator', async () => {
    const domainName = 'checkout.shop.example';
    await merchantSessionSource({ ...settings, domainName }, clientSession)(
      VALIDATION_URL,
      signal(),
    );
    expect(JSON.parse(connectApi.last.body).paymentProductSession302SpecificInput).toMatchObject({
      domainName,
    });
    const asked: string[] = [];
    const merchantValidator = async (request: { domainName: string }) => {
      asked.push(request.domainName);
      return sampleMerchantSession;
    };
    await merchantSessionSource({ ...settings, merchantValidator }, null)(VALIDATION_URL, signal());
    await merchantSessionSource({ ...settings, domainName, merchantValidator }, null)(
      VALIDATION_URL,
      signal(),
    );
    // The test page is a frame of Vitest's own page, on the same host: the top-level host is this one.
    expect(asked).toEqual([location.hostname, domainName]);
  });

  it('refuses an incomplete client session at once: a configuration error at the click', () => {
    expect(() =>
      merchantSessionSource(settings, { ...clientSession, customerId: undefined }),
    ).toThrow(expect.objectContaining({ code: 'configuration' }));
  });

  it('asks a provider afresh each time, and once more after a 401', async () => {
    let issued = 0;
    const sessionProvider = vi.fn(async () => ({
      ...clientSession,
      clientSessionId: `p-${++issued}`,
    }));
    connectApi.respond((request) =>
      request.headers.get('Authorization') === 'GCS v1Client:p-1'
        ? json(401, { errorId: 'e', errors: [{ code: '9002' }] })
        : merchantSessionResponse(),
    );
    const source = merchantSessionSource({ ...settings, sessionProvider }, undefined);
    await expect(source(VALIDATION_URL, signal())).resolves.toEqual(sampleMerchantSession);
    expect(sessionProvider).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('server down'))],
    [
      'throws at once',
      () => {
        throw 'down';
      },
    ],
  ])(
    'calls what a provider that %s code merchant-validator, and asks Connect nothing',
    async (_, provider) => {
      const source = merchantSessionSource(
        { ...settings, sessionProvider: provider as () => Promise<never> },
        clientSession,
      );
      await expect(source(VALIDATION_URL, signal())).rejects.toMatchObject({
        code: 'merchant-validator',
      });
      expect(connectApi.requests).toEqual([]);
    },
  );

  it('calls a provider’s incomplete client session a configuration error', async () => {
    const source = merchantSessionSource(
      { ...settings, sessionProvider: async () => ({ ...clientSession, clientApiUrl: '' }) },
      undefined,
    );
    await expect(source(VALIDATION_URL, signal())).rejects.toMatchObject({ code: 'configuration' });
  });

  it('gives a validator what it needs, keeps the code of our own errors, and refuses a non-object', async () => {
    const merchantValidator = vi.fn(async () => sampleMerchantSession as object);
    const cancel = signal();
    await expect(
      merchantSessionSource({ ...settings, merchantValidator }, null)(VALIDATION_URL, cancel),
    ).resolves.toBe(sampleMerchantSession);
    expect(merchantValidator).toHaveBeenCalledWith({
      validationURL: VALIDATION_URL,
      domainName: location.hostname,
      displayName: 'Shop',
      signal: cancel,
    });
    const declined = new ApplePaySessionButtonError('psp-declined', 'declined');
    merchantValidator.mockRejectedValueOnce(declined);
    await expect(
      merchantSessionSource({ ...settings, merchantValidator }, null)(VALIDATION_URL, signal()),
    ).rejects.toBe(declined);
    merchantValidator.mockResolvedValueOnce('{"a":1}' as unknown as object);
    await expect(
      merchantSessionSource({ ...settings, merchantValidator }, null)(VALIDATION_URL, signal()),
    ).rejects.toMatchObject({ code: 'merchant-validator' });
    expect(connectApi.requests).toEqual([]);
  });
});
