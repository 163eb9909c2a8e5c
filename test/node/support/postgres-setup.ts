// The node project's global set-up: one private PostgreSQL (scripts/postgres.js) for every test file, its URL
// handed to them as `inject('databaseUrl')`, stopped and deleted when the run ends.
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../../../scripts/postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const postgres = await startPostgres();
  project.provide('databaseUrl', postgres.url);
  return () => postgres.stop();
}
