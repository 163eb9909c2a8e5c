// Type-checks many small consumer projects, each one alone, in a single process with a TypeScript compiler's API:
// what `tsc -p` would report in each of them for the files of one package, at a fraction of the cost of one
// compiler per project (TypeScript before 7 parses lib.dom.d.ts, React's types… once here, not once per project).
// Each project is still its own program: a file that uses a global type it does not reference fails, even if
// another project's program would have loaded it. Used by scripts/check-framework-types.js.
//
//   node scripts/check-alone.js <typescript module> <package name> <tsconfig.json>…
//
// Prints `file(line,col): error TSnnnn: message` as tsc does, and exits 1 when there is any.
import { createRequire } from 'node:module';
import { relative } from 'node:path';

const [compiler, packageName, ...projects] = process.argv.slice(2);
const ts = createRequire(import.meta.url)(compiler);

/** Parsed source files, shared by every program: a file's syntax tree and bindings do not depend on the program. */
const parsed = new Map();
let errors = 0;
for (const project of projects) {
  const config = ts.getParsedCommandLineOfConfigFile(project, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  const host = ts.createCompilerHost(config.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (!parsed.has(key)) parsed.set(key, read(fileName, languageVersion, ...rest));
    return parsed.get(key);
  };
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
  // The project's own files and the package's declarations: other libraries' types are theirs to check.
  const checked = program
    .getSourceFiles()
    .filter(
      (file) =>
        config.fileNames.includes(file.fileName) ||
        file.fileName.includes(`/node_modules/${packageName}/`),
    );
  const diagnostics = [
    ...config.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...checked.flatMap((file) => [
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    ]),
  ];
  for (const diagnostic of diagnostics) {
    errors++;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file) {
      console.log(`${project}: error TS${diagnostic.code}: ${message}`);
      continue;
    }
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const file = relative(process.cwd(), diagnostic.file.fileName);
    console.log(`${file}(${line + 1},${character + 1}): error TS${diagnostic.code}: ${message}`);
  }
}
process.exitCode = errors ? 1 : 0;
