// `npm run release:dry`: what a release would publish, without publishing anything. Packs the package as
// `npm publish` would (prepack builds dist/), then prints the tarball's contents, the script-tag file's
// Subresource Integrity hash and the versioned CDN URLs to paste, and the commands that publish exactly this
// tarball. Fails when CHANGELOG.md has no section for the version.
//
//   node scripts/release.js [package.tgz]   (a tarball already packed, instead of packing again)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT_TAG_FILE = 'dist/apple-pay-session-button.iife.js';

const tarball = process.argv[2]
  ? resolve(process.argv[2])
  : (() => {
      const destination = mkdtempSync(join(tmpdir(), 'apple-pay-session-button-release-'));
      // The build (prepack) shows its output; the tarball is then the one file in the destination.
      execFileSync('npm', ['pack', '--pack-destination', destination], {
        cwd: root,
        stdio: ['ignore', process.stderr, process.stderr],
      });
      return join(destination, readdirSync(destination)[0]);
    })();

/** One file of the tarball, byte for byte (npm puts everything under `package/`). */
const fromTarball = (path) =>
  execFileSync('tar', ['-xzOf', tarball, `package/${path}`], { maxBuffer: 64 * 1024 * 1024 });

const pkg = JSON.parse(fromTarball('package.json').toString('utf8'));
// npm's own account of the tarball: its files, and the integrity the registry will list.
const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', tarball], {
    cwd: dirname(tarball),
    encoding: 'utf8',
  }),
);

const bundle = fromTarball(SCRIPT_TAG_FILE);
const integrity = `sha384-${createHash('sha384').update(bundle).digest('base64')}`;
const cdn = {
  jsDelivr: `https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}/${SCRIPT_TAG_FILE}`,
  unpkg: `https://unpkg.com/${pkg.name}@${pkg.version}/${SCRIPT_TAG_FILE}`,
};
const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
const inChangelog = changelog.includes(`## [${pkg.version}]`);

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
console.log(`${pkg.name}@${pkg.version}`);
console.log(`tarball: ${tarball} (${kB(packed.size)}, unpacked ${kB(packed.unpackedSize)})`);
console.log(`  integrity: ${packed.integrity}`);
console.log(`\ncontents (${packed.files.length} files):`);
for (const { size, path } of packed.files) console.log(`  ${kB(size).padStart(9)}  ${path}`);
console.log(`\n${SCRIPT_TAG_FILE}`);
console.log(`  integrity: ${integrity}`);
for (const [name, url] of Object.entries(cdn)) console.log(`  ${name}: ${url}`);
console.log(`\nscript tag to paste:`);
console.log(`  <script src="${cdn.jsDelivr}"`);
console.log(`          integrity="${integrity}" crossorigin="anonymous"></script>`);
console.log(`\nto publish this tarball:`);
console.log(`  git tag v${pkg.version} && git push origin v${pkg.version}`);
console.log(`  npm publish ${tarball}`);
if (!inChangelog) {
  console.error(
    `\nCHANGELOG.md has no "## [${pkg.version}]" section: move what "## [Unreleased]" lists under it, with the date, before releasing.`,
  );
  process.exitCode = 1;
}
