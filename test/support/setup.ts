// Runs around every test: a fresh strict Apple Pay double and Connect API, and no misuse left unexplained.
import { fixtureCleanup } from '@open-wc/testing';
import { afterEach, beforeEach, expect } from 'vitest';
import { applePay, installApplePay } from './apple-pay-session-double.js';
import { connectApi, installConnectApi, uninstallConnectApi } from './connect-api-double.js';
import { consoleRecord, recordConsole } from './console-record.js';

recordConsole();

beforeEach(() => {
  applePay.reset();
  connectApi.reset();
  consoleRecord.length = 0;
  installApplePay();
  installConnectApi();
});

afterEach(async () => {
  fixtureCleanup();
  await new Promise((resolve) => setTimeout(resolve)); // let removed elements end their sessions
  uninstallConnectApi();
  expect(applePay.misuses, 'misuses of ApplePaySession').toEqual([]);
});
