// Apple Pay in a cross-origin iframe, as the device's Safari decides it: refused before Safari 17 even with
// allow="payment", allowed from 17 with it; without it a SecurityError. A real frame of another origin (the
// test server by its other name: localhost and 127.0.0.1), in which the simulator runs as a page's would.
import { afterEach, describe, expect, it } from 'vitest';
import { page, server } from 'vitest/browser';
import type { DeviceName } from '../src/testing/devices.js';

interface Answer {
  device: DeviceName;
  ancestorOrigins: string[];
  canMakePayments: string;
  constructed: string;
  clicked?: string;
}

/** Whether the frame is told its permissions policy: Chromium's document.featurePolicy (WebKitGTK has none). */
const toldPolicy = 'featurePolicy' in document;

/** The test server under its other name: a frame from there is cross-origin. */
const otherOrigin = () => {
  const url = new URL(location.href);
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return url.origin;
};

const frames: HTMLIFrameElement[] = [];
afterEach(() => frames.splice(0).forEach((frame) => frame.remove()));

/** The next message from `frame` that has `key`. */
const messageFrom = (frame: HTMLIFrameElement, key: keyof Answer | 'ready') =>
  new Promise<Answer>((resolve) => {
    const listen = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow || !(key in (event.data ?? {}))) return;
      removeEventListener('message', listen);
      resolve(event.data as Answer);
    };
    addEventListener('message', listen);
  });

/** Loads the device frame from `origin` and resolves to what Apple Pay answered in it, and the frame. */
async function answerIn(device: DeviceName, { origin = otherOrigin(), allow = 'payment' } = {}) {
  const frame = document.createElement('iframe');
  if (allow) frame.allow = allow;
  frame.src = `${origin}/test/frames/device-frame.html?device=${device}`;
  frames.push(frame);
  const ready = messageFrom(frame, 'ready');
  document.body.append(frame);
  return Object.assign(await ready, { frame });
}

const DIFFERENT_ORIGIN =
  'InvalidAccessError: Trying to start an Apple Pay session from a document with an different security origin than its top-level frame.';
const NO_GESTURE =
  'InvalidAccessError: Must create a new ApplePaySession from a user gesture handler.';

describe('a cross-origin iframe with allow="payment"', () => {
  it('is refused before Safari 17 (InvalidAccessError, before the gesture is even looked at) and allowed from 17', async () => {
    const [before, since] = await Promise.all([answerIn('safari-16.4'), answerIn('safari-17.0')]);
    expect(before).toMatchObject({
      canMakePayments: DIFFERENT_ORIGIN,
      constructed: DIFFERENT_ORIGIN,
    });
    expect(since).toMatchObject({ canMakePayments: 'accepted', constructed: NO_GESTURE });
    // The frame knows its top-level page: the origin Apple validates a merchant session against.
    expect(since.ancestorOrigins.at(-1)).toBe(location.origin);
  });

  // Clicking inside a frame of another origin needs Playwright's frame locator (Vitest's webdriverio provider has
  // none): this is how a test of the element in a merchant's iframe clicks its button.
  it.runIf(server.provider === 'playwright')(
    'lets a trusted click in the frame create a session on Safari 17, as a page’s own click',
    async () => {
      const { frame } = await answerIn('safari-17.0');
      const clicked = messageFrom(frame, 'clicked');
      await page.frameLocator(page.elementLocator(frame)).getByRole('button').click();
      expect(await clicked).toMatchObject({ clicked: 'accepted' });
    },
  );

  it('is a frame like any other when it has the top page’s origin', async () => {
    const answer = await answerIn('safari-15.0', { origin: location.origin });
    expect(answer).toMatchObject({ canMakePayments: 'accepted', constructed: NO_GESTURE });
  });
});

describe('a cross-origin iframe without allow="payment"', () => {
  it.runIf(toldPolicy)('is refused on every device, with a SecurityError', async () => {
    const answers = await Promise.all(
      (['safari-15.0', 'safari-26.0'] as const).map((device) => answerIn(device, { allow: '' })),
    );
    const refused =
      'SecurityError: Third-party iframes are not allowed to request payments unless explicitly allowed via Feature-Policy (payment)';
    for (const answer of answers)
      expect(answer).toMatchObject({ canMakePayments: refused, constructed: refused });
  });
});

describe('the element in a cross-origin iframe', () => {
  // Apple validates a merchant session against the top-level page's domain, not the frame's. Clicking into a frame
  // needs Playwright's frame locator: WebKitGTK's WebDriver cannot click into frames here, so Chromium only.
  it.runIf(server.provider === 'playwright')(
    'asks Connect for a merchant session for the top-level page’s host',
    async () => {
      const frame = document.createElement('iframe');
      frame.allow = 'payment';
      frame.src = `${otherOrigin()}/test/frames/element-frame.html`;
      frames.push(frame);
      const message = (key: string) =>
        new Promise<Record<string, string>>((resolve) => {
          const listen = (event: MessageEvent) => {
            if (event.source !== frame.contentWindow) return;
            if (!(key in event.data) && !('error' in event.data)) return;
            removeEventListener('message', listen);
            resolve(event.data);
          };
          addEventListener('message', listen);
        });
      const ready = message('ready');
      document.body.append(frame);
      expect(await ready).toEqual({ ready: true });
      const sent = message('sent');
      await page.frameLocator(page.elementLocator(frame)).getByRole('button').click();
      const topHost = new URL(
        location.ancestorOrigins.item(location.ancestorOrigins.length - 1) ?? location.origin,
      ).hostname;
      expect(await sent).toEqual({ sent: topHost, frameHost: new URL(otherOrigin()).hostname });
      expect(topHost).not.toBe(new URL(otherOrigin()).hostname);
    },
  );
});
