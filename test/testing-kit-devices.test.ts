// The test kit's `device` option from a module (Vitest, WebdriverIO): install as a device, change it, get the
// newest back on reset; an unknown device is a clear error that installs nothing.
import { describe, expect, it } from 'vitest';
import { applePaySimulator, devices } from '../src/testing/index.js';

describe('applePaySimulator’s device', () => {
  it('lists the devices, oldest first', () => {
    expect(devices).toEqual([
      'safari-15.0',
      'safari-15.4',
      'safari-16.0',
      'safari-16.4',
      'safari-17.0',
      'safari-18.0',
      'safari-26.0',
    ]);
  });

  it('installs as the device given, its version the highest unless maxVersion says otherwise', () => {
    applePaySimulator.install({ device: 'safari-15.4', sheet: false });
    expect([applePaySimulator.device, applePaySimulator.maxVersion]).toEqual(['safari-15.4', 13]);
    expect(ApplePaySession.supportsVersion(14)).toBe(false);
    applePaySimulator.install({ device: 'safari-15.4', sheet: false, maxVersion: 6 });
    expect(applePaySimulator.maxVersion).toBe(6);
    applePaySimulator.device = 'safari-17.0';
    expect([applePaySimulator.device, applePaySimulator.maxVersion]).toEqual(['safari-17.0', 15]);
    applePaySimulator.reset();
    expect(applePaySimulator.device).toBe('safari-26.0');
  });

  it('refuses a device it does not know, and installs nothing', () => {
    applePaySimulator.uninstall();
    expect(() =>
      applePaySimulator.install({ device: 'safari-16' as 'safari-16.0', sheet: false }),
    ).toThrow('Apple Pay simulator: no device "safari-16"; the devices are safari-15.0,');
    expect('ApplePaySession' in window).toBe(false);
    expect(applePaySimulator.device).toBe('safari-26.0');
  });
});
