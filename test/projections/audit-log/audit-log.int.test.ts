import Database from 'better-sqlite3';
import { openSqliteEventStore } from '../../../src/eventstore/sqlite';
import type { EventStore, NewEvent } from '../../../src/eventstore/event-store';
import type { Actor } from '../../../src/core/event';
import { silentLogger } from '../../../src/logger';
import { ReadModelStore } from '../../../projections/read-model-store';
import { ProjectionRunner } from '../../../projections/projection-runner';
import { projections, tableProjections } from '../../../projections';
import { queryAuditLog, type AuditLogFilter } from '../../../projections/audit-log/audit-log.query';
import { useTempDir } from '../../eventstore/temp-event-log';

const clerk: Actor = { id: 'clerk-1', name: 'منشی یکم', role: 'CLERK' };
const admin: Actor = { id: 'admin-1', name: 'مدیر', role: 'ADMIN' };

const event = (type: string, actor: Actor): NewEvent => ({
  type,
  data: { note: type },
  metadata: { occurredAt: '2025-03-21T08:30:00.000Z', actor },
});

describe('the audit log table, kept by the projection runner in the read-model file', () => {
  const dir = useTempDir('daftar-audit-log-');
  let store: EventStore;
  let readModels: ReadModelStore;
  let runner: ProjectionRunner;

  const startRunner = () => {
    readModels = new ReadModelStore(dir.path('read-models.sqlite'));
    runner = new ProjectionRunner(store, readModels, projections, silentLogger, tableProjections);
    runner.start();
  };
  const stopRunner = async () => {
    await runner.stop();
    readModels.close();
  };
  const caughtUp = async () => runner.waitFor((await store.head())!.position, 5000);
  const page = (filter: AuditLogFilter, first = 50, after?: string) =>
    queryAuditLog(readModels.db, filter, { first, after, defaultSize: 50 });
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

  it('holds every event once, oldest first, as the store recorded it', async () => {
    const all = page({});
    expect(all.totalCount).toBe(6);
    expect(all.events).toEqual(await store.readAll());
  });

  it('filters by actor, entity type, entity, types and position, each alone and together', () => {
    expect(positions({ actorId: 'admin-1' })).toEqual(['2', '5']);
    expect(positions({ entityType: 'organization' })).toEqual(['1', '2', '5', '6']);
    expect(positions({ entityId: 'o1' })).toEqual(['1', '5', '6']);
    expect(positions({ types: ['OrganizationRenamed', 'MeetingOpened'] })).toEqual(['4', '5', '6']);
    expect(positions({ fromPosition: '4' })).toEqual(['5', '6']);
    expect(positions({ entityId: 'o1', actorId: 'clerk-1', types: ['OrganizationRenamed'] })).toEqual(['6']);
    expect(positions({ types: [] })).toEqual([]);
  });

  it('filters by recorded time, both ends included', () => {
    // Appends at 08:00, 08:01, 08:02 (two events), 08:03, 08:04.
    expect(positions({ from: '2025-03-21T08:02:00.000Z', to: '2025-03-21T08:03:00.000Z' })).toEqual(['3', '4', '5']);
    expect(positions({ from: '2025-03-21T08:01:30.000Z' })).toEqual(['3', '4', '5', '6']);
    expect(positions({ to: '2025-03-21T08:01:59.999Z' })).toEqual(['1', '2']);
    expect(positions({ from: '2025-03-21T08:02:00.000Z', actorId: 'admin-1' })).toEqual(['5']);
    expect(positions({ from: '2999-01-01T00:00:00.000Z' })).toEqual([]);
    expect(positions({ to: '2000-01-01T00:00:00.000Z' })).toEqual([]);
  });

  it('pages by position in both directions, with the edges of the filtered set right', () => {
    const first = page({ entityType: 'organization' }, 2);
    expect(first).toMatchObject({ totalCount: 4, hasNextPage: true, hasPreviousPage: false });
    expect(first.events.map((e) => e.position)).toEqual(['1', '2']);
    const second = page({ entityType: 'organization' }, 2, '2');
    expect(second.events.map((e) => e.position)).toEqual(['5', '6']);
    expect(second).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    const last = queryAuditLog(readModels.db, { entityType: 'organization' }, { last: 3, before: '6', defaultSize: 50 });
    expect(last.events.map((e) => e.position)).toEqual(['1', '2', '5']);
    expect(last).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
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
