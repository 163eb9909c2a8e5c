// The published types as a first-day user meets them: fresh projects outside the repository install the packed
// tarball and type-check with `skipLibCheck: false` — plain TypeScript and React 19 TSX on TypeScript 5.9, 6 and
// 7, Vue 3 with vue-tsc, Svelte 5 with svelte-check. A project must give exactly the errors its files' `must fail
// (TSnnnn)` comments announce, and none elsewhere (see test/types/README.md).
//
//   node scripts/check-framework-types.js [package.tgz]   (default: `npm pack` of this repository's built dist/)
//
// Only the tarball is installed (from npm's cache where it can be); the compilers and framework types are this
// repository's own, linked in, so the check costs seconds, not an install per framework.
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(repo, 'node_modules');
const fixtures = join(repo, 'test/types');

/** The compilers a user may have: devDependencies of this repository (`typescript-5.9`, `typescript-7` aliases). */
const compilers = ['typescript-5.9', 'typescript', 'typescript-7'].map((name) => ({
  bin: join(modules, name, 'bin/tsc'),
  version: JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')).version,
}));
/** What each framework's project has installed besides the package (linked from this repository). */
const frameworkPackages = ['@types/react', 'vue', 'svelte'];

// Slowest first, so that the two lanes below finish together.
const checks = [
  {
    name: `Vue 3, vue-tsc (TypeScript ${compilers[1].version})`,
    project: 'vue',
    args: [join(modules, 'vue-tsc/bin/vue-tsc.js'), '-p', 'tsconfig.json', '--pretty', 'false'],
  },
  {
    name: `Svelte 5, svelte-check (TypeScript ${compilers[1].version})`,
    project: 'svelte',
    args: [
      join(modules, 'svelte-check/bin/svelte-check'),
      ...['--workspace', '.', '--tsconfig', './tsconfig.json', '--output', 'machine-verbose'],
    ],
  },
  ...compilers.map((compiler) => ({
    name: `plain TS and React 19 TSX, TypeScript ${compiler.version}`,
    project: 'ts',
    args: [compiler.bin, '-p', 'tsconfig.json', '--pretty', 'false'],
  })),
];

/** `file(line,col): error TS2322: …` (tsc, vue-tsc) or svelte-check's JSON lines, as {file, line, code, text}. */
function diagnostics(output) {
  const found = [];
  for (const text of output.split('\n')) {
    const tsc = /^(.+?)\((\d+),\d+\): error (TS\d+): /.exec(text);
    if (tsc) found.push({ file: tsc[1], line: Number(tsc[2]), code: tsc[3], text });
    const svelte = /^\d+ (\{.*\})$/.exec(text);
    const entry = svelte && JSON.parse(svelte[1]);
    if (entry?.type === 'ERROR') {
      // svelte-check counts lines from 0.
      found.push({
        file: entry.filename,
        line: entry.start.line + 1,
        code: `TS${entry.code}`,
        text,
      });
    }
  }
  return found;
}

/** The errors a project's files announce: the line after each `must fail (TSnnnn)` comment. */
function expectedErrors(project) {
  return readdirSync(project).flatMap((file) =>
    readFileSync(join(project, file), 'utf8')
      .split('\n')
      .flatMap((text, index) => {
        const marker = /must fail \((TS\d+)\)/.exec(text);
        return marker ? [{ file, line: index + 2, code: marker[1] }] : [];
      }),
  );
}

const run = (args, cwd) =>
  new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (status) => done({ status, output }));
  });

async function check({ name, project, args }, app) {
  const cwd = join(app, project);
  const started = performance.now();
  const { output } = await run(args, cwd);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const expected = expectedErrors(cwd);
  const found = diagnostics(output);
  const matches = (error, want) =>
    basename(error.file) === want.file && error.line === want.line && error.code === want.code;
  const unexpected = found.filter((error) => !expected.some((want) => matches(error, want)));
  const missing = expected.filter((want) => !found.some((error) => matches(error, want)));
  const ok = unexpected.length === 0 && missing.length === 0;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${name}: no other error, ${expected.length - missing.length}/${expected.length} misuses fail (${seconds} s)`,
  );
  if (!ok) {
    for (const error of unexpected) console.log(`     unexpected: ${error.text}`);
    for (const want of missing) console.log(`     missing: ${want.file}:${want.line} ${want.code}`);
    if (!found.length) console.log(output);
  }
  return ok;
}

const work = mkdtempSync(join(tmpdir(), 'apple-pay-session-button-consumers-'));
try {
  let tarball = process.argv[2] && resolve(process.argv[2]);
  if (!tarball) {
    if (!existsSync(join(repo, 'dist/index.d.ts'))) {
      throw new Error('No dist/: run `npm run build` first, or pass a packed .tgz.');
    }
    // dist/ is fresh (npm test builds first), so the pack skips prepack's second build.
    const [pack] = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
        cwd: repo,
        encoding: 'utf8',
      }),
    );
    tarball = join(work, pack.filename);
  }

  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  execFileSync(
    'npm',
    [
      'install',
      tarball,
      ...['--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    ],
    { cwd: app, stdio: 'inherit' },
  );
  // Linked after the install, which would otherwise prune them as extraneous.
  for (const name of frameworkPackages) {
    mkdirSync(join(app, 'node_modules', name, '..'), { recursive: true });
    symlinkSync(join(modules, name), join(app, 'node_modules', name), 'dir');
  }
  for (const project of ['ts', 'vue', 'svelte']) {
    cpSync(join(fixtures, project), join(app, project), { recursive: true });
  }

  // Two at a time: the machine's cores, without one slow compiler holding up the rest.
  const results = [];
  const queue = [...checks];
  await Promise.all(
    [0, 1].map(async () => {
      for (let next = queue.shift(); next; next = queue.shift())
        results.push(await check(next, app));
    }),
  );
  if (results.includes(false)) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
