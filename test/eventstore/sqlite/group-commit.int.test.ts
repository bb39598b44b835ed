import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEventStore } from '../../../src/eventstore/sqlite';
import type { AppendResult, EventStore } from '../../../src/eventstore/event-store';
import { StreamRevisionConflict } from '../../../src/eventstore/errors';
import { mountSmallDisk, smallDisksUnavailable } from '../../reliability/faults/small-disk';
import { useTempDir } from '../temp-event-log';
import { firstChainBreak, newEvent } from './store-fixtures';

const tempDir = useTempDir();
let files = 0;
const stores: EventStore[] = [];
const openStore = async (file = tempDir.path(`group-${++files}.sqlite`)) => {
  const store = await openSqliteEventStore({ file });
  stores.push(store);
  return { store, file };
};
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

const walBytes = (file: string): number => statSync(`${file}-wal`).size;

type Settled = { stored: AppendResult } | { refused: Error };
const settle = (append: Promise<AppendResult>): Promise<Settled> =>
  append.then(
    (stored) => ({ stored }),
    (refused: Error) => ({ refused }),
  );

describe('Appends asked for in the same turn of the event loop', () => {
  it('share one commit: the WAL grows by a fraction of what the same appends write one after another', async () => {
    const grouped = await openStore();
    const oneByOne = await openStore();
    const walBefore = { grouped: walBytes(grouped.file), oneByOne: walBytes(oneByOne.file) };

    await Promise.all(Array.from({ length: 20 }, (_, n) => grouped.store.appendToStream(`meeting-${n}`, [newEvent('MeetingScheduled', { n })])));
    for (let n = 0; n < 20; n++) await oneByOne.store.appendToStream(`meeting-${n}`, [newEvent('MeetingScheduled', { n })]);

    const grew = { grouped: walBytes(grouped.file) - walBefore.grouped, oneByOne: walBytes(oneByOne.file) - walBefore.oneByOne };
    expect(grew.grouped).toBeGreaterThan(0);
    expect(grew.grouped * 4).toBeLessThan(grew.oneByOne);
    expect((await grouped.store.readAll()).map((event) => event.data)).toEqual((await oneByOne.store.readAll()).map((event) => event.data));
  });

  it('are each told their own outcome: a conflict is refused alone, and the others are stored in the order asked, on an intact chain', async () => {
    const { store } = await openStore();
    await store.appendToStream('meeting-1', [newEvent('MeetingScheduled')]);

    const outcomes = await Promise.all([
      settle(store.appendToStream('meeting-2', [newEvent('MeetingScheduled', { n: 2 })])),
      settle(store.appendToStream('meeting-1', [newEvent('MeetingOpened')], { expectedRevision: 'NO_STREAM' })),
      settle(store.appendToStream('meeting-3', [newEvent('MeetingScheduled', { n: 3 }), newEvent('MeetingOpened', { n: 3 })])),
    ]);

    expect(outcomes[1]).toEqual({ refused: expect.any(StreamRevisionConflict) });
    const stored = [outcomes[0], outcomes[2]].map((outcome) => ('stored' in outcome ? outcome.stored : null));
    expect(stored.map((result) => result?.position)).toEqual(['2', '4']);
    const log = await store.readAll();
    expect(log.map((event) => [event.streamId, event.type])).toEqual([
      ['meeting-1', 'MeetingScheduled'],
      ['meeting-2', 'MeetingScheduled'],
      ['meeting-3', 'MeetingScheduled'],
      ['meeting-3', 'MeetingOpened'],
    ]);
    expect(log.slice(1)).toEqual([...stored[0]!.events, ...stored[1]!.events]);
    expect(firstChainBreak(log)).toBeNull();
  });

  it('see the ones asked before them: the same revision expected twice conflicts, and a repeated idempotency key replays the first', async () => {
    const { store } = await openStore();
    await store.appendToStream('meeting-1', [newEvent('MeetingScheduled')]);

    const [first, second, keyed, repeated] = await Promise.all([
      settle(store.appendToStream('meeting-1', [newEvent('MeetingOpened')], { expectedRevision: 0 })),
      settle(store.appendToStream('meeting-1', [newEvent('MeetingCancelled')], { expectedRevision: 0 })),
      settle(store.appendToStream('meeting-2', [newEvent('MeetingScheduled', {}, 'key-1')])),
      settle(store.appendToStream('meeting-2', [newEvent('MeetingScheduled', {}, 'key-1')])),
    ]);

    expect(first).toMatchObject({ stored: { nextExpectedRevision: 1 } });
    expect(second).toEqual({ refused: expect.any(StreamRevisionConflict) });
    expect(keyed).toMatchObject({ stored: { idempotentReplay: false } });
    expect(repeated).toMatchObject({ stored: { idempotentReplay: true, position: (keyed as { stored: AppendResult }).stored.position } });
    expect((await store.readAll()).map((event) => event.type)).toEqual(['MeetingScheduled', 'MeetingOpened', 'MeetingScheduled']);
  });

  it('include appends to several streams: one whose check fails leaves every stream it named as it was, and the others of its turn are stored', async () => {
    const { store } = await openStore();
    await store.appendToStream('organization-1', [newEvent('OrganizationRegistered')]);

    const [across, conflicting, single] = await Promise.all([
      settle(
        store.appendToStreams([
          { streamId: 'meeting-1', events: [newEvent('MeetingScheduled')], expectedRevision: 'NO_STREAM' },
          { streamId: 'organization-1', events: [], expectedRevision: 0 },
        ]),
      ),
      settle(
        store.appendToStreams([
          { streamId: 'meeting-2', events: [newEvent('MeetingScheduled')], expectedRevision: 'NO_STREAM' },
          { streamId: 'organization-1', events: [], expectedRevision: 5 },
        ]),
      ),
      settle(store.appendToStream('meeting-3', [newEvent('MeetingScheduled')])),
    ]);

    expect(across).toMatchObject({ stored: { position: '2' } });
    expect(conflicting).toEqual({ refused: expect.any(StreamRevisionConflict) });
    expect(single).toMatchObject({ stored: { position: '3' } });
    expect(await store.readStream('meeting-2')).toEqual([]);
    expect((await store.readAll()).map((event) => event.streamId)).toEqual(['organization-1', 'meeting-1', 'meeting-3']);
  });

  it('are written before the store closes, and their callers told so', async () => {
    const { store, file } = await openStore();
    const asked = [store.appendToStream('meeting-1', [newEvent('MeetingScheduled')]), store.appendToStream('meeting-2', [newEvent('MeetingScheduled')])];
    await store.close();

    const results = await Promise.all(asked);
    const reopened = await openStore(file);
    expect((await reopened.store.readAll()).map((event) => event.position)).toEqual(results.map((result) => result.position));
  });

  (smallDisksUnavailable ? it.skip : it)(
    'tell each caller the truth when the disk fills under them: every append refused is absent from the log, and every one accepted is in it',
    async () => {
      const disk = mountSmallDisk(4);
      const store = await openSqliteEventStore({ file: join(disk.dir, 'events.sqlite') });
      try {
        const text = 'رفع مقررات مزاحم و تفویض اختیارات به استان‌ها؛ '.repeat(200);
        await store.appendToStream('meeting-0', [newEvent('MeetingScheduled', { text })]);
        disk.fill();
        const outcomes: Settled[] = [];
        for (let turn = 0; turn < 40 && !outcomes.some((outcome) => 'refused' in outcome); turn++)
          outcomes.push(
            ...(await Promise.all(
              Array.from({ length: 5 }, (_, n) => settle(store.appendToStream(`meeting-${turn}-${n}`, [newEvent('OutcomeRecorded', { text, n })]))),
            )),
          );

        const refused = outcomes.filter((outcome): outcome is { refused: Error } => 'refused' in outcome);
        expect(refused.length).toBeGreaterThan(0);
        expect(refused[0].refused.message).toMatch(/full/);
        const inLog = new Set((await store.readAll()).map((event) => event.eventId));
        for (const outcome of outcomes)
          if ('stored' in outcome) for (const event of outcome.stored.events) expect(inLog.has(event.eventId)).toBe(true);
        expect(inLog.size).toBe(1 + outcomes.filter((outcome) => 'stored' in outcome).length);

        disk.free();
        await expect(store.appendToStream('meeting-after', [newEvent('OutcomeRecorded', { text })])).resolves.toMatchObject({ idempotentReplay: false });
      } finally {
        await store.close();
        disk.unmount();
      }
    },
  );
});
