import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

/** initdb and the server's start take a second or two; on a loaded 2-core machine, more. */
const START_TIMEOUT_MS = 60_000;

export interface PostgresForTests {
  server(): EmbeddedPostgres;
  /** A new, empty database (about a second to create): for what a schema cannot show, such as database settings. */
  newDatabase(): Promise<string>;
  /**
   * A connection string whose search_path is a new, empty schema of the file's database: a fresh
   * event store in a few milliseconds, where a new database takes about a second.
   */
  newSchema(): Promise<string>;
}

/**
 * One PostgreSQL server and one database for the test file that calls this (jest runs each file in
 * its own module registry: a server per file, so at most one per worker at a time), started before
 * its tests and stopped after them.
 */
export const useEmbeddedPostgres = (): PostgresForTests => {
  let server: EmbeddedPostgres | undefined;
  let database = '';
  let schemas = 0;
  beforeAll(async () => {
    server = await startEmbeddedPostgres();
    database = await server.createDatabase();
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
  });
  const started = (): EmbeddedPostgres => {
    if (!server) throw new Error('the embedded PostgreSQL server is not started (use it inside a test or a hook)');
    return server;
  };
  return {
    server: started,
    newDatabase: () => started().createDatabase(),
    newSchema: async () => {
      const schema = `log_${++schemas}`;
      // A connection of its own each time: a test may restart the server in between.
      const admin = new Client({ connectionString: database });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA ${schema}`);
      } finally {
        await admin.end();
      }
      return `${database}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    },
  };
};
