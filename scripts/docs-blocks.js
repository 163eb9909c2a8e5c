// The fenced code blocks of the README, docs/ and the examples' READMEs, and what checks each (docs/docs-that-run.md):
// `npm run check:types` type-checks the TypeScript, TSX, Vue, Svelte and the pages' JavaScript in fresh consumer
// projects against the packed tarball; test/node/docs-that-run.test.ts parses the rest, checks shell commands
// and fragments, and that every block has a checker.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The pages whose code blocks are checked, as repository paths. */
export function docPages() {
  const docs = readdirSync(join(repo, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  const examples = readdirSync(join(repo, 'examples'), { recursive: true, encoding: 'utf8' })
    .filter((name) => posix.basename(name) === 'README.md')
    .map((name) => `examples/${name}`);
  return ['README.md', ...docs.sort(), ...examples.sort()];
}

/**
 * A block marked as part of a larger file, by an HTML comment on the line before its fence (blank lines between
 * are allowed): `<!-- fragment: of examples/server/server.js -->`. The path is from the repository's root.
 */
const FRAGMENT = /^<!--\s*fragment:\s*of\s+(\S+?)\s*(?:[,;(].*)?-->$/;

/**
 * A step of docs/quickstart.md, marked the same way (docs/docs-that-run.md, "The quick start"):
 * `<!-- quickstart: run -->` (shell commands, run in order in one working directory that `cd` moves),
 * `<!-- quickstart: start -->` (a program that keeps running, started in the background: its own terminal),
 * `<!-- quickstart: file public/checkout.js -->` (the block is that file of the reader's app) and
 * `<!-- quickstart: skip — why -->`. A reader's name after `quickstart` (`script-tag`, `react`, `vue`) makes the step
 * that reader's only; test/e2e/quickstart.e2e.test.ts follows the steps of every reader and of `script-tag`.
 */
const QUICKSTART =
  /^<!--\s*quickstart(?:\s+([\w-]+))?\s*:\s*(run|start|file|skip)\b\s*(?:[—–-]\s*)?(.*?)\s*-->$/;
export const QUICKSTART_READERS = ['script-tag', 'react', 'vue'];

/**
 * @typedef {{
 *   page: string, line: number, lang: string, code: string, heading: string,
 *   fragmentOf?: string, quickstart?: QuickstartStep, id: string,
 * }} CodeBlock `line`: the page's line of the block's first line of code (1-based); `heading`: the section's.
 */
/**
 * @typedef {{ action: 'run' | 'start' | 'file' | 'skip', reader?: string, path?: string, reason?: string }}
 *   QuickstartStep `path`: a file step's path in the reader's app; `reason`: why a step is skipped.
 */

/** @returns {CodeBlock[]} the page's fenced blocks, in order (`text`: the page's Markdown, if not read from it) */
export function codeBlocks(page, text = readFileSync(join(repo, page), 'utf8')) {
  const lines = text.split('\n');
  const blocks = [];
  let heading = '';
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index];
    if (/^#{1,6} /.test(text)) heading = text.replace(/^#+ /, '');
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (!fence) continue;
    const [, indent, marks, lang] = fence;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !lines[end].trimStart().startsWith(marks)) end++;
    let before = index - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const marker = before >= 0 ? FRAGMENT.exec(lines[before].trim()) : null;
    const step = before >= 0 ? QUICKSTART.exec(lines[before].trim()) : null;
    blocks.push({
      page,
      line: start + 1,
      lang: lang.toLowerCase(),
      code: lines
        .slice(start, end)
        .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
        .join('\n'),
      heading,
      ...(marker ? { fragmentOf: marker[1] } : {}),
      ...(step ? { quickstart: quickstartStep(step) } : {}),
      id: `${page}:${start + 1}`,
    });
    index = end;
  }
  return blocks;
}

/** A quickstart marker's parts, as a step. */
function quickstartStep([, reader, action, rest]) {
  return {
    action,
    ...(reader ? { reader } : {}),
    ...(action === 'file' ? { path: rest.split(/\s+/)[0] } : {}),
    ...(action === 'skip' && rest ? { reason: rest } : {}),
  };
}

/** Every block of every checked page. */
export const allCodeBlocks = () => docPages().flatMap((page) => codeBlocks(page));

/** Module specifiers a block imports (static imports, `import type`, side-effect imports, `import()`). */
export const importsOf = (code) =>
  [
    ...code.matchAll(
      /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((match) => match[1] ?? match[2] ?? match[3]);

/** What a Node program imports: Node's modules, the package's Node entries, Node-only libraries (Vite's config). */
const NODE_ONLY =
  /^(node:|@playwright\/test$|connect-sdk-nodejs$|express$|vite$|@vitejs\/)|\/(node|server)$/;

/**
 * Where `npm run check:types` type-checks a block: `ts` (a browser app: TS and TSX), `node` (a Node program or
 * test: TS), `js` (a page's JavaScript, checked as JavaScript), `vue`, `svelte`; undefined for blocks that are not
 * type-checked (fragments, HTML, shell, the examples' READMEs, whose code runs beside the example's own files).
 */
export function typeCheckTarget(block) {
  if (block.fragmentOf) return undefined;
  const node = importsOf(block.code).some((specifier) => NODE_ONLY.test(specifier));
  switch (block.lang) {
    case 'ts':
    case 'tsx':
      return node ? 'node' : 'ts';
    case 'vue':
    case 'svelte':
      return block.lang;
    case 'js':
      return block.page.startsWith('examples/') ? undefined : node ? 'node' : 'js';
    default:
      return undefined;
  }
}

/** The file name a block gets in its consumer project (its page and line, readable in compiler output). */
export function blockFileName(block) {
  const extension = { ts: 'ts', tsx: 'tsx', js: 'js', vue: 'vue', svelte: 'svelte' }[block.lang];
  const name = `${block.page.replace(/\.md$/, '').replace(/[^\w]+/g, '_')}_L${block.line}`;
  // Svelte and Vue components are named like components.
  return block.lang === 'vue' || block.lang === 'svelte'
    ? `Doc_${name}.${extension}`
    : `doc_${name}.${extension}`;
}

/** Does the repository hold this path (a file or a folder)? */
export const inRepository = (path) => existsSync(join(repo, path));
