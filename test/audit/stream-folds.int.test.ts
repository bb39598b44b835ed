import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import type { EventStore, NewEvent } from '../../src/eventstore/event-store';
import { StreamFolds } from '../../src/audit/stream-folds';
import { useTempDir } from '../eventstore/temp-event-log';
import { projections } from '../../src/read-models';

const clerk = { id: 'clerk-1', name: 'منشی یکم', role: 'CLERK' as const };
const event = (type: string, data: Record<string, unknown>): NewEvent => ({ type, data, metadata: { occurredAt: '2025-03-21T08:30:00.000Z', actor: clerk } });
const registered = (organizationId: string) => event('OrganizationRegistered', { organizationId, kind: 'PROVINCE', name: 'آذربایجان شرقی' });
const renamed = (organizationId: string, name: string, previousName: string) => event('OrganizationRenamed', { organizationId, name, previousName });

describe('folding each stream once per request for EventRecord.changes', () => {
  const dir = useTempDir('daftar-stream-folds-');
  let store: EventStore;
  let streamReads: string[];
  let counted: EventStore;

  beforeAll(async () => {
    store = await openSqliteEventStore({ file: dir.path('events.sqlite') });
    await store.appendToStream('organization-o1', [registered('o1'), renamed('o1', 'تبریز', 'آذربایجان شرقی'), renamed('o1', 'تبریز ۲', 'تبریز')]);
    await store.appendToStream('organization-o2', [registered('o2')]);
  });
  afterAll(() => store.close());
  beforeEach(() => {
    streamReads = [];
    counted = Object.assign(Object.create(store) as EventStore, {
      readStream: (streamId: string, options?: object) => {
        streamReads.push(`${streamId} from ${(options as { fromRevision?: number } | undefined)?.fromRevision ?? 0}`);
        return store.readStream(streamId, options);
      },
    });
  });

  it("reads and folds a stream once for all of its events' changes", async () => {
    const folds = new StreamFolds(counted, projections);
    const events = await store.readStream('organization-o1');
    const changes = await Promise.all(events.map((recorded) => folds.changesOf(recorded)));
    expect(changes[1]).toEqual([{ path: 'state.name', before: 'آذربایجان شرقی', after: 'تبریز' }]);
    expect(changes[2]).toEqual([{ path: 'state.name', before: 'تبریز', after: 'تبریز ۲' }]);
    expect(streamReads).toEqual(['organization-o1 from 0']);
  });

  it('reads on from where it stopped for an event appended after it was folded (a long-lived subscription)', async () => {
    const folds = new StreamFolds(counted, projections);
    await folds.changesOf((await store.readStream('organization-o2'))[0]);
    const { events } = await store.appendToStream('organization-o2', [renamed('o2', 'اردبیل', 'آذربایجان شرقی')]);
    expect(await folds.changesOf(events[0])).toEqual([{ path: 'state.name', before: 'آذربایجان شرقی', after: 'اردبیل' }]);
    expect(streamReads).toEqual(['organization-o2 from 0', 'organization-o2 from 1']);
  });

  it('keeps at most its bound of streams, forgetting the oldest', async () => {
    const folds = new StreamFolds(counted, projections, 1);
    const [first] = await store.readStream('organization-o1');
    const [other] = await store.readStream('organization-o2');
    await folds.changesOf(first);
    await folds.changesOf(other);
    await folds.changesOf(first);
    expect(streamReads).toEqual(['organization-o1 from 0', 'organization-o2 from 0', 'organization-o1 from 0']);
  });

  it('has nothing to say about a stream no read model reads', async () => {
    const { events } = await store.appendToStream('scratch-x1', [event('Noted', { text: 'x' })]);
    expect(await new StreamFolds(counted, projections).changesOf(events[0])).toEqual([]);
    expect(streamReads).toEqual([]);
  });
});
