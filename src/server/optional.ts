// The server's optional peer dependencies, loaded when first needed: a merchant who uses only the element
// installs neither, and one who forgot one is told what to install instead of reading a stack trace.

/** Raised when an optional peer dependency is not installed; its message says what to install. */
export class MissingDependencyError extends Error {
  override name = 'MissingDependencyError';
  constructor(
    readonly packageName: string,
    purpose: string,
  ) {
    super(
      `apple-pay-session-button/server needs ${packageName} ${purpose}: npm install ${packageName}`,
    );
  }
}

const isNotFound = (error: unknown, name: string) => {
  const { code, message } = error as NodeJS.ErrnoException;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    String(message).includes(`'${name}'`)
  );
};

/** Imports `name` (its default export for a CommonJS package), or throws MissingDependencyError. */
export async function loadOptional<T>(name: string, purpose: string): Promise<T> {
  try {
    const module = (await import(name)) as { default?: T };
    return (module.default ?? module) as T;
  } catch (error) {
    if (isNotFound(error, name)) throw new MissingDependencyError(name, purpose);
    throw error;
  }
}
