import Database from 'better-sqlite3';
import pino from 'pino';
import { Writable } from 'node:stream';
import { createMemoryEventStore } from '../../../src/eventstore/memory';
import { openSqliteEventStore } from '../../../src/eventstore/sqlite';
import type { AuditLogFilter, EventStore, NewEvent } from '../../../src/eventstore/event-store';
import type { Actor } from '../../../src/core/event';
import { silentLogger } from '../../../src/logger';
import { ReadModelStore } from '../../../projections/read-model-store';
import { ProjectionRunner } from '../../../projections/projection-runner';
import { projections } from '../../../src/read-models';
import { auditLogOf } from '../../../projections/audit-log/audit-log';
import { queryAuditLog } from '../../../projections/audit-log/audit-log.query';
import { AUDIT_LOG_TABLE, auditLogTable } from '../../../projections/audit-log/audit-log.table';
import { describeAuditLogConformance } from '../../eventstore/audit-log.conformance';
import { useTempDir } from '../../eventstore/temp-event-log';

const clerk: Actor = { id: 'clerk-1', name: 'منشی یکم', role: 'CLERK' };
const admin: Actor = { id: 'admin-1', name: 'مدیر', role: 'ADMIN' };

const event = (type: string, actor: Actor): NewEvent => ({
  type,
  data: { note: type },
  metadata: { occurredAt: '2025-03-21T08:30:00.000Z', actor },
});

/** A store as EventStoreDB is to the read side: everything but `queryAuditLog`. */
const withoutAuditLog = (store: EventStore): EventStore => ({ ...store, queryAuditLog: undefined });

const tempDir = useTempDir('daftar-audit-log-table-');
let readModelFiles = 0;

describeAuditLogConformance('read-model table, for a store without queryAuditLog', async (clock) => {
  const store = withoutAuditLog(createMemoryEventStore({ clock }));
  const readModels = new ReadModelStore(tempDir.path(`conformance-${++readModelFiles}.sqlite`));
  // The table alone: the log's events are not all a document projection's to fold.
  const runner = new ProjectionRunner(store, readModels, [], silentLogger, [auditLogTable]);
  runner.start();
  return {
    store,
    query: async (filter, page) => queryAuditLog(readModels.db, filter, page),
    caughtUp: async () => {
      await runner.waitFor((await store.head())!.position, 5000);
    },
    close: async () => {
      await runner.stop();
      readModels.close();
      await store.close();
    },
  };
});

describe('the audit-log table, kept by the projection runner in the read-model file', () => {
  const dir = useTempDir('daftar-audit-log-');
  let store: EventStore;
  let readModels: ReadModelStore;
  let runner: ProjectionRunner;

  const startRunner = () => {
    readModels = new ReadModelStore(dir.path('read-models.sqlite'));
    runner = new ProjectionRunner(store, readModels, projections, silentLogger, [auditLogTable]);
    runner.start();
  };
  const stopRunner = async () => {
    await runner.stop();
    readModels.close();
  };
  const caughtUp = async () => runner.waitFor((await store.head())!.position, 5000);
  const page = (filter: AuditLogFilter, first = 50, after?: string) => queryAuditLog(readModels.db, filter, { first, after, defaultSize: 50 });
  const positions = (filter: AuditLogFilter, first = 50, after?: string) => page(filter, first, after).events.map((e) => e.position);

  beforeAll(async () => {
    // One minute between appends, so that time filters have something to cut.
    let minute = 0;
    const clock = { now: () => new Date(Date.UTC(2025, 2, 21, 8, minute++)) };
    store = await openSqliteEventStore({ file: dir.path('events.sqlite'), clock });
    // 1..6: two organizations and a meeting, by two actors.
    await store.appendToStream('organization-o1', [event('OrganizationRegistered', clerk)]);
    await store.appendToStream('organization-o2', [event('OrganizationRegistered', admin)]);
    await store.appendToStream('meeting-m1', [event('MeetingScheduled', clerk), event('MeetingOpened', clerk)]);
    await store.appendToStream('organization-o1', [event('OrganizationRenamed', admin)]);
    await store.appendToStream('organization-o1', [event('OrganizationRenamed', clerk)]);
    startRunner();
    await caughtUp();
  });
  afterAll(async () => {
    await stopRunner();
    await store.close();
  });

  it('answers every filter from an index, not a scan of the table', () => {
    const plans = (['actor_id', 'entity_type', 'entity_id', 'type'] as const).map((column) =>
      (readModels.db.prepare(`EXPLAIN QUERY PLAN SELECT event FROM audit_log WHERE ${column} = 'x' AND (commit_position, prepare_position) > (1, 1) ORDER BY commit_position, prepare_position LIMIT 10`).all() as { detail: string }[])
        .map((row) => row.detail)
        .join('; '),
    );
    for (const plan of plans) {
      expect(plan).toMatch(/SEARCH audit_log USING INDEX audit_log_by_/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('stays consistent across a restart, a checkpoint gone back and a read-model file of another log', async () => {
    await stopRunner();
    await store.appendToStream('meeting-m1', [event('MeetingClosed', admin)]);
    startRunner();
    await caughtUp();
    expect(positions({})).toEqual(['1', '2', '3', '4', '5', '6', '7']);

    // The checkpoint goes back (as after a crash between files): the events after it are applied again, once.
    await stopRunner();
    const file = new Database(dir.path('read-models.sqlite'));
    file.prepare(`UPDATE checkpoints SET position = '3'`).run();
    file.close();
    startRunner();
    await caughtUp();
    expect(positions({})).toEqual(['1', '2', '3', '4', '5', '6', '7']);

    // Another, shorter log behind the same read-model file: the app clears the documents (they are ahead
    // of the log) and the table must follow, holding the new log's events and nothing of the old one.
    await stopRunner();
    const oldStore = store;
    store = await openSqliteEventStore({ file: dir.path('other-events.sqlite') });
    await store.appendToStream('organization-o8', [event('OrganizationRegistered', admin)]);
    await store.appendToStream('organization-o9', [event('OrganizationRegistered', clerk)]);
    readModels = new ReadModelStore(dir.path('read-models.sqlite'));
    readModels.clear();
    readModels.close();
    startRunner();
    await caughtUp();
    expect(page({}).events).toEqual(await store.readAll());
    expect(page({}).totalCount).toBe(2);
    await oldStore.close();
  });
});

describe('auditLogOf: the store answers the audit log when it can, else the read-model table does', () => {
  const dir = useTempDir('daftar-audit-log-of-');
  let files = 0;

  const recordingLogger = () => {
    const lines: { level: number; msg: string }[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
          done();
        },
      }),
    );
    return { logger, lines };
  };

  /** A store of `count` events and its read models kept by a runner with the given tables, then stopped. */
  const keptReadModels = async (count: number, tables: readonly (typeof auditLogTable)[]) => {
    const n = ++files;
    const store = await openSqliteEventStore({ file: dir.path(`events-${n}.sqlite`) });
    for (let i = 0; i < count; i++)
      await store.appendToStream(`organization-o${i % 7}`, [{ ...event('OrganizationRenamed', i % 2 ? clerk : admin), data: { name: 'سازمان '.repeat(40) } }]);
    const readModelsFile = dir.path(`read-models-${n}.sqlite`);
    const readModels = new ReadModelStore(readModelsFile);
    const runner = new ProjectionRunner(store, readModels, projections, silentLogger, tables);
    runner.start();
    await runner.waitFor((await store.head())!.position, 10_000);
    await runner.stop();
    return { store, readModels, readModelsFile };
  };

  const hasTable = (readModels: ReadModelStore) =>
    readModels.db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = ?`).pluck().get(AUDIT_LOG_TABLE) === 1;
  const pagesOf = (readModels: ReadModelStore) => readModels.db.pragma('page_count', { simple: true }) as number;

  it('a store with queryAuditLog: the runner keeps no table, a leftover one is dropped and its space handed back, the read models stay', async () => {
    const { store, readModels } = await keptReadModels(400, [auditLogTable]);
    const checkpoint = readModels.checkpoint();
    const documents = readModels.db.prepare('SELECT collection, id, doc FROM documents ORDER BY collection, id').all();
    expect(documents.length).toBeGreaterThan(0);
    const pagesBefore = pagesOf(readModels);
    const { logger, lines } = recordingLogger();

    const auditLog = auditLogOf(store, readModels, logger);

    expect(auditLog.tables).toEqual([]);
    expect(hasTable(readModels)).toBe(false);
    expect(pagesOf(readModels)).toBeLessThan(pagesBefore / 2);
    expect(readModels.checkpoint()).toBe(checkpoint);
    expect(readModels.db.prepare('SELECT collection, id, doc FROM documents ORDER BY collection, id').all()).toEqual(documents);
    expect(lines.map((line) => line.msg)).toEqual([expect.stringMatching(/audit-log table dropped/)]);
    const filter: AuditLogFilter = { entityId: 'o3', actorId: admin.id };
    expect(await auditLog.query(filter, { first: 5, defaultSize: 50 })).toEqual(await store.queryAuditLog!(filter, { first: 5, defaultSize: 50 }));

    // Nothing left to drop the next time.
    const again = recordingLogger();
    expect(auditLogOf(store, readModels, again.logger).tables).toEqual([]);
    expect(again.lines).toEqual([]);
    readModels.close();
    await store.close();
  });

  it('a store without it: the runner keeps the table and the audit log is read from there', async () => {
    const { store, readModels } = await keptReadModels(30, [auditLogTable]);
    const { logger, lines } = recordingLogger();
    const auditLog = auditLogOf(withoutAuditLog(store), readModels, logger);
    expect(auditLog.tables).toEqual([auditLogTable]);
    expect(hasTable(readModels)).toBe(true);
    expect(lines).toEqual([]);
    const page = await auditLog.query({}, { defaultSize: 50 });
    expect(page.events).toEqual(await store.readAll());
    readModels.close();
    await store.close();
  });

  it('a store without it, on read models kept without the table: they are rebuilt, so that the table holds every event', async () => {
    const { store, readModels } = await keptReadModels(30, []);
    expect(readModels.checkpoint()).toBe('30');
    const { logger, lines } = recordingLogger();

    const auditLog = auditLogOf(withoutAuditLog(store), readModels, logger);

    expect(readModels.checkpoint()).toBeNull();
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: expect.stringMatching(/rebuilding the read models/) })]);
    const runner = new ProjectionRunner(store, readModels, projections, silentLogger, auditLog.tables);
    runner.start();
    await runner.waitFor('30', 10_000);
    await runner.stop();
    const page = await auditLog.query({}, { defaultSize: 50 });
    expect(page.totalCount).toBe(30);
    expect(page.events).toEqual(await store.readAll());
    readModels.close();
    await store.close();
  });
});
