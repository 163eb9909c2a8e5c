// Everything written to the console during a test, so tests can prove nothing secret was logged.
export const consoleRecord: string[] = [];

export function recordConsole(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      consoleRecord.push(
        args
          .map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : String(arg)))
          .join(' '),
      );
      original(...args);
    };
  }
}
