// Fresh consumer projects outside the repository, as a first-day user has them: the packed tarball installed once
// (from npm's cache where it can be), the compilers and framework or Node packages this repository already has
// linked in, and a compiler run whose errors are compared with what the project's files announce.
// Used by scripts/check-framework-types.js (`npm run check:types`).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
export const modules = join(repo, 'node_modules');
export const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));

/** The compilers a user may have: devDependencies of this repository (`typescript-5.9`, `typescript-7` aliases). */
export const compilers = ['typescript-5.9', 'typescript', 'typescript-7'].map((name) => ({
  name,
  bin: join(modules, name, 'bin/tsc'),
  version: JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')).version,
}));

/** `npm pack` of the built dist/ into `work` (npm test builds first, so the pack skips prepack's second build). */
export function packTarball(work) {
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: repo,
      encoding: 'utf8',
    }),
  );
  return join(work, pack.filename);
}

/** An app folder with the tarball installed, as `npm install <tarball>` leaves it. */
export function installApp(app, tarball) {
  mkdirSync(app, { recursive: true });
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
}

/** A second app with the same install (copied: no second `npm install`), for another kind of project. */
export function copyApp(from, to) {
  cpSync(join(from, 'node_modules'), join(to, 'node_modules'), { recursive: true });
  cpSync(join(from, 'package.json'), join(to, 'package.json'));
}

/** Packages this repository has, linked into an app's node_modules (after the install, which would prune them). */
export function linkPackages(app, names) {
  for (const name of names) {
    mkdirSync(join(app, 'node_modules', name, '..'), { recursive: true });
    symlinkSync(join(modules, name), join(app, 'node_modules', name), 'dir');
  }
}

/** `file(line,col): error TS2322: …` (tsc, vue-tsc) or svelte-check's JSON lines, as {file, line, code, text}. */
export function diagnostics(output) {
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
export function expectedErrors(project) {
  return readdirSync(project, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .flatMap(({ name: file }) =>
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

/**
 * Runs one compiler over one project folder. It passes when the errors are exactly the announced ones.
 * `origin(file, line)` may name where a generated file's line came from (a page of the docs), for the report.
 * @returns {Promise<{ ok: boolean, report: string }>}
 */
export async function checkProject({ name, cwd, args, origin = () => undefined }) {
  const started = performance.now();
  const { status, output } = await run(args, cwd);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const expected = expectedErrors(cwd);
  const found = diagnostics(output);
  const matches = (error, want) =>
    basename(error.file) === want.file && error.line === want.line && error.code === want.code;
  const unexpected = found.filter((error) => !expected.some((want) => matches(error, want)));
  const missing = expected.filter((want) => !found.some((error) => matches(error, want)));
  // A compiler that fails without a diagnostic we can read (a crash, a bad tsconfig) fails the check too.
  const ok = unexpected.length === 0 && missing.length === 0 && (status === 0 || found.length > 0);
  const lines = [
    `${ok ? 'ok  ' : 'FAIL'} ${name}: no other error, ${expected.length - missing.length}/${expected.length} misuses fail (${seconds} s)`,
  ];
  if (!ok) {
    for (const error of unexpected) {
      const from = origin(basename(error.file), error.line);
      lines.push(`     unexpected: ${from ? `${from}: ` : ''}${error.text}`);
    }
    for (const want of missing) lines.push(`     missing: ${want.file}:${want.line} ${want.code}`);
    if (!found.length) lines.push(output);
  }
  return { ok, report: lines.join('\n') };
}

/** Runs the checks `lanes` at a time (the machine's cores), each report printed as it ends; true if all pass. */
export async function inLanes(checks, lanes = 2) {
  const queue = [...checks];
  const results = [];
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const result = await checkProject(next);
        console.log(result.report);
        results.push(result.ok);
      }
    }),
  );
  return !results.includes(false);
}
