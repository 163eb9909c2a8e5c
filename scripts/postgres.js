// A private PostgreSQL for the tests and the server benchmark: Debian's `postgresql` package (installed when
// missing, as scripts/ensure-browsers.js installs the browsers), a cluster in a temporary folder, its own port on
// 127.0.0.1 and its own unix-socket folder, stopped and deleted afterwards. initdb and postgres refuse to run as
// root: as root they run as the `postgres` user (which the package creates).
//
//   node scripts/postgres.js install     installs the package when missing (npm test's pretest runs this)
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

const isRoot = process.getuid?.() === 0;

/** The newest PostgreSQL server's bin folder on a Debian machine, or undefined. */
export function findPostgresBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin/initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], 'bin');
}

/** Installs Debian's `postgresql` when no server is there (as root, or through sudo). */
export function ensurePostgres() {
  if (findPostgresBin()) return;
  const sudo = isRoot ? '' : 'sudo ';
  console.log('Installing Debian’s postgresql for the server’s tests…');
  execFileSync(
    'sh',
    ['-c', `${sudo}apt-get update -qq && ${sudo}apt-get install -y -qq postgresql`],
    { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
  );
  if (!findPostgresBin()) throw new Error('postgresql was installed but no initdb was found');
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });

/** Runs a PostgreSQL program, as `postgres` when this process is root. */
function asPostgres(bin, program, args, options = {}) {
  return isRoot
    ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args], options]
    : [join(bin, program), args, options];
}

/**
 * Starts a private cluster. `durable: false` (the tests) turns off fsync: a throwaway database need not survive
 * a power cut. Resolves to its URL and a `stop()` that shuts it down and deletes it.
 * @param {{ durable?: boolean }} [options]
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startPostgres({ durable = false } = {}) {
  ensurePostgres();
  const bin = /** @type {string} */ (findPostgresBin());
  const dir = mkdtempSync(join(tmpdir(), 'apple-pay-pg-'));
  const data = join(dir, 'data');
  if (isRoot) {
    const [uid, gid] = ['-u', '-g'].map((flag) =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' })),
    );
    chownSync(dir, uid, gid);
  }
  execFileSync(
    ...asPostgres(bin, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'], {
      stdio: 'ignore',
    }),
  );
  const port = await freePort();
  const settings = [
    `port=${port}`,
    'listen_addresses=127.0.0.1',
    `unix_socket_directories=${dir}`,
    'max_connections=100',
    ...(durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
  ].flatMap((setting) => ['-c', setting]);
  const server = spawn(
    ...asPostgres(bin, 'postgres', ['-D', data, ...settings], {
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  let log = '';
  server.stderr?.setEncoding('utf8').on('data', (text) => (log += text));
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const { default: pg } = await import('pg');
  for (let tries = 0; ; tries++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (tries > 100 || server.exitCode !== null)
        throw new Error(`PostgreSQL did not start: ${error.message}\n${log}`, { cause: error });
      await sleep(100);
    }
  }
  return {
    url,
    port,
    async stop() {
      if (server.exitCode === null) {
        // A fast shutdown, signalled to postgres itself (runuser does not hand signals on).
        const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
        process.kill(pid, 'SIGINT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (
  import.meta.url === pathToFileURL(process.argv[1] ?? '').href &&
  process.argv[2] === 'install'
) {
  try {
    ensurePostgres();
  } catch (error) {
    console.error(
      `Could not install PostgreSQL: ${error.message}. Install Debian’s postgresql yourself.`,
    );
    process.exit(1);
  }
}
