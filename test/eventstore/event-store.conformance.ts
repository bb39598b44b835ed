import { v4 as uuidv4 } from 'uuid';
import type { Actor } from '../../src/core/event';
import { ConcurrencyConflict } from '../../src/core/errors';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
  Subscription,
} from '../../src/eventstore/event-store';
import { EventStoreUnavailable, StreamRevisionConflict } from '../../src/eventstore/errors';
import { ChainVerifier, GENESIS_HASH } from '../../src/eventstore/hash-chain';
import { hashRuleOf } from '../../src/audit/integrity';
import { comparePositions, START } from '../../src/eventstore/position';

export type OpenStoreUnderTest = () => EventStore | Promise<EventStore>;

/**
 * The behaviour every EventStore adapter must share, run against each of them. It never assumes an
 * empty store (EventStoreDB keeps its data between runs): each case uses fresh stream ids, actors and
 * keys, and reads the log from the head it found before it started.
 */
export const describeEventStoreConformance = (name: string, openStore: OpenStoreUnderTest): void => {
  describe(`EventStore conformance: ${name}`, () => {
    let store: EventStore;
    let startPosition: string;
    let startHash: string;

    beforeEach(async () => {
      store = await openStore();
      const head = await store.head();
      startPosition = head?.position ?? START;
      startHash = head?.hash ?? GENESIS_HASH;
    });

    afterEach(async () => {
      await store.close();
    });

    /** Our events since the case began, in global order, without anything other writers added. */
    const ourEvents = async (streams: string[]): Promise<RecordedEvent[]> =>
      (await store.readAll({ fromPosition: startPosition })).filter((event) => streams.includes(event.streamId));

    describe('appending', () => {
      it('numbers revisions from 0 in each stream and hands out rising global positions', async () => {
        const meeting = streamOf('meeting');
        const resolution = streamOf('resolution');
        const first = await store.appendToStream(meeting, [event('MeetingScheduled'), event('ParticipantAdded')]);
        const second = await store.appendToStream(resolution, [event('ResolutionProposed')]);
        const third = await store.appendToStream(meeting, [event('MeetingOpened')]);

        expect(first.events.map((e) => e.revision)).toEqual([0, 1]);
        expect(first.nextExpectedRevision).toBe(1);
        expect(first.position).toBe(first.events[1].position);
        expect(second.events.map((e) => e.revision)).toEqual([0]);
        expect(third.events.map((e) => e.revision)).toEqual([2]);
        expect(third.nextExpectedRevision).toBe(2);
        const positions = [...first.events, ...second.events, ...third.events].map((e) => e.position);
        expectStrictlyRising(positions);
        expect(comparePositions(positions[0], startPosition)).toBeGreaterThan(0);
        expect([first, second, third].map((result) => result.idempotentReplay)).toEqual([false, false, false]);
      });

      it('stamps the envelope: the given or a new eventId, schemaVersion 1 by default, recordedAt set by the store', async () => {
        const stream = streamOf();
        const givenId = uuidv4();
        const before = Date.now();
        const { events } = await store.appendToStream(stream, [
          { ...event('MeetingScheduled'), eventId: givenId },
          event('ParticipantAdded'),
          { ...event('OutcomeRecorded'), schemaVersion: 3 },
        ]);
        const after = Date.now();

        expect(events[0].eventId).toBe(givenId);
        expect(events[1].eventId).toMatch(UUID);
        expect(events[1].eventId).not.toBe(events[2].eventId);
        expect(events.map((e) => e.schemaVersion)).toEqual([1, 1, 3]);
        for (const recorded of events) {
          expect(recorded.streamId).toBe(stream);
          expect(recorded.recordedAt).toMatch(ISO_WITH_MS_UTC);
          expect(recorded.metadata.occurredAt).toBe(OCCURRED_AT);
          expect(recorded.metadata.actor).toEqual(clerk);
          expect(recorded.hash).toMatch(SHA256_HEX);
          expect(recorded.previousHash).toMatch(SHA256_HEX);
          // The store's clock, not the client's business time: close to now, far from OCCURRED_AT.
          expect(Math.abs(Date.parse(recorded.recordedAt) - (before + after) / 2)).toBeLessThan(CLOCK_TOLERANCE_MS);
        }
        expect(await store.readStream(stream)).toEqual(events);
      });

      it('keeps recordedAt non-decreasing in position order', async () => {
        const streams = [streamOf(), streamOf()];
        for (let i = 0; i < 10; i++) await store.appendToStream(streams[i % 2], [event('OutcomeRecorded')]);
        const times = (await ourEvents(streams)).map((e) => e.recordedAt);
        expect(times).toHaveLength(10);
        expect([...times].sort()).toEqual(times);
      });

      it('stores all events of an append or none: one event that cannot be stored rejects the whole append', async () => {
        const stream = streamOf();
        await store.appendToStream(stream, [event('MeetingScheduled')]);
        const headBefore = await store.head();
        const unstorable = { ...event('OutcomeRecorded'), data: { circular: {} as Record<string, unknown> } };
        unstorable.data.circular.self = unstorable.data.circular;

        await expect(
          store.appendToStream(stream, [event('ParticipantAdded'), event('ParticipantAdded'), unstorable]),
        ).rejects.toThrow();

        expect(await store.streamRevision(stream)).toBe(0);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['MeetingScheduled']);
        expect(await store.head()).toEqual(headBefore);
        const next = await store.appendToStream(stream, [event('ParticipantAdded')], { expectedRevision: 0 });
        expect(next.events[0].revision).toBe(1);
      });
    });

    describe('expected revision', () => {
      const given = async (revisions: number | null): Promise<string> => {
        const stream = streamOf();
        if (revisions !== null)
          await store.appendToStream(stream, Array.from({ length: revisions + 1 }, () => event('OutcomeRecorded')));
        return stream;
      };

      const accepted: [string, number | null, ExpectedRevision | undefined][] = [
        ['NO_STREAM on a new stream', null, 'NO_STREAM'],
        ['STREAM_EXISTS on a stream with events', 0, 'STREAM_EXISTS'],
        ['ANY on a new stream', null, 'ANY'],
        ['ANY on a stream with events', 2, 'ANY'],
        ['no expectation (ANY) on a stream with events', 1, undefined],
        ['the exact last revision', 2, 2],
      ];
      it.each(accepted)('accepts %s', async (_case, revisions, expectedRevision) => {
        const stream = await given(revisions);
        const result = await store.appendToStream(stream, [event('OutcomeRecorded')], { expectedRevision });
        expect(result.nextExpectedRevision).toBe((revisions ?? -1) + 1);
        expect(await store.streamRevision(stream)).toBe((revisions ?? -1) + 1);
      });

      const refused: [string, number | null, ExpectedRevision][] = [
        ['NO_STREAM on a stream with events', 0, 'NO_STREAM'],
        ['STREAM_EXISTS on a new stream', null, 'STREAM_EXISTS'],
        ['a stale exact revision', 2, 1],
        ['a revision ahead of the stream', 1, 5],
        ['an exact revision on a new stream', null, 0],
      ];
      it.each(refused)('refuses %s with a conflict carrying expected and actual, appending nothing', async (_case, revisions, expectedRevision) => {
        const stream = await given(revisions);
        const headBefore = await store.head();

        const conflict = await store
          .appendToStream(stream, [event('OutcomeRecorded')], { expectedRevision })
          .then(() => null, (error: unknown) => error);

        expect(conflict).toBeInstanceOf(StreamRevisionConflict);
        expect(conflict).toBeInstanceOf(ConcurrencyConflict);
        expect(conflict).toMatchObject({
          streamId: stream,
          expected: expectedRevision,
          actual: revisions,
          code: 'CONCURRENCY_CONFLICT',
          extensions: { expectedVersion: expectedRevision, actualVersion: revisions },
        });
        expect(await store.streamRevision(stream)).toBe(revisions);
        expect(await store.head()).toEqual(headBefore);
      });

      it('lets exactly one of several concurrent appends with the same expected revision win', async () => {
        const stream = await given(0);
        const attempts = await Promise.allSettled(
          Array.from({ length: 8 }, (_, writer) =>
            store.appendToStream(stream, [event('OutcomeRecorded', { writer }), event('OutcomeAmended', { writer })], {
              expectedRevision: 0,
            }),
          ),
        );

        const winners = attempts.filter((attempt) => attempt.status === 'fulfilled');
        const losers = attempts.filter((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(7);
        for (const loser of losers) expect(loser.reason).toBeInstanceOf(StreamRevisionConflict);
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(stored[1].data).toEqual(stored[2].data);
      });
    });

    describe('appending to several streams', () => {
      const given = async (events: number): Promise<string> => {
        const stream = streamOf();
        if (events > 0) await store.appendToStream(stream, Array.from({ length: events }, () => event('OutcomeRecorded')));
        return stream;
      };

      it('appends to every stream as one: revisions per stream, the first stream first, one unbroken chain', async () => {
        const document = streamOf('cooperationDocument');
        const guard = await given(2);
        const checked = await given(1);

        const result = await store.appendToStreams([
          { streamId: document, events: [event('CooperationDocumentRegistered'), event('CooperationDocumentReviewed')], expectedRevision: 'NO_STREAM' },
          { streamId: guard, events: [event('GuardedSetMemberAdded')], expectedRevision: 1 },
          { streamId: checked, events: [], expectedRevision: 0 },
        ]);

        expect(result.idempotentReplay).toBe(false);
        expect(result.events.map((e) => [e.streamId, e.revision])).toEqual([[document, 0], [document, 1]]);
        expect(result.nextExpectedRevision).toBe(1);
        expect(result.position).toBe(result.events[1].position);
        expect(result.others.map((other) => [other.streamId, other.nextExpectedRevision, other.events.map((e) => e.revision)])).toEqual([
          [guard, 2, [2]],
          [checked, 0, []],
        ]);
        expect(await store.readStream(document)).toEqual(result.events);
        expect(await store.readStream(guard, { fromRevision: 2 })).toEqual(result.others[0].events);
        expect(await store.streamRevision(checked)).toBe(0);
        const logged = await ourEvents([document, guard, checked]);
        expect(logged).toHaveLength(6);
        expectStrictlyRising(logged.map((e) => e.position));
        const verifier = new ChainVerifier(startHash, hashRuleOf(store));
        const all = await store.readAll({ fromPosition: startPosition });
        expect(all.map((e) => verifier.check(e)).filter((chainBreak) => chainBreak !== null)).toEqual([]);
        expect(await store.head()).toEqual({ position: all[all.length - 1].position, hash: verifier.headHash });
      });

      const conflicts: [string, number][] = [
        ['the first stream', 0],
        ['a stream appended to beside it', 1],
        ['a stream that is only checked', 2],
      ];
      it.each(conflicts)('appends nothing anywhere when %s is not at its expected revision, and names it', async (_case, stale) => {
        const streams = [await given(1), await given(1), await given(1)];
        const expected = [0, 0, 0];
        expected[stale] = 5;
        const headBefore = await store.head();

        const conflict = await store
          .appendToStreams([
            { streamId: streams[0], events: [event('OutcomeRecorded')], expectedRevision: expected[0] },
            { streamId: streams[1], events: [event('GuardedSetMemberAdded')], expectedRevision: expected[1] },
            { streamId: streams[2], events: [], expectedRevision: expected[2] },
          ])
          .then(() => null, (error: unknown) => error);

        expect(conflict).toBeInstanceOf(StreamRevisionConflict);
        expect(conflict).toMatchObject({ streamId: streams[stale], expected: 5, actual: 0, code: 'CONCURRENCY_CONFLICT' });
        for (const stream of streams) expect(await store.streamRevision(stream)).toBe(0);
        expect(await store.head()).toEqual(headBefore);
      });

      it('checks NO_STREAM and STREAM_EXISTS on streams that are only checked', async () => {
        const absent = streamOf();
        const present = await given(1);
        const result = await store.appendToStreams([
          { streamId: streamOf(), events: [event('OutcomeRecorded')], expectedRevision: 'NO_STREAM' },
          { streamId: absent, events: [], expectedRevision: 'NO_STREAM' },
          { streamId: present, events: [], expectedRevision: 'STREAM_EXISTS' },
        ]);
        expect(result.others.map((other) => other.nextExpectedRevision)).toEqual([null, 0]);
        expect(await store.readStream(absent)).toEqual([]);
        await expect(
          store.appendToStreams([
            { streamId: streamOf(), events: [event('OutcomeRecorded')], expectedRevision: 'NO_STREAM' },
            { streamId: present, events: [], expectedRevision: 'NO_STREAM' },
          ]),
        ).rejects.toMatchObject({ streamId: present, expected: 'NO_STREAM', actual: 0 });
      });

      const malformed: [string, () => { streamId: string; events: NewEvent[]; expectedRevision: ExpectedRevision }[]][] = [
        ['no stream at all', () => []],
        ['a first stream without events', () => [{ streamId: streamOf(), events: [], expectedRevision: 'ANY' }]],
        [
          'a stream named twice',
          () => {
            const stream = streamOf();
            return [
              { streamId: stream, events: [event('OutcomeRecorded')], expectedRevision: 'ANY' },
              { streamId: stream, events: [], expectedRevision: 'ANY' },
            ];
          },
        ],
        [
          'an idempotency key on a stream other than the first',
          () => [
            { streamId: streamOf(), events: [event('OutcomeRecorded')], expectedRevision: 'ANY' },
            { streamId: streamOf(), events: [event('GuardedSetMemberAdded', {}, clerk, uuidv4())], expectedRevision: 'ANY' },
          ],
        ],
      ];
      it.each(malformed)('refuses %s before touching the log', async (_case, appends) => {
        const headBefore = await store.head();
        await expect(store.appendToStreams(appends())).rejects.toBeInstanceOf(TypeError);
        expect(await store.head()).toEqual(headBefore);
      });

      it('lets exactly one of several concurrent decisions over one guard stream win, each on its own stream', async () => {
        const guard = await given(1);
        const own = Array.from({ length: 8 }, () => streamOf('cooperationDocument'));
        const attempts = await Promise.allSettled(
          own.map((stream, writer) =>
            store.appendToStreams([
              { streamId: stream, events: [event('CooperationDocumentRegistered', { writer })], expectedRevision: 'NO_STREAM' },
              { streamId: guard, events: [event('GuardedSetMemberAdded', { writer })], expectedRevision: 0 },
            ]),
          ),
        );

        const winners = attempts.flatMap((attempt, writer) => (attempt.status === 'fulfilled' ? [writer] : []));
        expect(winners).toHaveLength(1);
        for (const attempt of attempts)
          if (attempt.status === 'rejected') expect(attempt.reason).toMatchObject({ streamId: guard, expected: 0, actual: 1 });
        expect((await store.readStream(guard)).map((e) => e.data)).toEqual([{}, { writer: winners[0] }]);
        for (const [writer, stream] of own.entries()) expect(await store.streamRevision(stream)).toBe(writer === winners[0] ? 0 : null);
      });

      it("records the idempotency key with the first stream's events and replays them as appendToStream would", async () => {
        const actor = actorOf('clerk');
        const key = uuidv4();
        const [document, guard] = [streamOf('cooperationDocument'), await given(1)];
        const appends = () => [
          { streamId: document, events: [event('CooperationDocumentRegistered', {}, actor, key)], expectedRevision: 'NO_STREAM' as const },
          { streamId: guard, events: [event('GuardedSetMemberAdded', {}, actor)], expectedRevision: 0 },
        ];

        const first = await store.appendToStreams(appends());
        const replay = await store.appendToStreams(appends());
        const single = await store.appendToStream(document, [event('CooperationDocumentRegistered', {}, actor, key)], {
          expectedRevision: 'NO_STREAM',
        });

        const { others: _others, ...firstStream } = first;
        expect(replay).toEqual({ ...firstStream, idempotentReplay: true, others: [] });
        expect(single).toEqual({ ...firstStream, idempotentReplay: true });
        expect(await store.findIdempotentAppend({ actorId: actor.id, idempotencyKey: key })).toEqual(single);
        expect(await store.streamRevision(document)).toBe(0);
        expect(await store.streamRevision(guard)).toBe(1);
      });
    });

    describe('reading a stream', () => {
      /** Five events, one per append, each recorded at a later millisecond, with another stream's events between. */
      const givenFiveEvents = async () => {
        const stream = streamOf();
        const other = streamOf();
        const events: RecordedEvent[] = [];
        for (let revision = 0; revision < 5; revision++) {
          await waitForClockPast(events[events.length - 1]?.recordedAt);
          events.push(...(await store.appendToStream(stream, [event('OutcomeRecorded', { revision })])).events);
          await store.appendToStream(other, [event('OutcomeRecorded', { other: revision })]);
        }
        return { stream, events };
      };

      it('reads forwards by default, from a revision (inclusive), and at most maxCount', async () => {
        const { stream } = await givenFiveEvents();
        expect(revisionsOf(await store.readStream(stream))).toEqual([0, 1, 2, 3, 4]);
        expect(revisionsOf(await store.readStream(stream, { fromRevision: 2 }))).toEqual([2, 3, 4]);
        expect(revisionsOf(await store.readStream(stream, { maxCount: 2 }))).toEqual([0, 1]);
        expect(revisionsOf(await store.readStream(stream, { fromRevision: 1, maxCount: 3 }))).toEqual([1, 2, 3]);
        expect(revisionsOf(await store.readStream(stream, { fromRevision: 7 }))).toEqual([]);
      });

      it('reads backwards from the end or from a revision (inclusive)', async () => {
        const { stream } = await givenFiveEvents();
        expect(revisionsOf(await store.readStream(stream, { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
        expect(revisionsOf(await store.readStream(stream, { direction: 'backwards', fromRevision: 2 }))).toEqual([2, 1, 0]);
        expect(revisionsOf(await store.readStream(stream, { direction: 'backwards', maxCount: 2 }))).toEqual([4, 3]);
      });

      it('stops at untilPosition and untilRecordedAt, both inclusive, in either direction', async () => {
        const { stream, events } = await givenFiveEvents();
        const third = events[2];
        expect(revisionsOf(await store.readStream(stream, { untilPosition: third.position }))).toEqual([0, 1, 2]);
        expect(revisionsOf(await store.readStream(stream, { untilRecordedAt: third.recordedAt }))).toEqual([0, 1, 2]);
        expect(
          revisionsOf(await store.readStream(stream, { direction: 'backwards', untilRecordedAt: third.recordedAt })),
        ).toEqual([2, 1, 0]);
        expect(
          revisionsOf(await store.readStream(stream, { direction: 'backwards', untilPosition: third.position, maxCount: 2 })),
        ).toEqual([2, 1]);
        const justBeforeFirst = new Date(Date.parse(events[0].recordedAt) - 1).toISOString();
        expect(await store.readStream(stream, { untilRecordedAt: justBeforeFirst })).toEqual([]);
      });

      it('reads an unknown stream as empty, and tells its revision as null', async () => {
        const stream = streamOf();
        expect(await store.readStream(stream)).toEqual([]);
        expect(await store.streamRevision(stream)).toBeNull();
        await store.appendToStream(stream, [event('MeetingScheduled'), event('ParticipantAdded')]);
        expect(await store.streamRevision(stream)).toBe(1);
      });
    });

    describe('reading all', () => {
      const givenInterleavedStreams = async () => {
        const streams = [streamOf('meeting'), streamOf('resolution'), streamOf('delegation')];
        const appended: RecordedEvent[] = [];
        for (let i = 0; i < 9; i++) {
          await waitForClockPast(appended[appended.length - 1]?.recordedAt);
          appended.push(...(await store.appendToStream(streams[i % 3], [event('OutcomeRecorded', { i })])).events);
        }
        return { streams, appended };
      };

      it('reads forwards in append order and backwards in reverse', async () => {
        const { streams, appended } = await givenInterleavedStreams();
        const forwards = await ourEvents(streams);
        expect(idsOf(forwards)).toEqual(idsOf(appended));
        expect(forwards).toEqual(appended);
        expectStrictlyRising(forwards.map((e) => e.position));

        const backwards = (await store.readAll({ direction: 'backwards', maxCount: appended.length })).filter((e) =>
          streams.includes(e.streamId),
        );
        expect(idsOf(backwards)).toEqual(idsOf(appended).reverse());
      });

      it('treats fromPosition as a cursor, excluded in both directions', async () => {
        const { streams, appended } = await givenInterleavedStreams();
        const cursor = appended[3].position;
        const after = (await store.readAll({ fromPosition: cursor })).filter((e) => streams.includes(e.streamId));
        expect(idsOf(after)).toEqual(idsOf(appended.slice(4)));
        const before = (await store.readAll({ fromPosition: cursor, direction: 'backwards', maxCount: 3 })).filter((e) =>
          streams.includes(e.streamId),
        );
        expect(idsOf(before)).toEqual(idsOf(appended.slice(0, 3)).reverse());
      });

      it('returns at most maxCount events', async () => {
        const { appended } = await givenInterleavedStreams();
        const page = await store.readAll({ fromPosition: appended[1].position, maxCount: 4 });
        expect(idsOf(page)).toEqual(idsOf(appended.slice(2, 6)));
        expect(await store.readAll({ fromPosition: appended[1].position, maxCount: 0 })).toEqual([]);
      });

      it('stops at untilPosition and untilRecordedAt, both inclusive, in either direction', async () => {
        const { streams, appended } = await givenInterleavedStreams();
        const fifth = appended[4];
        const upToFifth = idsOf(appended.slice(0, 5));
        const ours = (events: RecordedEvent[]) => idsOf(events.filter((e) => streams.includes(e.streamId)));

        expect(ours(await store.readAll({ fromPosition: startPosition, untilPosition: fifth.position }))).toEqual(upToFifth);
        expect(ours(await store.readAll({ fromPosition: startPosition, untilRecordedAt: fifth.recordedAt }))).toEqual(
          upToFifth,
        );
        expect(
          ours(await store.readAll({ direction: 'backwards', untilRecordedAt: fifth.recordedAt, maxCount: 5 })),
        ).toEqual([...upToFifth].reverse());
        expect(ours(await store.readAll({ direction: 'backwards', untilPosition: fifth.position, maxCount: 2 }))).toEqual(
          upToFifth.slice(3).reverse(),
        );
      });
    });

    describe('head', () => {
      it('is the position and hash of the last event in global order', async () => {
        const { events } = await store.appendToStream(streamOf(), [event('MeetingScheduled'), event('ParticipantAdded')]);
        expect(await store.head()).toEqual({ position: events[1].position, hash: events[1].hash });
      });
    });

    describe('subscribing to all', () => {
      let subscriptions: Subscription[] = [];
      const subscribe = (...args: Parameters<EventStore['subscribeToAll']>): Subscription => {
        const subscription = store.subscribeToAll(...args);
        subscriptions.push(subscription);
        return subscription;
      };
      afterEach(async () => {
        await Promise.all(subscriptions.map((subscription) => subscription.stop()));
        subscriptions = [];
      });

      it('delivers history, then live events appended during the catch-up, with no gap, no duplicate and one call at a time', async () => {
        const streams = [streamOf(), streamOf(), streamOf()];
        // More history than one catch-up batch, so the switch-over happens after several reads.
        for (let i = 0; i < 70; i++)
          await store.appendToStream(streams[i % 3], Array.from({ length: 10 }, (_, n) => event('OutcomeRecorded', { i, n })));

        const delivered: RecordedEvent[] = [];
        let running = 0;
        let mostAtOnce = 0;
        subscribe({ fromPosition: startPosition }, async (events) => {
          running++;
          mostAtOnce = Math.max(mostAtOnce, running);
          delivered.push(...events);
          await new Promise((resolve) => setImmediate(resolve));
          running--;
        });

        let lastId = '';
        for (let i = 0; i < 60; i++) {
          const { events } = await store.appendToStream(streams[i % 3], [event('OutcomeAmended', { i }), event('OutcomeAmended', { i })]);
          lastId = events[events.length - 1].eventId;
          if (i % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        await waitUntil(() => delivered.some((e) => e.eventId === lastId), 'the last live event to be delivered');

        const expected = await ourEvents(streams);
        expect(expected).toHaveLength(820);
        const ours = delivered.filter((e) => streams.includes(e.streamId));
        expect(idsOf(ours)).toEqual(idsOf(expected));
        expect(ours).toEqual(expected);
        expectStrictlyRising(delivered.map((e) => e.position));
        expect(mostAtOnce).toBe(1);
      });

      it('starts strictly after fromPosition', async () => {
        const stream = streamOf();
        const { events } = await store.appendToStream(stream, Array.from({ length: 5 }, () => event('OutcomeRecorded')));
        const delivered: RecordedEvent[] = [];
        subscribe({ fromPosition: events[2].position }, (batch) => {
          delivered.push(...batch);
        });
        await waitUntil(() => delivered.some((e) => e.eventId === events[4].eventId), 'the last event to be delivered');
        expect(idsOf(delivered.filter((e) => e.streamId === stream))).toEqual(idsOf(events.slice(3)));
      });

      it('stops: stop() waits for the running handler, and nothing is delivered afterwards', async () => {
        const stream = streamOf();
        let release: () => void = () => undefined;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let calls = 0;
        let handlerFinished = false;
        const subscription = subscribe({ fromPosition: startPosition }, async () => {
          calls++;
          await gate;
          handlerFinished = true;
        });
        await store.appendToStream(stream, [event('MeetingScheduled')]);
        await waitUntil(() => calls === 1, 'the first delivery');

        let stopped = false;
        const stopping = subscription.stop().then(() => (stopped = true));
        await settle();
        expect(stopped).toBe(false);
        release();
        await stopping;
        expect(handlerFinished).toBe(true);

        await store.appendToStream(stream, [event('ParticipantAdded')]);
        await pause(QUIET_PERIOD_MS);
        expect(calls).toBe(1);
      });

      it('fails when a handler throws: failed resolves with the error and delivery ends', async () => {
        const stream = streamOf();
        let calls = 0;
        const subscription = subscribe({ fromPosition: startPosition }, () => {
          calls++;
          throw new Error('read model could not apply the batch');
        });
        await store.appendToStream(stream, [event('MeetingScheduled')]);

        const failure = await subscription.failed;
        expect(failure.message).toBe('read model could not apply the batch');
        await store.appendToStream(stream, [event('ParticipantAdded')]);
        await pause(QUIET_PERIOD_MS);
        expect(calls).toBe(1);
        await expect(subscription.stop()).resolves.toBeUndefined();
      });

      it('ends running subscriptions when the store closes', async () => {
        const stream = streamOf();
        const delivered: RecordedEvent[] = [];
        const subscription = subscribe({ fromPosition: startPosition }, (batch) => {
          delivered.push(...batch);
        });
        const { events } = await store.appendToStream(stream, [event('MeetingScheduled')]);
        await waitUntil(() => delivered.some((e) => e.eventId === events[0].eventId), 'the delivery');

        await store.close();
        await expect(subscription.failed).resolves.toBeInstanceOf(EventStoreUnavailable);
        await expect(subscription.stop()).resolves.toBeUndefined();
        store = await openStore();
      });
    });

    describe('idempotency', () => {
      it('appends once for the same actor and key, and replays the first result (even with a stale expected revision)', async () => {
        const stream = streamOf();
        const actor = actorOf('clerk');
        const key = uuidv4();
        const events = [event('MeetingScheduled', {}, actor, key), event('ParticipantAdded', {}, actor, key)];

        const first = await store.appendToStream(stream, events, { expectedRevision: 'NO_STREAM' });
        const replay = await store.appendToStream(stream, events, { expectedRevision: 'NO_STREAM' });

        expect(first.idempotentReplay).toBe(false);
        expect(replay).toEqual({ ...first, idempotentReplay: true });
        expect(await store.readStream(stream)).toEqual(first.events);
        expect(await store.findIdempotentAppend({ actorId: actor.id, idempotencyKey: key })).toEqual(replay);
      });

      it('answers a key used again with other events by the first append, its metadata (fingerprint included) as stored', async () => {
        const stream = streamOf();
        const actor = actorOf('clerk');
        const key = uuidv4();
        const fingerprinted = (fingerprint: string, data: Record<string, unknown>): NewEvent => {
          const base = event('OutcomeRecorded', data, actor, key);
          return { ...base, metadata: { ...base.metadata, idempotencyFingerprint: fingerprint } };
        };

        const first = await store.appendToStream(stream, [fingerprinted('first-request', { text: 'یکم' })]);
        const other = await store.appendToStream(streamOf(), [fingerprinted('other-request', { text: 'دوم' })]);

        expect(other).toEqual({ ...first, idempotentReplay: true });
        expect(other.events[0].metadata.idempotencyFingerprint).toBe('first-request');
        expect((await store.findIdempotentAppend({ actorId: actor.id, idempotencyKey: key }))?.events[0].metadata).toEqual(
          first.events[0].metadata,
        );
        expect(await store.readAll({ fromPosition: first.position })).toEqual([]);
      });

      it('keeps keys apart per actor: another actor with the same key appends anew', async () => {
        const stream = streamOf();
        const key = uuidv4();
        const [first, second] = [actorOf('clerk'), actorOf('clerk')];
        const byFirst = await store.appendToStream(stream, [event('OutcomeRecorded', { by: 1 }, first, key)]);
        const bySecond = await store.appendToStream(stream, [event('OutcomeRecorded', { by: 2 }, second, key)]);

        expect(bySecond.idempotentReplay).toBe(false);
        expect(bySecond.position).not.toBe(byFirst.position);
        expect(revisionsOf(await store.readStream(stream))).toEqual([0, 1]);
        expect((await store.findIdempotentAppend({ actorId: first.id, idempotencyKey: key }))?.events).toEqual(byFirst.events);
        expect((await store.findIdempotentAppend({ actorId: second.id, idempotencyKey: key }))?.events).toEqual(
          bySecond.events,
        );
      });

      it('appends once when the same request races with itself', async () => {
        const stream = streamOf();
        const actor = actorOf('clerk');
        const key = uuidv4();
        const results = await Promise.all(
          Array.from({ length: 6 }, () =>
            store.appendToStream(stream, [event('MeetingScheduled', {}, actor, key), event('ParticipantAdded', {}, actor, key)], {
              expectedRevision: 'NO_STREAM',
            }),
          ),
        );

        expect(results.filter((result) => !result.idempotentReplay)).toHaveLength(1);
        const original = results.find((result) => !result.idempotentReplay) as AppendResult;
        for (const result of results) expect(result.events).toEqual(original.events);
        expect(await store.readStream(stream)).toEqual(original.events);
      });

      it('finds nothing for a key never used, or used only by another actor', async () => {
        const actor = actorOf('clerk');
        const key = uuidv4();
        expect(await store.findIdempotentAppend({ actorId: actor.id, idempotencyKey: key })).toBeNull();
        await store.appendToStream(streamOf(), [event('MeetingScheduled', {}, actor, key)]);
        expect(await store.findIdempotentAppend({ actorId: actorOf('clerk').id, idempotencyKey: key })).toBeNull();
        expect(await store.findIdempotentAppend({ actorId: actor.id, idempotencyKey: uuidv4() })).toBeNull();
      });
    });

    describe('hash chain', () => {
      it('links every event to the one before it in global order, across streams and appends', async () => {
        const streams = [streamOf(), streamOf()];
        const key = uuidv4();
        for (let i = 0; i < 6; i++)
          await store.appendToStream(streams[i % 2], [event('OutcomeRecorded', { i }), event('OutcomeAmended', { i })]);
        await store.appendToStream(streams[0], [event('OutcomeRecorded', {}, clerk, key)]);
        await store.appendToStream(streams[0], [event('OutcomeRecorded', {}, clerk, key)]);

        const logged = await store.readAll({ fromPosition: startPosition });
        expect(logged.filter((e) => streams.includes(e.streamId))).toHaveLength(13);
        // Each store's own rule: EventStoreDB hashes with the position blank (it learns it only after the write).
        const verifier = new ChainVerifier(startHash, hashRuleOf(store));
        expect(logged.map((e) => verifier.check(e)).filter((chainBreak) => chainBreak !== null)).toEqual([]);
        expect(await store.head()).toEqual({ position: logged[logged.length - 1].position, hash: verifier.headHash });
      });
    });

    describe('Persian text', () => {
      it('round-trips Persian with ZWNJ, Persian digits, RTL marks and emoji, byte for byte, in data and metadata', async () => {
        const stream = streamOf();
        const text =
          'صورت\u200Cجلسهٔ نشست ۱۴۰۳/۰۲/۱۵ — بند ۶۴: \u200Fمی\u200Cشود\u200F \u202Bنقل قول «راست به چپ»\u202C 🇮🇷📜✅ 👩🏽‍💼';
        const data = { title: text, 'عنوان': 'دفترِ ثبت', items: ['الف', 'ب', '۱۲۳'], nested: { note: '\u200C' } };
        const persianActor: Actor = { id: `clerk-${uuidv4()}`, name: 'زهرا\u200Cسادات محمدی', role: 'CLERK' };
        const { events } = await store.appendToStream(stream, [
          { type: 'OutcomeRecorded', data, metadata: { occurredAt: OCCURRED_AT, actor: persianActor, reason: text } },
        ]);

        const [fromStream] = await store.readStream(stream);
        const [fromLog] = await ourEvents([stream]);
        for (const read of [events[0], fromStream, fromLog]) {
          expect(read.data).toEqual(data);
          expect((read.data as typeof data).title).toBe(text);
          expect(Buffer.from((read.data as typeof data).title, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
          expect(read.metadata.reason).toBe(text);
          expect(read.metadata.actor.name).toBe(persianActor.name);
        }
        expect(fromStream.hash).toBe(events[0].hash);
        expect(new ChainVerifier(fromStream.previousHash, hashRuleOf(store)).check(fromStream)).toBeNull();
      });
    });
  });
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_WITH_MS_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const OCCURRED_AT = '2001-02-03T04:05:06.000Z';
/** How far the store's clock may be from the test's: a sanity bound, not a timing assertion. */
const CLOCK_TOLERANCE_MS = 10 * 60_000;
/** Long enough for a subscription to have delivered, had it wrongly kept going (the SQLite poll is 250 ms). */
const QUIET_PERIOD_MS = 700;
const WAIT_LIMIT_MS = 20_000;

const clerk: Actor = { id: 'clerk-conformance', name: 'منشی آزمون', role: 'CLERK' };

const actorOf = (role: 'clerk'): Actor => ({ id: `${role}-${uuidv4()}`, name: 'منشی', role: 'CLERK' });

const streamOf = (category = 'meeting'): string => `${category}-${uuidv4()}`;

const event = (type: string, data: Record<string, unknown> = {}, actor: Actor = clerk, idempotencyKey?: string): NewEvent => ({
  type,
  data,
  metadata: { occurredAt: OCCURRED_AT, actor, ...(idempotencyKey !== undefined && { idempotencyKey }) },
});

const idsOf = (events: RecordedEvent[]): string[] => events.map((e) => e.eventId);
const revisionsOf = (events: RecordedEvent[]): number[] => events.map((e) => e.revision);

const expectStrictlyRising = (positions: string[]): void => {
  for (let i = 1; i < positions.length; i++) expect(comparePositions(positions[i - 1], positions[i])).toBe(-1);
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets pending promise callbacks and a few timer turns run. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await pause(10);
};

/** So that consecutive appends get distinct recorded times, which the "until" cases need to tell them apart. */
const waitForClockPast = async (recordedAt: string | undefined): Promise<void> => {
  if (recordedAt === undefined) return;
  while (new Date().toISOString() <= recordedAt) await pause(2);
};

const waitUntil = async (condition: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await pause(5);
  }
};
