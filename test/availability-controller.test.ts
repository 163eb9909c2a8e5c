// The availability controller on its own, with a plain object as its host: when it asks Connect, which answer
// counts, and what it tells the element.
import { describe, expect, it } from 'vitest';
import { availabilityController, type AvailabilityHost } from '../src/availability-controller.js';
import { connectApi, hang, json, productResponse } from './support/connect-api-double.js';
import { CLIENT_API_URL, CLIENT_SESSION_ID, CUSTOMER_ID, until } from './support/fixtures.js';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const notOffered = () => json(404, { errorId: 'e', errors: [{ code: '1007' }] });

/** A host with a client session and a basket, the events it was told of, and the answers it was asked to draw. */
function controlled(settings: Partial<AvailabilityHost> = {}) {
  const drawn: (boolean | undefined)[] = [];
  const events: { type: string; detail: unknown }[] = [];
  const host: AvailabilityHost = {
    isConnected: true,
    clientSessionId: CLIENT_SESSION_ID,
    customerId: CUSTOMER_ID,
    clientApiUrl: CLIENT_API_URL,
    displayName: 'Shop',
    countryCode: 'NL',
    currencyCode: 'EUR',
    amount: '12.50',
    paymentProductId: 302,
    validationTimeout: 1000,
    requestUpdate: () => drawn.push(controller.answer?.available),
    ...settings,
  };
  const controller = availabilityController(host, (type, detail) => events.push({ type, detail }));
  return { host, controller, events, drawn };
}

describe('the availability controller', () => {
  it('asks Connect when scheduled, and applies the answer: drawn, event, networks, no longer pending', async () => {
    const { controller, events, drawn } = controlled();
    expect(controller.pending).toBe(false);
    controller.schedule();
    expect(controller.pending).toBe(true);
    await until(() => controller.answer !== undefined);
    expect(controller.pending).toBe(false);
    expect(controller.answer).toMatchObject({
      available: true,
      networks: ['visa', 'masterCard', 'amex'],
    });
    expect(drawn).toEqual([true]); // the element draws its `available` attribute and button from the answer
    expect(events).toEqual([{ type: 'apple-pay-availability', detail: { available: true } }]);
  });

  it('asks nothing while its element is out of the page', async () => {
    const { controller } = controlled({ isConnected: false });
    controller.schedule();
    await tick(20);
    expect(controller.pending).toBe(false);
    expect(connectApi.productRequests).toEqual([]);
  });

  it('stop() cancels the look-up under way: no answer applied, nothing pending', async () => {
    connectApi.respondToProduct(hang);
    const { controller, events } = controlled();
    controller.schedule();
    await until(() => connectApi.productRequests.length === 1);
    controller.stop();
    expect(controller.pending).toBe(false);
    await tick(20);
    expect(connectApi.productRequests[0]!.signal.aborted).toBe(true);
    expect(controller.answer).toBeUndefined();
    expect(events).toEqual([]);
  });

  it('lets only the newest question’s answer count', async () => {
    let answerFirst!: (response: Response) => void;
    connectApi.respondToProduct(() => new Promise((resolve) => (answerFirst = resolve)));
    const { host, controller } = controlled();
    controller.schedule();
    await until(() => connectApi.productRequests.length === 1);
    connectApi.respondToProduct(() => productResponse(['VISA']));
    host.amount = '20.00';
    controller.changed(['amount']);
    await until(() => controller.answer !== undefined);
    answerFirst(notOffered());
    await tick(20);
    expect(controller.answer).toMatchObject({ available: true, networks: ['visa'] });
  });

  it('asks again only for a change of something availability depends on', async () => {
    const { controller } = controlled();
    controller.changed(['buttonStyle', 'disabled', 'displayName']);
    expect(controller.pending).toBe(false);
    controller.changed(['amount']);
    expect(controller.pending).toBe(true);
  });

  it('confirms the basket it has an answer for without asking, and asks about another', async () => {
    const { controller } = controlled();
    controller.schedule();
    await until(() => controller.answer !== undefined);
    const asked = connectApi.productRequests.length;
    const same = {
      countryCode: 'NL',
      currencyCode: 'EUR',
      total: { label: 'Shop', amount: '12.50' },
    };
    await controller.confirm(
      same as ApplePayJS.ApplePayPaymentRequest,
      new AbortController().signal,
    );
    expect(connectApi.productRequests).toHaveLength(asked);

    connectApi.respondToProduct(notOffered);
    const other = { ...same, total: { label: 'Shop', amount: '999.00' } };
    await expect(
      controller.confirm(other as ApplePayJS.ApplePayPaymentRequest, new AbortController().signal),
    ).rejects.toMatchObject({ code: 'not-offered' });
    expect(connectApi.productRequests).toHaveLength(asked + 1);
  });
});
