// The device profiles' table (src/testing/devices.ts) as docs/how-it-is-tested.md shows it: one row per fact,
// a column per device, and the fact's source.
import {
  BASE_NETWORKS,
  BASE_NETWORKS_SOURCE,
  CROSS_ORIGIN_FRAMES,
  DEVICE_NAMES,
  GAPS,
  MEMBERS,
  NETWORKS,
  STATICS,
  SYSTEMS,
  VERSIONS,
  deviceProfile,
  holds,
} from '../../../src/testing/devices.js';

type Fact = Parameters<typeof holds>[0] & { note?: string };

const cell = (text: string) => text.replaceAll('|', '\\|');
const source = (fact: { source: string; note?: string }) =>
  cell(fact.note ? `${fact.source}. **Not as the design page said:** ${fact.note}` : fact.source);
const row = (name: string, cells: string[], from: string) =>
  `| ${cell(name)} | ${cells.join(' | ')} | ${from} |`;
const marks = (fact: Fact, yes = '✓', no = '–') =>
  DEVICE_NAMES.map((device) => (holds(fact, device) ? yes : no));

export function deviceTable(): string {
  const head = [
    `| fact | ${DEVICE_NAMES.map((device) => device.replace('safari-', '')).join(' | ')} | source |`,
    `|---|${DEVICE_NAMES.map(() => '---').join('|')}|---|`,
    row(
      'system',
      DEVICE_NAMES.map((device) => cell(SYSTEMS[device])),
      'Safari ships with the OS on iOS; WebKit release trains by Safari version',
    ),
    row(
      'highest `supportsVersion`',
      DEVICE_NAMES.map((device) => String(deviceProfile(device).maxVersion)),
      VERSIONS.map((fact) => `${fact.version}: ${source(fact)}`).join('<br>'),
    ),
    row(
      `networks ${BASE_NETWORKS.map((network) => `\`${network}\``).join(', ')}`,
      marks({ source: '' }),
      cell(BASE_NETWORKS_SOURCE),
    ),
  ];
  return [
    ...head,
    ...NETWORKS.map((fact) => row(`network \`${fact.network}\``, marks(fact), source(fact))),
    ...MEMBERS.map((fact) => row(`reads \`${fact.member}\``, marks(fact), source(fact))),
    row(
      'cross-origin iframe with `allow="payment"`',
      marks(CROSS_ORIGIN_FRAMES, 'allowed', 'refused'),
      source(CROSS_ORIGIN_FRAMES),
    ),
    ...GAPS.map((fact) => row(`lacks ${fact.what}`, marks(fact, 'lacks'), source(fact))),
    row(
      `statics ${STATICS.statics.map((name) => `\`${name}\``).join(', ')}`,
      marks(STATICS),
      source(STATICS),
    ),
  ].join('\n');
}
