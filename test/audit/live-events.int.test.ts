import { createPubSub } from '@graphql-yoga/subscription';
import { EVENTS_TOPIC, type DaftarPubSub } from '../../src/app';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import type { EventStore, NewEvent, RecordedEvent } from '../../src/eventstore/event-store';
import { liveEvents, publishLiveEvents, SubscriberTooSlow } from '../../src/audit/live-events';
import { silentLogger } from '../../src/logger';
import { ProjectionRunner } from '../../projections/projection-runner';
import { ReadModelStore } from '../../projections/read-model-store';
import { organizationsProjection } from '../../src/organizations/organizations.projection';
import { useTempDir } from '../eventstore/temp-event-log';

const clerk = { id: 'clerk-1', name: 'منشی یکم', role: 'CLERK' as const };
const renamed = (n: number): NewEvent => ({ type: 'OrganizationRenamed', data: { name: `نام ${n}` }, metadata: { occurredAt: '2025-03-21T08:30:00.000Z', actor: clerk } });

/** Takes events from the feed until one at `lastPosition` arrives. */
const collectUntil = async (feed: AsyncIterableIterator<RecordedEvent>, lastPosition: string): Promise<string[]> => {
  const positions: string[] = [];
  // next() by hand: leaving a for-await loop would end the feed.
  for (let result = await feed.next(); !result.done; result = await feed.next()) {
    positions.push(result.value.position);
    if (result.value.position === lastPosition) break;
  }
  return positions;
};

describe('live events over a real SQLite log and the app’s pub/sub', () => {
  const dir = useTempDir('daftar-live-events-');
  let store: EventStore;
  let pubSub: DaftarPubSub;
  let runner: ProjectionRunner;

  beforeEach(async () => {
    store = await openSqliteEventStore({ file: dir.path(`events-${Date.now()}-${Math.random()}.sqlite`) });
    pubSub = createPubSub();
    // Wired as src/app.ts wires it: the projection runner publishes each batch once it has applied it.
    runner = new ProjectionRunner(store, new ReadModelStore(':memory:'), [], silentLogger);
    publishLiveEvents(runner, pubSub, null);
    runner.start();
  });
  afterEach(async () => {
    await runner.stop();
    await store.close();
  });

  it('switches from catch-up to live while appends keep coming, with no gap and no duplicate', async () => {
    for (let n = 0; n < 30; n++) await store.appendToStream(`organization-o${n % 3}`, [renamed(n)]);
    const appending = (async () => {
      const positions: string[] = [];
      for (let n = 30; n < 300; n++) positions.push((await store.appendToStream(`organization-o${n % 3}`, [renamed(n)])).position);
      return positions;
    })();
    // Small catch-up batches, so that the switch-over happens in the middle of the appends.
    const feed = liveEvents({ store, pubSub }, { fromPosition: '10' }, { maxBacklog: 10_000, catchUpBatch: 7 });
    const received = await collectUntil(feed, '300');
    expect((await appending).at(-1)).toBe('300');
    // One more, so that anything delivered twice after the last one would show before it.
    await store.appendToStream('organization-o1', [renamed(300)]);
    received.push(...(await collectUntil(feed, '301')));
    await feed.return!();
    expect(received).toEqual(Array.from({ length: 291 }, (_, index) => String(index + 11)));
  });

  it('delivers only what matches the filter, and ends when the subscriber leaves', async () => {
    const feed = liveEvents({ store, pubSub }, { entityId: 'o2', fromPosition: '0' });
    const appended: RecordedEvent[] = [];
    for (let n = 0; n < 9; n++) appended.push(...(await store.appendToStream(`organization-o${n % 3}`, [renamed(n)])).events);
    const wanted = appended.filter((event) => event.streamId === 'organization-o2').map((event) => event.position);
    expect(await collectUntil(feed, wanted[wanted.length - 1])).toEqual(wanted);
    await feed.return!();
    expect(await feed.next()).toEqual({ value: undefined, done: true });
  });

  it('cuts off a subscriber that leaves too many live events unread, naming where to resume', async () => {
    const appended: RecordedEvent[] = [];
    for (let n = 0; n < 10; n++) appended.push(...(await store.appendToStream('organization-o1', [renamed(n)])).events);
    // Published by hand, all at once, so that the subscriber demonstrably reads none of them in between.
    await runner.stop();
    const feed = liveEvents({ store, pubSub }, {}, { maxBacklog: 5, catchUpBatch: 500 });
    for (const event of appended) pubSub.publish(EVENTS_TOPIC, event);
    await new Promise((resolve) => setImmediate(resolve));
    const received: string[] = [];
    const failure = await (async () => {
      for await (const event of feed) received.push(event.position);
    })().catch((error: Error) => error);
    expect(received).toEqual(['1', '2', '3', '4', '5']);
    expect(failure).toBeInstanceOf(SubscriberTooSlow);
    expect((failure as Error).message).toMatch(/subscribe again with fromPosition 5/);
  });

  it('publishes only what was appended after start-up, and only once the read models hold it', async () => {
    const registered = (n: number): NewEvent => ({
      type: 'OrganizationRegistered',
      data: { organizationId: `org${n}`, kind: 'PROVINCE', name: `استان ${n}` },
      metadata: { occurredAt: '2025-03-21T08:30:00.000Z', actor: clerk },
    });
    for (let n = 0; n < 3; n++) await store.appendToStream(`organization-org${n}`, [registered(n)]);
    const headAtStart = (await store.head())!.position;
    const readModels = new ReadModelStore(':memory:');
    const projecting = new ProjectionRunner(store, readModels, [organizationsProjection], silentLogger);
    const ownPubSub: DaftarPubSub = createPubSub();
    publishLiveEvents(projecting, ownPubSub, headAtStart);
    const heard: { position: string; projected: boolean }[] = [];
    const listening = (async () => {
      for await (const event of ownPubSub.subscribe(EVENTS_TOPIC)) {
        const id = (event.data as { organizationId: string }).organizationId;
        heard.push({ position: event.position, projected: readModels.get('organizations', id) !== null });
        if (heard.length === 2) return;
      }
    })();
    projecting.start(headAtStart);
    for (let n = 3; n < 5; n++) await store.appendToStream(`organization-org${n}`, [registered(n)]);
    await listening;
    expect(heard).toEqual([
      { position: '4', projected: true },
      { position: '5', projected: true },
    ]);
    await projecting.stop();
  });
});
