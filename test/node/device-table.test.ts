// docs/how-it-is-tested.md shows the device profiles' table as the simulator has it (src/testing/devices.ts).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { deviceTable } from './support/device-table.js';

it('docs/how-it-is-tested.md has the device table the simulator plays', () => {
  const docs = readFileSync(new URL('../../docs/how-it-is-tested.md', import.meta.url), 'utf8');
  expect(docs).toContain(deviceTable());
});
