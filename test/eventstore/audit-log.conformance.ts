import fc from 'fast-check';
import type { Actor } from '../../src/core/event';
import type { Clock } from '../../src/core/clock';
import { categoryOf, entityIdOf } from '../../src/core/streams';
import type {
  AuditLogFilter,
  AuditLogPage,
  AuditLogResult,
  EventStore,
  NewEvent,
  RecordedEvent,
} from '../../src/eventstore/event-store';
import { comparePositions } from '../../src/eventstore/position';

/** An audit log over a store: the store's own `queryAuditLog`, or a read model kept from its events. */
export interface AuditLogUnderTest {
  /** Where the log is appended. */
  store: EventStore;
  query(filter: AuditLogFilter, page: AuditLogPage): Promise<AuditLogResult>;
  /** Resolves once the audit log holds everything appended so far. */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

export type OpenAuditLogUnderTest = (clock: Clock) => Promise<AuditLogUnderTest>;

/**
 * The audit log every implementation must give, page for page: the SQLite store from its `events`
 * table, the memory store from its array, and the read-model table a store without the operation
 * (EventStoreDB) relies on. All run over the same log, below, recorded one minute per append.
 */
export const describeAuditLogConformance = (name: string, open: OpenAuditLogUnderTest): void => {
  describe(`audit log conformance: ${name}`, () => {
    let log: AuditLogUnderTest;

    beforeAll(async () => {
      let minute = 0;
      log = await open({ now: () => new Date(Date.UTC(2025, 2, 21, 8, minute++)) });
      for (const [streamId, events] of LOG) await log.store.appendToStream(streamId, events);
      await log.caughtUp();
    });
    afterAll(async () => {
      await log.close();
    });

    const page = (filter: AuditLogFilter, paging: Partial<AuditLogPage> = {}) => log.query(filter, { defaultSize: 50, ...paging });
    const positions = async (filter: AuditLogFilter, paging: Partial<AuditLogPage> = {}) =>
      (await page(filter, paging)).events.map((event) => event.position);
    const shape = async (filter: AuditLogFilter, paging: Partial<AuditLogPage>) => {
      const { events, ...rest } = await page(filter, paging);
      return { positions: events.map((event) => event.position), ...rest };
    };

    it('holds every event once, oldest first, exactly as readAll gives it', async () => {
      const all = await page({});
      expect(all.totalCount).toBe(12);
      expect(all.events).toEqual(await log.store.readAll());
      expect(all).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    });

    it('filters by actor, entity type, entity, types and position, each alone and together', async () => {
      expect(await positions({ actorId: admin.id })).toEqual(['2', '5', '7', '10']);
      expect(await positions({ entityType: 'organization' })).toEqual(['1', '2', '5', '6', '11', '12']);
      expect(await positions({ types: ['OrganizationRenamed', 'MeetingOpened'] })).toEqual(['4', '5', '6', '11', '12']);
      expect(await positions({ fromPosition: '4' })).toEqual(['5', '6', '7', '8', '9', '10', '11', '12']);
      expect(await positions({ entityId: 'o1', actorId: clerk.id, types: ['OrganizationRenamed'] })).toEqual(['6']);
      expect(await positions({ entityType: 'organization', actorId: clerk.id, fromPosition: '1' })).toEqual(['6', '11', '12']);
      expect(await positions({ types: [] })).toEqual([]);
      expect(await positions({ actorId: 'nobody' })).toEqual([]);
      expect((await page({ entityType: 'organization', actorId: clerk.id })).totalCount).toBe(4);
    });

    it('finds an entity by its id in every category, and only whole ids', async () => {
      // o1 is an organization, a meeting and the id of a stream without a category ('-o1').
      expect(await positions({ entityId: 'o1' })).toEqual(['1', '5', '6', '7', '10']);
      expect(await positions({ entityId: 'o1', entityType: 'organization' })).toEqual(['1', '5', '6']);
      expect(await positions({ entityId: 'o1', entityType: 'meeting' })).toEqual(['7']);
      expect(await positions({ entityId: 'o1', entityType: '' })).toEqual(['10']);
      // A stream named without a dash is its own category and id.
      expect(await positions({ entityId: 'standalone' })).toEqual(['8']);
      expect(await positions({ entityId: 'standalone', entityType: 'standalone' })).toEqual(['8']);
      expect(await positions({ entityId: 'standalone', entityType: 'organization' })).toEqual([]);
      // An id may hold dashes; a category never does.
      expect(await positions({ entityId: 'north-east' })).toEqual(['9']);
      expect(await positions({ entityId: 'north-east', entityType: 'regionalGroup' })).toEqual(['9']);
      expect(await positions({ entityId: 'east' })).toEqual([]);
      expect(await positions({ entityId: 'east', entityType: 'regionalGroup-north' })).toEqual([]);
      expect(await positions({ entityType: 'regionalGroup-north' })).toEqual([]);
      expect(await positions({ entityId: 'o9' })).toEqual([]);
    });

    it('filters by recorded time, both ends included', async () => {
      // Appends at 08:00, 08:01, 08:02 (two events), 08:03, … 08:08, 08:09 (two events).
      expect(await positions({ from: at('08:02'), to: at('08:03') })).toEqual(['3', '4', '5']);
      expect(await positions({ from: at('08:01:30') })).toEqual(['3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
      expect(await positions({ to: at('08:01:59.999') })).toEqual(['1', '2']);
      expect(await positions({ from: at('08:02'), actorId: admin.id })).toEqual(['5', '7', '10']);
      expect(await positions({ from: at('08:09') })).toEqual(['11', '12']);
      expect((await page({ to: at('08:09') })).totalCount).toBe(12);
      expect(await positions({ from: at('08:05'), to: at('08:03') })).toEqual([]);
      expect(await positions({ from: '2999-01-01T00:00:00.000Z' })).toEqual([]);
      expect(await positions({ to: '2000-01-01T00:00:00.000Z' })).toEqual([]);
      expect(await positions({ from: at('08:02'), fromPosition: '6', entityId: 'o1' })).toEqual(['7', '10']);
    });

    it('filters by business time (occurredAt), both ends included, whatever the order it was recorded in', async () => {
      expect(await positions(YEAR_1395)).toEqual(['1', '3', '4', '5', '6', '9', '11']);
      expect(await positions({ occurredFrom: '2025-03-21T08:30:00.000Z' })).toEqual(['2', '7', '10', '12']);
      expect(await positions({ occurredTo: YEAR_1395.occurredFrom })).toEqual(['3', '4', '8']);
      expect(await positions({ ...YEAR_1395, actorId: admin.id })).toEqual(['5']);
      expect(await positions({ ...YEAR_1395, entityId: 'o1' })).toEqual(['1', '5', '6']);
      expect(await positions({ ...YEAR_1395, entityType: 'organization', types: ['OrganizationRenamed'] })).toEqual(['5', '6', '11']);
      // Both axes at once: recorded from 08:02 on, happened by the end of 2016.
      expect(await positions({ from: at('08:02'), occurredTo: '2016-12-31T23:59:59.999Z' })).toEqual(['3', '4', '6', '8', '11']);
      expect(await shape(YEAR_1395, { first: 2, after: '3' })).toEqual({ positions: ['4', '5'], totalCount: 7, hasNextPage: true, hasPreviousPage: true });
      expect(await shape(YEAR_1395, { last: 2 })).toEqual({ positions: ['9', '11'], totalCount: 7, hasNextPage: false, hasPreviousPage: true });
      expect(await positions({ occurredFrom: YEAR_1395.occurredTo, occurredTo: YEAR_1395.occurredFrom })).toEqual([]);
    });

    it('pages by position in both directions, with the edges of the filtered set right', async () => {
      const organizations = { entityType: 'organization' };
      expect(await shape(organizations, { first: 2 })).toEqual({ positions: ['1', '2'], totalCount: 6, hasNextPage: true, hasPreviousPage: false });
      expect(await shape(organizations, { first: 2, after: '2' })).toEqual({ positions: ['5', '6'], totalCount: 6, hasNextPage: true, hasPreviousPage: true });
      expect(await shape(organizations, { first: 2, after: '6' })).toEqual({ positions: ['11', '12'], totalCount: 6, hasNextPage: false, hasPreviousPage: true });
      // A cursor needs no event of the filtered set at it.
      expect(await shape(organizations, { first: 2, after: '3' })).toEqual({ positions: ['5', '6'], totalCount: 6, hasNextPage: true, hasPreviousPage: true });
      expect(await shape(organizations, { first: 2, after: '12' })).toEqual({ positions: [], totalCount: 6, hasNextPage: false, hasPreviousPage: true });

      expect(await shape(organizations, { last: 3, before: '6' })).toEqual({ positions: ['1', '2', '5'], totalCount: 6, hasNextPage: true, hasPreviousPage: false });
      expect(await shape(organizations, { last: 2 })).toEqual({ positions: ['11', '12'], totalCount: 6, hasNextPage: false, hasPreviousPage: true });
      expect(await shape(organizations, { last: 2, before: '11' })).toEqual({ positions: ['5', '6'], totalCount: 6, hasNextPage: true, hasPreviousPage: true });
      expect(await shape(organizations, { last: 2, before: '1' })).toEqual({ positions: [], totalCount: 6, hasNextPage: true, hasPreviousPage: false });
      // The event at a cursor is beyond the page, and counts for the page on that side.
      expect(await shape(organizations, { last: 2, before: '12' })).toEqual({ positions: ['6', '11'], totalCount: 6, hasNextPage: true, hasPreviousPage: true });
      expect(await shape(organizations, { first: 2, after: '1' })).toEqual({ positions: ['2', '5'], totalCount: 6, hasNextPage: true, hasPreviousPage: true });

      // Both cursors: the page lies between them; forwards, hasNextPage speaks of that window only.
      expect(await shape(organizations, { first: 10, after: '2', before: '11' })).toEqual({ positions: ['5', '6'], totalCount: 6, hasNextPage: false, hasPreviousPage: true });
      expect(await shape(organizations, { last: 1, after: '2', before: '11' })).toEqual({ positions: ['6'], totalCount: 6, hasNextPage: true, hasPreviousPage: true });
    });

    it('sizes pages: the default, zero, and more than there is', async () => {
      expect(await shape({}, { defaultSize: 3 })).toEqual({ positions: ['1', '2', '3'], totalCount: 12, hasNextPage: true, hasPreviousPage: false });
      expect(await shape({}, { first: 0 })).toEqual({ positions: [], totalCount: 12, hasNextPage: true, hasPreviousPage: false });
      expect(await shape({}, { last: 0 })).toEqual({ positions: [], totalCount: 12, hasNextPage: false, hasPreviousPage: true });
      expect(await shape({ actorId: admin.id }, { first: 100 })).toEqual({ positions: ['2', '5', '7', '10'], totalCount: 4, hasNextPage: false, hasPreviousPage: false });
    });

    it('skips the count when asked to, and gives the same page otherwise', async () => {
      const organizations = { entityType: 'organization' };
      for (const window of [{ first: 2, after: '2' }, { last: 2, before: '11' }, { first: 0 }]) {
        const counted = await shape(organizations, window);
        expect(await shape(organizations, { ...window, countTotal: false })).toEqual({ ...counted, totalCount: null });
        expect(await shape(organizations, { ...window, countTotal: true })).toEqual(counted);
      }
    });

    it('compares cursors written commit/prepare pair-wise, a position n standing for n/n', async () => {
      const organizations = { entityType: 'organization' };
      expect(await positions(organizations, { after: '5/3' })).toEqual(['5', '6', '11', '12']);
      expect(await positions(organizations, { after: '5/5' })).toEqual(['6', '11', '12']);
      expect(await positions(organizations, { after: '5/7' })).toEqual(['6', '11', '12']);
      expect(await positions(organizations, { last: 10, before: '6/9' })).toEqual(['1', '2', '5', '6']);
      expect(await positions(organizations, { last: 10, before: '6/2' })).toEqual(['1', '2', '5']);
      expect(await positions({ fromPosition: '11/10' })).toEqual(['11', '12']);
      expect(await positions({ fromPosition: '11/12' })).toEqual(['12']);
      // The largest cursors a client may send (20 digits) lie beyond every event.
      expect(await shape({}, { first: 2, after: '99999999999999999999' })).toEqual({ positions: [], totalCount: 12, hasNextPage: false, hasPreviousPage: true });
      expect(await shape({}, { last: 2, before: '99999999999999999999/0' })).toEqual({ positions: ['11', '12'], totalCount: 12, hasNextPage: false, hasPreviousPage: true });
      expect(await positions({ fromPosition: '99999999999999999999' })).toEqual([]);
    });

    it('refuses a cursor that is not a position, and a page size that is not a count', async () => {
      await expect(page({}, { after: 'abc' })).rejects.toThrow(RangeError);
      await expect(page({ fromPosition: '-1' })).rejects.toThrow(RangeError);
      await expect(page({ types: [] }, { before: '1/x' })).rejects.toThrow(RangeError);
      await expect(page({}, { first: -1 })).rejects.toThrow(RangeError);
      await expect(page({}, { last: 1.5 })).rejects.toThrow(RangeError);
    });

    it('gives, for any filter and page, what a plain filter of readAll gives', async () => {
      const all = await log.store.readAll();
      await fc.assert(
        fc.asyncProperty(filterArbitrary, pageArbitrary, async (filter, paging) => {
          expect(await page(filter, paging)).toEqual(plainAuditLog(all, filter, { defaultSize: 50, ...paging }));
        }),
        { numRuns: 1000 },
      );
      // A thousand pages: a few seconds from a database server, many more on a loaded machine.
    }, 120_000);
  });
};

const clerk: Actor = { id: 'clerk-1', name: 'منشی یکم', role: 'CLERK' };
const admin: Actor = { id: 'admin-1', name: 'مدیر', role: 'ADMIN' };

/** Business times (when a thing happened) come in no order along the log: a clerk records 1395 today. */
const event = (type: string, actor: Actor, occurredAt = '2025-03-21T08:30:00.000Z'): NewEvent => ({
  type,
  data: { note: `${type} یادداشت` },
  metadata: { occurredAt, actor },
});

/** The Solar Hijri year 1395, both ends included: 1395/01/01 00:00 to 1395/12/30 23:59:59.999 in Tehran. */
const YEAR_1395 = { occurredFrom: '2016-03-19T20:30:00.000Z', occurredTo: '2017-03-20T20:29:59.999Z' };

const at = (time: string) => new Date(`2025-03-21T${time.length === 5 ? `${time}:00` : time}Z`).toISOString();

/** One append per row, in order: positions 1 to 12. */
const LOG: [string, NewEvent[]][] = [
  ['organization-o1', [event('OrganizationRegistered', clerk, '2016-08-22T10:00:00.000Z')]], // 1
  ['organization-o2', [event('OrganizationRegistered', admin)]], // 2
  ['meeting-m1', [event('MeetingScheduled', clerk, '2016-03-19T20:30:00.000Z'), event('MeetingOpened', clerk, '2016-03-19T20:30:00.000Z')]], // 3, 4
  ['organization-o1', [event('OrganizationRenamed', admin, '2017-01-01T00:00:00.000Z')]], // 5
  ['organization-o1', [event('OrganizationRenamed', clerk, '2016-08-22T10:00:00.000Z')]], // 6
  ['meeting-o1', [event('MeetingScheduled', admin)]], // 7
  ['standalone', [event('Noted', clerk, '2014-01-01T00:00:00.000Z')]], // 8
  ['regionalGroup-north-east', [event('RegionalGroupDefined', clerk, '2017-03-20T20:29:59.999Z')]], // 9
  ['-o1', [event('Noted', admin, '2026-01-01T00:00:00.000Z')]], // 10
  ['organization-o2', [event('OrganizationRenamed', clerk, '2016-05-05T05:05:05.000Z'), event('OrganizationRenamed', clerk)]], // 11, 12
];

const OCCURRED = ['2014-01-01T00:00:00.000Z', YEAR_1395.occurredFrom, '2016-08-22T10:00:00.000Z', YEAR_1395.occurredTo, '2025-03-21T08:30:00.000Z', '2030-01-01T00:00:00.000Z'];

const TYPES = ['OrganizationRegistered', 'OrganizationRenamed', 'MeetingScheduled', 'MeetingOpened', 'Noted', 'RegionalGroupDefined', 'Unknown'];
const CURSORS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '5/3', '5/7', '11/12', '99999999999999999999'];

/** Mostly absent, so that filters often match something and pages have edges to get right. */
const sometimes = <T,>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary, weight: 1 });

const withoutAbsent = <T extends object>(record: T): T =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;

const filterArbitrary: fc.Arbitrary<AuditLogFilter> = fc
  .record({
    actorId: sometimes(fc.constantFrom(clerk.id, admin.id, 'nobody')),
    entityType: sometimes(fc.constantFrom('organization', 'meeting', 'standalone', 'regionalGroup', '', 'regionalGroup-north')),
    entityId: sometimes(fc.constantFrom('o1', 'o2', 'm1', 'standalone', 'north-east', 'east', 'o9')),
    types: sometimes(fc.subarray(TYPES)),
    from: sometimes(fc.constantFrom('07:59', '08:00', '08:02', '08:04:30', '08:09', '08:10').map(at)),
    occurredFrom: sometimes(fc.constantFrom(...OCCURRED)),
    occurredTo: sometimes(fc.constantFrom(...OCCURRED)),
    to: sometimes(fc.constantFrom('07:59', '08:01', '08:02', '08:05', '08:09', '08:10').map(at)),
    fromPosition: sometimes(fc.constantFrom(...CURSORS)),
  })
  .map(withoutAbsent);

const cursor = fc.constantFrom(...CURSORS);
const pageArbitrary: fc.Arbitrary<Partial<AuditLogPage>> = fc
  .oneof(
    fc.record({ first: sometimes(fc.nat(6)), after: sometimes(cursor), before: sometimes(cursor) }),
    fc.record({ last: fc.nat(6), before: sometimes(cursor), after: sometimes(cursor) }),
    fc.record({ defaultSize: fc.nat(6), after: sometimes(cursor) }),
  )
  .map(withoutAbsent);

/** The audit log stated plainly: every event tested against the filter, then the page cut out. */
const plainAuditLog = (all: RecordedEvent[], filter: AuditLogFilter, page: AuditLogPage): AuditLogResult => {
  const matching = all.filter(
    (e) =>
      (filter.actorId === undefined || e.metadata.actor.id === filter.actorId) &&
      (filter.entityType === undefined || categoryOf(e.streamId) === filter.entityType) &&
      (filter.entityId === undefined || entityIdOf(e.streamId) === filter.entityId) &&
      (filter.types === undefined || filter.types.includes(e.type)) &&
      (filter.from === undefined || e.recordedAt >= filter.from) &&
      (filter.to === undefined || e.recordedAt <= filter.to) &&
      (filter.occurredFrom === undefined || e.metadata.occurredAt >= filter.occurredFrom) &&
      (filter.occurredTo === undefined || e.metadata.occurredAt <= filter.occurredTo) &&
      (filter.fromPosition === undefined || comparePositions(e.position, filter.fromPosition) > 0),
  );
  const between = matching.filter(
    (e) =>
      (page.after === undefined || comparePositions(e.position, page.after) > 0) &&
      (page.before === undefined || comparePositions(e.position, page.before) < 0),
  );
  if (page.last !== undefined) {
    const events = between.slice(Math.max(0, between.length - page.last));
    return {
      events,
      totalCount: matching.length,
      hasPreviousPage: between.length > page.last,
      hasNextPage: page.before !== undefined && matching.some((e) => comparePositions(e.position, page.before!) >= 0),
    };
  }
  const size = page.first ?? page.defaultSize;
  return {
    events: between.slice(0, size),
    totalCount: matching.length,
    hasNextPage: between.length > size,
    hasPreviousPage: page.after !== undefined && matching.some((e) => comparePositions(e.position, page.after!) <= 0),
  };
};
