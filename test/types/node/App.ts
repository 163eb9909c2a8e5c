// A merchant's Node test: the Connect emulator and the simulator's Playwright helper, with Node's types.
/// <reference types="node" />
import {
  EMULATOR_CREDENTIALS,
  setFault,
  startConnectEmulator,
} from 'apple-pay-session-button/testing/connect-emulator/node';
import {
  installApplePaySimulator,
  type PlaywrightPage,
} from 'apple-pay-session-button/testing/playwright';

export async function pay(page: PlaywrightPage) {
  const connect = await startConnectEmulator({ port: 0 });
  setFault('none');
  const applePay = await installApplePaySimulator(page, { sheet: false });
  const completion = await applePay.authorize();
  await connect.close();
  return { completion, merchantId: EMULATOR_CREDENTIALS.merchantId, port: process.env.PORT };
}
