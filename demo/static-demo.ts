// The static demo (`npm run build:demo`): no server behind the page, so the store's server and the Connect
// emulator answer in the page itself. MSW's service worker hands each fetch of this page to them: the same
// handlers the dev server runs in Node, and fetches they do not answer go to the network untouched.
import { http } from 'msw/core/http';
import { setupWorker } from 'msw/browser';
import { composeHandlers, connectEmulator } from '../src/testing/connect-emulator/index.js';
import { demoMerchant } from './merchant.js';

const handle = composeHandlers(demoMerchant(), connectEmulator);

export async function start(): Promise<void> {
  const worker = setupWorker(http.all('*', ({ request }) => handle(request)));
  await worker.start({
    // Beside index.html, wherever the folder is served from (a site root or a project page's path).
    serviceWorker: { url: new URL('mockServiceWorker.js', document.baseURI).pathname },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
}
