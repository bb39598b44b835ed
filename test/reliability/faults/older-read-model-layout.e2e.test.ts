import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestServer, type TestServer } from '../../support/test-server';

/**
 * The fixture is a DATA_DIR the previous build (main at 3359bb8, read-model layout 3, a meeting held
 * its outcomes, participants and working groups) wrote while recording the Tabriz demo, and the
 * answers that build gave to `queries.json` over GraphQL.
 */
const FIXTURE = join(__dirname, 'fixtures', 'read-models-layout-3');
const queries = JSON.parse(readFileSync(join(FIXTURE, 'queries.json'), 'utf8')) as Record<string, string>;
const answers = JSON.parse(readFileSync(join(FIXTURE, 'answers.json'), 'utf8')) as Record<string, unknown>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a server upgraded over read models the previous build wrote', () => {
  let server: TestServer;
  const healthAnswers: { status: number; body: { status: string; reason?: string } }[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'daftar-layout-3-'));
    cpSync(FIXTURE, dataDir, { recursive: true });
    server = await startTestServer({}, dataDir);
    for (;;) {
      const response = await fetch(server.url.replace('/graphql', '/healthz'));
      healthAnswers.push({ status: response.status, body: (await response.json()) as { status: string; reason?: string } });
      if (response.status === 200) break;
      await sleep(20);
    }
  }, 60_000);
  afterAll(() => server?.stop());

  it('folds the read models again from the log, saying so on /healthz until they are live', () => {
    expect(server.app.readModels.rebuiltFromLayout).toBe(3);
    for (const answer of healthAnswers.slice(0, -1))
      expect(answer).toEqual({ status: 503, body: expect.objectContaining({ status: 'rebuilding', reason: expect.stringMatching(/layout 3/) }) });
    expect(healthAnswers.at(-1)).toMatchObject({ status: 200, body: { status: 'ok' } });
    const file = new Database(join(server.dataDir, 'read-models.sqlite'), { readonly: true });
    expect(file.pragma('user_version', { simple: true })).toBe(5);
    file.close();
  });

  it.each(Object.keys(queries))('answers %s exactly as the previous build did', async (name) => {
    expect(await server.ok(queries[name], {}, server.tokens.AUDITOR)).toEqual(answers[name]);
  });
});
