import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestServer, type TestServer } from '../../support/test-server';

/**
 * The fixture is a DATA_DIR that main at 3944879 (read-model layout 4: documents with their fold
 * position and checksum, lists read with json_extract over every document) wrote while recording
 * the Tabriz demo, and the answers that build gave to `queries.json` over GraphQL (lists, texts,
 * sub-lists, histories, and lists as of a position). The histories' `changes` are since given by
 * GraphQL path (`status`, not `state.status`; issue 15): those were rewritten once from this build's
 * answers, every other field of every answer checked unchanged first. An entity read at a past
 * point has since carried that point in its id (`<uuid>@position:<P>`, so that a client's cache keeps
 * the past apart from the present; issue 15): such ids are compared by the entity's UUID.
 */
const FIXTURE = join(__dirname, 'fixtures', 'read-models-layout-4');
const queries = JSON.parse(readFileSync(join(FIXTURE, 'queries.json'), 'utf8')) as Record<string, string>;
const answers = JSON.parse(readFileSync(join(FIXTURE, 'answers.json'), 'utf8')) as Record<string, unknown>;

/** Ids read at a past point, by the entity's own UUID: the only way this build's answers may differ. */
const atPointIdsAsUuids = (answer: unknown): unknown =>
  JSON.parse(JSON.stringify(answer), (key, value: unknown) =>
    key === 'id' && typeof value === 'string' ? value.replace(/^([0-9a-f-]{36})@(?:asOf|position|at):.*$/, '$1') : value,
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a server upgraded over read models the previous build wrote (layout 4)', () => {
  let server: TestServer;
  const healthAnswers: { status: number; body: { status: string; rebuiltAtStart?: { reason: string; rebuilt: boolean }[] } }[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'daftar-layout-4-'));
    cpSync(FIXTURE, dataDir, { recursive: true });
    server = await startTestServer({}, dataDir);
    for (;;) {
      const response = await fetch(server.url.replace('/graphql', '/healthz'));
      healthAnswers.push({ status: response.status, body: (await response.json()) as (typeof healthAnswers)[number]['body'] });
      if (response.status === 200) break;
      await sleep(20);
    }
  }, 60_000);
  afterAll(() => server?.stop());

  it('empties the file (its documents had other shapes) and folds the log into it again, /healthz saying so until done', () => {
    expect(server.app.readModels.rebuiltFromLayout).toBe(4);
    const rebuilding = { reason: expect.stringMatching(/had layout 4/) };
    for (const answer of healthAnswers.slice(0, -1))
      expect(answer).toMatchObject({ status: 503, body: { status: 'catching up', rebuiltAtStart: [{ ...rebuilding, rebuilt: false }] } });
    expect(healthAnswers.at(-1)).toMatchObject({ status: 200, body: { status: 'ok', rebuiltAtStart: [{ ...rebuilding, rebuilt: true }] } });
    const file = new Database(join(server.dataDir, 'read-models.sqlite'), { readonly: true });
    expect(file.pragma('user_version', { simple: true })).toBe(7);
    expect(file.prepare('SELECT count(*) FROM list_indexes').pluck().get()).toBeGreaterThan(0);
    expect(file.prepare(`SELECT count(*) FROM documents WHERE collection = 'meetingOutcomes'`).pluck().get()).toBe(63);
    file.close();
  });

  it.each(Object.keys(queries))('answers %s exactly as the previous build did', async (name) => {
    expect(atPointIdsAsUuids(await server.ok(queries[name], {}, server.tokens.AUDITOR))).toEqual(answers[name]);
  });
});
