import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

/** initdb and the server's start take a second or two; on a loaded 2-core machine, more. */
const START_TIMEOUT_MS = 60_000;

/**
 * One PostgreSQL server for the test file that calls this (jest runs each file in its own module
 * registry, so a server per file is a server per worker at a time), started before its tests and
 * stopped after them; each `newDatabase()` is an empty database of its own on it.
 */
export const useEmbeddedPostgres = (): { server: () => EmbeddedPostgres; newDatabase: () => Promise<string> } => {
  let server: EmbeddedPostgres | undefined;
  beforeAll(async () => {
    server = await startEmbeddedPostgres();
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
  });
  const started = (): EmbeddedPostgres => {
    if (!server) throw new Error('the embedded PostgreSQL server is not started (use it inside a test or a hook)');
    return server;
  };
  return { server: started, newDatabase: () => started().createDatabase() };
};
