// Docs that run (docs/docs-that-run.md): every fenced code block of the README, docs/ and the examples' READMEs
// has a checker, and passes it. `npm run check:types` type-checks the TypeScript, TSX, Vue, Svelte and the pages'
// JavaScript in fresh consumer projects; this test parses every block, checks that shell commands name real
// scripts, bins and files, that a fragment names the file it belongs to, that every example of the element sets
// what it needs to show, and that a section showing the element also takes the payment.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { parseFragment } from 'parse5';
import { parse as parseSvelte } from 'svelte/compiler';
import ts from 'typescript';
import { parse as parseVue } from 'vue/compiler-sfc';
import { describe, expect, it } from 'vitest';
import {
  allCodeBlocks,
  codeBlocks,
  docPages,
  importsOf,
  inRepository,
  QUICKSTART_READERS,
  repo,
  typeCheckTarget,
  type CodeBlock,
} from '../../scripts/docs-blocks.js';
import pkg from '../../package.json' with { type: 'json' };

const blocks = allCodeBlocks();
/** Languages with a checker here; `text` is prose in a box, checked by nobody. An unnamed fence has none. */
const CHECKED = ['ts', 'tsx', 'js', 'vue', 'svelte', 'html', 'sh', 'json', 'http', 'text'];

/** The syntax errors TypeScript's parser finds in a script (TS, TSX or JS). */
function syntaxErrors(code: string, kind: ts.ScriptKind): string[] {
  const file = ts.createSourceFile('block', code, ts.ScriptTarget.Latest, true, kind);
  const found = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  return found.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The HTML parser's errors (a self-closed custom element, an unclosed attribute…) and inline scripts' ones. */
function htmlErrors(code: string): string[] {
  const errors: string[] = [];
  const fragment = parseFragment(code, {
    sourceCodeLocationInfo: true,
    onParseError: (error) => errors.push(`${error.code} at line ${error.startLine}`),
  });
  const scripts: string[] = [];
  const visit = (node: {
    nodeName: string;
    childNodes?: unknown[];
    attrs?: { name: string }[];
  }) => {
    if (node.nodeName === 'script' && !node.attrs?.some((a) => a.name === 'src')) {
      const text = (node.childNodes ?? []) as { value?: string }[];
      scripts.push(text.map((t) => t.value ?? '').join(''));
    }
    for (const child of (node.childNodes ?? []) as Parameters<typeof visit>[0][]) visit(child);
  };
  visit(fragment as unknown as Parameters<typeof visit>[0]);
  for (const script of scripts) errors.push(...syntaxErrors(script, ts.ScriptKind.JS));
  return errors;
}

/** The commands of a shell block, one per simple command, with `cd` noted (paths after it are not ours). */
function shellCommands(code: string): string[][] {
  const logical = code.replace(/\\\n/g, ' ').split('\n');
  return logical
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean)
    .flatMap((line) => line.split(/&&|\|\||;|\|/))
    .map((command) => command.trim().split(/\s+/))
    .map((words) => words.slice(words.findIndex((word) => !/^[A-Z_][A-Z0-9_]*=/.test(word))))
    .filter((words) => words.length && words[0]);
}

const NPM_COMMANDS = new Set([
  ...['install', 'i', 'ci', 'pack', 'publish', 'view', 'ls'],
  ...['init', 'pkg', 'create'], // the quick start's new app
]);
const OTHER_PROGRAMS = new Set(['cd', 'git', 'openssl', 'curl', 'export', 'echo', 'mkdir', 'cp']);

/** Why a shell block names something that does not exist, if it does. */
function shellProblems(code: string): string[] {
  const problems: string[] = [];
  const scripts = Object.keys(pkg.scripts);
  const bins = Object.keys(pkg.bin);
  let changedDirectory = false;
  for (const [program, ...args] of shellCommands(code)) {
    if (program === 'cd') changedDirectory = true;
    if (program === 'npm') {
      const [command, script] = args;
      if (command === 'run' || command === 'run-script') {
        if (!scripts.includes(script!)) problems.push(`npm run ${script}: no such script`);
      } else if (command === 'start' || command === 'test') {
        if (!scripts.includes(command)) problems.push(`npm ${command}: no such script`);
      } else if (!NPM_COMMANDS.has(command!)) {
        problems.push(`npm ${command}: not an npm command these docs use`);
      }
    } else if (program === 'npx') {
      const bin = args.find((arg) => !arg.startsWith('-'))!;
      if (!bins.includes(bin) && !existsSync(join(repo, 'node_modules/.bin', bin)))
        problems.push(`npx ${bin}: neither a bin of this package nor of its dev dependencies`);
    } else if (program === 'node') {
      const file = args.find((arg) => !arg.startsWith('-'));
      if (file && !changedDirectory && !inRepository(file))
        problems.push(`node ${file}: no such file`);
    } else if (!OTHER_PROGRAMS.has(program!)) {
      problems.push(`${program}: a program these docs do not expect`);
    }
  }
  return problems;
}

/**
 * Each `<apple-pay-session-button …>` tag of a block, as its attribute names in kebab case (`:amount`,
 * `amount={total}`, Svelte's `{session}` and `displayName=` all count), whatever the markup language.
 */
function elementTags(code: string): string[][] {
  const tags: string[][] = [];
  for (const start of code.matchAll(/<apple-pay-session-button\b/g)) {
    let flat = ' ';
    let depth = 0;
    let quote = '';
    for (let i = start.index + start[0].length; i < code.length; i++) {
      const char = code[i]!;
      if (quote) {
        if (char === quote) quote = '';
      } else if (depth) {
        if (char === '{') depth++;
        if (char === '}') depth--;
        if (!depth) flat += '"}';
      } else if (char === '"' || char === "'") {
        quote = char;
      } else if (char === '{') {
        // A brace where an attribute starts is Svelte's shorthand: its name is the attribute.
        if (/\s$/.test(flat)) flat += /^\{\s*(\w+)\s*\}/.exec(code.slice(i))?.[1] ?? '';
        flat += '{';
        depth = 1;
      } else if (char === '>') {
        break;
      } else {
        flat += char;
      }
    }
    tags.push(
      [...flat.matchAll(/\s(?:v-bind:|[:@.?])?([A-Za-z][\w:-]*)/g)].map(([, name]) =>
        name!.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`),
      ),
    );
  }
  return tags;
}
/** The element's tags in a block of markup or TSX, comments left out (a comment may name the tag). */
const elementTagsOf = (block: CodeBlock) =>
  ['html', 'vue', 'svelte', 'tsx'].includes(block.lang)
    ? elementTags(
        block.code
          .replace(/<!--[\s\S]*?-->/g, '')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/(^|[^:])\/\/.*$/gm, '$1'),
      )
    : [];
/** What an element needs before it can show (the contract's configuration errors and required name). */
const REQUIRED = ['display-name', 'country-code', 'currency-code', 'amount'];
const TAKES_PAYMENT = /apple-pay-authorized/;

describe('docs that run: the code blocks', () => {
  it('are found on every page, and each has a checker', () => {
    expect(docPages()).toEqual(expect.arrayContaining(['README.md', 'docs/testing.md']));
    expect(blocks.length).toBeGreaterThanOrEqual(20);
    expect(blocks.filter((b) => !CHECKED.includes(b.lang)).map((b) => `${b.id} ${b.lang}`)).toEqual(
      [],
    );
  });

  it('are type-checked by check:types whenever they are TypeScript, TSX, Vue, Svelte or a page’s script', () => {
    const typed = blocks.filter((b) => typeCheckTarget(b));
    expect(typed.length).toBeGreaterThanOrEqual(8);
    // Nothing in those languages slips past the type check unless it says why (a fragment of a named file)…
    const untyped = blocks.filter(
      (b) =>
        !typeCheckTarget(b) && !b.fragmentOf && ['ts', 'tsx', 'vue', 'svelte'].includes(b.lang),
    );
    expect(untyped.map((b) => b.id)).toEqual([]);
    // … or is an example's own README, whose code runs beside that example's files.
    const pagesJs = blocks.filter((b) => b.lang === 'js' && !b.fragmentOf && !typeCheckTarget(b));
    expect(pagesJs.every((b) => b.page.startsWith('examples/'))).toBe(true);
  });

  it('finds a fragment marker and the block it belongs to', () => {
    const page = [
      '## Charging',
      '',
      '<!-- fragment: of examples/server/server.js, the charge route -->',
      '',
      '```js',
      'await charge(token);',
      '```',
      '',
      '```ts',
      'export const whole = 1;',
      '```',
    ].join('\n');
    const [marked, whole] = codeBlocks('docs/example.md', page);
    expect(marked).toMatchObject({
      id: 'docs/example.md:6',
      lang: 'js',
      code: 'await charge(token);',
      fragmentOf: 'examples/server/server.js',
      heading: 'Charging',
    });
    expect(typeCheckTarget(marked!)).toBeUndefined();
    expect(whole!.fragmentOf).toBeUndefined();
    expect(typeCheckTarget(whole!)).toBe('ts');
  });

  it.each(blocks.map((block) => [block.id, block] as const))('%s', (_, block: CodeBlock) => {
    const problems: string[] = [];
    if (block.fragmentOf && !inRepository(block.fragmentOf))
      problems.push(`a fragment of ${block.fragmentOf}, which does not exist`);
    switch (block.lang) {
      case 'ts':
      case 'tsx':
      case 'js': {
        const kind = { ts: ts.ScriptKind.TS, tsx: ts.ScriptKind.TSX, js: ts.ScriptKind.JS }[
          block.lang
        ];
        problems.push(...syntaxErrors(block.code, kind));
        // The examples' READMEs import the example's own files: they must be there.
        for (const specifier of importsOf(block.code).filter((s) => s.startsWith('.'))) {
          const target = posix.join(dirname(block.page), specifier);
          if (!inRepository(target)) problems.push(`imports ${specifier}: no such file`);
        }
        break;
      }
      case 'vue': {
        const { descriptor, errors } = parseVue(block.code);
        problems.push(...errors.map((error) => String(error)));
        const script = descriptor.scriptSetup ?? descriptor.script;
        if (script) problems.push(...syntaxErrors(script.content, ts.ScriptKind.TS));
        break;
      }
      case 'svelte':
        try {
          parseSvelte(block.code, { modern: true });
        } catch (error) {
          problems.push(String(error));
        }
        break;
      case 'html':
        problems.push(...htmlErrors(block.code));
        break;
      case 'sh':
        problems.push(...shellProblems(block.code));
        break;
      case 'json':
      case 'http': {
        // An HTTP request: its request line, then its JSON body if it has one.
        const [requestLine, ...body] =
          block.lang === 'http' ? block.code.split('\n') : ['', block.code];
        if (block.lang === 'http' && !/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/.test(requestLine!))
          problems.push(`not a request line: ${requestLine}`);
        try {
          if (body.join('').trim()) JSON.parse(body.join('\n'));
        } catch (error) {
          problems.push(String(error));
        }
        break;
      }
    }
    if (!block.fragmentOf) {
      for (const attributes of elementTagsOf(block)) {
        const missing = REQUIRED.filter((name) => !attributes.includes(name));
        if (missing.length)
          problems.push(`<apple-pay-session-button> without ${missing.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(docPages())(
    '%s: a section that shows the element also takes the payment (apple-pay-authorized)',
    (page) => {
      const sections = new Map<string, CodeBlock[]>();
      for (const block of codeBlocks(page))
        sections.set(block.heading, [...(sections.get(block.heading) ?? []), block]);
      const unpaid = [...sections].filter(
        ([, inSection]) =>
          inSection.some((b) => !b.fragmentOf && elementTagsOf(b).length) &&
          !inSection.some((b) => TAKES_PAYMENT.test(b.code)),
      );
      expect(unpaid.map(([heading]) => heading)).toEqual([]);
    },
  );
});

describe('the quick start (docs/quickstart.md): every block a step that test/e2e/quickstart.e2e.test.ts follows', () => {
  const QUICKSTART = 'docs/quickstart.md';
  const steps = codeBlocks(QUICKSTART);

  it('finds a quickstart marker, its reader, its file and why a step is skipped', () => {
    const page = [
      '<!-- quickstart: run -->',
      '```sh',
      'npm install x',
      '```',
      '<!-- quickstart react: file src/App.tsx -->',
      '```tsx',
      'export {};',
      '```',
      '<!-- quickstart: skip — needs a Connect account -->',
      '```sh',
      'npx y',
      '```',
    ].join('\n');
    expect(codeBlocks('docs/quickstart.md', page).map((b) => b.quickstart)).toEqual([
      { action: 'run' },
      { action: 'file', reader: 'react', path: 'src/App.tsx' },
      { action: 'skip', reason: 'needs a Connect account' },
    ]);
  });

  it('marks every block of the page as a step, and no block of another page', () => {
    expect(steps.filter((b) => !b.quickstart).map((b) => b.id)).toEqual([]);
    expect(blocks.filter((b) => b.quickstart && b.page !== QUICKSTART).map((b) => b.id)).toEqual(
      [],
    );
  });

  it.each(steps.map((block) => [block.id, block] as const))(
    '%s is a step the test can follow',
    (_, block: CodeBlock) => {
      const step = block.quickstart!;
      const problems: string[] = [];
      if (step.reader && !QUICKSTART_READERS.includes(step.reader))
        problems.push(`no such reader: ${step.reader}`);
      if ((step.action === 'run' || step.action === 'start') && block.lang !== 'sh')
        problems.push(`a ${step.action} step must be sh, not ${block.lang}`);
      if (step.action === 'start' && shellCommands(block.code).length !== 1)
        problems.push('a start step is one program');
      if (step.action === 'file') {
        if (block.lang === 'sh') problems.push('a file step is not a shell block');
        if (!step.path || step.path.startsWith('/') || step.path.split('/').includes('..'))
          problems.push(`a file step names a path inside the app, not ${step.path}`);
      }
      if (step.action === 'skip' && !step.reason) problems.push('a skipped step says why');
      expect(problems).toEqual([]);
    },
  );

  it('gives the test a whole path to follow: the install, three programs and the page', () => {
    const followed = steps.filter(
      (b) =>
        b.quickstart!.action !== 'skip' &&
        (!b.quickstart!.reader || b.quickstart!.reader === 'script-tag'),
    );
    expect(followed.filter((b) => b.quickstart!.action === 'start')).toHaveLength(3);
    expect(followed.map((b) => b.quickstart!.path).filter(Boolean)).toEqual(
      expect.arrayContaining(['orders.json', 'index.html']),
    );
    // Each reader gets its page and its Vite config.
    for (const reader of ['react', 'vue'])
      expect(
        steps.filter((b) => b.quickstart!.reader === reader && b.quickstart!.action === 'file'),
      ).toHaveLength(2);
  });
});

describe('the checkers themselves', () => {
  it('catch what they are for', () => {
    expect(syntaxErrors('const a = ;', ts.ScriptKind.JS)).not.toEqual([]);
    expect(htmlErrors('<apple-pay-session-button amount="1" />')).toEqual([
      'non-void-html-element-start-tag-with-trailing-solidus at line 1',
    ]);
    expect(shellProblems('npm install && npm run dev')).toEqual(['npm run dev: no such script']);
    expect(shellProblems('npx apple-pay-session-button-emulator --port 0')).toEqual([]);
    expect(shellProblems('npx apple-pay-sesion-button-emulator')).toHaveLength(1);
    expect(shellProblems('A=1 B=2 \\\n node examples/nowhere.js')).toEqual([
      'node examples/nowhere.js: no such file',
    ]);
    expect(
      elementTags(`<apple-pay-session-button {session} :amount="total" display-name="S"
        onapple-pay-authorized={(e) => e.detail.complete(pay(e))} countryCode="NL" />`),
    ).toEqual([['session', 'amount', 'display-name', 'onapple-pay-authorized', 'country-code']]);
  });
});

describe('the README', () => {
  it('is at most 230 lines: the reference lives in docs/', () => {
    const lines = readFileSync(join(repo, 'README.md'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(230);
  });
});
