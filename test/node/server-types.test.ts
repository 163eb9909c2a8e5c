// The published types of apple-pay-session-button/server stand alone: a fresh Node project (strict,
// skipLibCheck false, no DOM library) with only the package and @types/node type-checks a server against them —
// and the optional peer dependencies' types are never needed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { temporaryDir } from './support/apple-pay-server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the types of apple-pay-session-button/server', () => {
  it('type-check in a fresh project with nothing but the package and @types/node', () => {
    expect(existsSync(join(root, 'dist/server/index.d.ts')), 'run npm run build first').toBe(true);
    const project = temporaryDir('apple-pay-server-types-');
    mkdirSync(join(project, 'node_modules/@types'), { recursive: true });
    symlinkSync(root, join(project, 'node_modules/apple-pay-session-button'), 'dir');
    symlinkSync(
      join(root, 'node_modules/@types/node'),
      join(project, 'node_modules/@types/node'),
      'dir',
    );
    writeFileSync(join(project, 'package.json'), '{"type":"module"}');
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          module: 'nodenext',
          target: 'es2022',
          lib: ['es2022'],
          types: ['node'],
        },
        files: ['server.ts', 'wrong.ts'],
      }),
    );
    writeFileSync(
      join(project, 'server.ts'),
      `import { createServer } from 'node:http';
import {
  createApplePayServer,
  fileOrderStore,
  postgresOrderStore,
  type ApplePayServerOptions,
  type LogEntry,
  type OrderStatus,
} from 'apple-pay-session-button/server';

const options: ApplePayServerOptions = {
  connect: { apiKeyId: 'k', secretApiKey: 's', merchantId: 'm', apiEndpoint: 'https://example.test' },
  orders: async (orderId) => (orderId === 'a' ? { amount: 1250, currencyCode: 'EUR' } : undefined),
  store: await fileOrderStore('.orders'),
  log: (entry: LogEntry) => console.log(entry.event, entry.errorId),
};
const applePay = await createApplePayServer(options);
createServer(applePay.node).listen(3000);
const answer: Response = await applePay.fetch(new Request('http://localhost/api/apple-pay/orders/a'));
const status: OrderStatus = await applePay.orderStatus('a');
await postgresOrderStore({ connectionString: 'postgres://localhost/shop' });
export { answer, status };
`,
    );
    // What must not type-check, so that the check can fail.
    writeFileSync(
      join(project, 'wrong.ts'),
      `import { createApplePayServer } from 'apple-pay-session-button/server';
// @ts-expect-error an amount is a number of minor units
await createApplePayServer({ connect: { apiKeyId: '', secretApiKey: '', merchantId: '', apiEndpoint: '' }, orders: () => ({ amount: '12.50', currencyCode: 'EUR' }) });
export {};
`,
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    expect(() =>
      execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' }),
    ).not.toThrow();
  }, 60_000);
});
