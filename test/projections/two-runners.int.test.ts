import { newId } from '../../src/core/ids';
import { streamIdOf } from '../../src/core/streams';
import type { EventStore } from '../../src/eventstore/event-store';
import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import { currentSchemaVersion } from '../../src/eventstore/upcasters';
import { silentLogger } from '../../src/logger';
import { MEETING_CATEGORY, type MeetingEvent } from '../../src/meetings/meeting';
import { meetingOutcomesProjection, type MeetingOutcomeDocument } from '../../src/meetings/meetings.projection';
import { projections } from '../../src/read-models';
import { ProjectionRunner } from '../../projections/projection-runner';
import { ReadModelStore } from '../../projections/read-model-store';
import { buildReadModelsAt } from '../../projections/read-models-at';
import { writeScaleLog } from '../../bench/scale-log';
import { useTempDir } from '../eventstore/temp-event-log';

const contentsOf = (store: ReadModelStore) =>
  Object.fromEntries(store.collections().map((collection) => [collection, store.all(collection)]));

const clerk = { id: 'clerk-1', name: 'منشی یکم', role: 'CLERK' as const };
const at = '2025-03-21T08:30:00.000Z';

const record = (store: EventStore, meetingId: string, events: MeetingEvent[]) =>
  store.appendToStream(
    streamIdOf(MEETING_CATEGORY, meetingId),
    events.map((event) => ({ ...event, schemaVersion: currentSchemaVersion(event.type), metadata: { occurredAt: at, actor: clerk } })),
  );

const scheduledAndOpened = (meetingId: string): MeetingEvent[] => [
  { type: 'MeetingScheduled', data: { meetingId, title: 'نشست منطقه‌ای تبریز', location: 'تبریز', scheduledStart: at } },
  { type: 'MeetingOpened', data: { meetingId, openedAt: at } },
];

const outcome = (meetingId: string, text: string): MeetingEvent => ({
  type: 'OutcomeRecorded',
  data: { meetingId, outcomeId: newId(), kind: 'DEMAND', text, recordedAt: at },
});

/**
 * Two processes on one DATA_DIR, as an overlapping restart or a CLI beside the server made them:
 * each with its own connection to the events and its own runner on the same read-model file. A
 * runner is woken at once by its own process's appends and finds the other's only by polling, so
 * each folds, later, events the other has already folded into the same documents, and the second
 * starts with an empty cache: each document it folds is read back as the first left it.
 */
describe('two projection runners on one read-model file', () => {
  const dir = useTempDir('daftar-two-runners-');

  it('fold every event into each document once: three outcomes recorded show as three, and the read models equal a rebuild', async () => {
    const eventsFile = dir.path('events.sqlite');
    const readModelsFile = dir.path('read-models.sqlite');
    const stores: EventStore[] = [await openSqliteEventStore({ file: eventsFile }), await openSqliteEventStore({ file: eventsFile })];
    await writeScaleLog(stores[0], { events: 300, seed: 21 });
    const meetingIds = [newId(), newId(), newId()];
    for (const meetingId of meetingIds) await record(stores[0], meetingId, scheduledAndOpened(meetingId));

    const readModels = [new ReadModelStore(readModelsFile, projections), new ReadModelStore(readModelsFile, projections)];
    const runners = [0, 1].map((process) => new ProjectionRunner(stores[process], readModels[process], projections, silentLogger));
    runners[0].start();
    await runners[0].waitFor((await stores[0].head())!.position, 20_000);
    runners[1].start();
    for (let round = 0; round < 3; round++) {
      const writer = stores[round % 2];
      for (const meetingId of meetingIds) await record(writer, meetingId, [outcome(meetingId, `بند ${round + 1}`)]);
      await writeScaleLog(writer, { events: 100, seed: 30 + round });
      const head = (await writer.head())!.position;
      await Promise.all(runners.map((runner) => runner.waitFor(head, 20_000)));
    }
    await Promise.all(runners.map((runner) => runner.stop()));

    const live = new ReadModelStore(readModelsFile, projections);
    for (const meetingId of meetingIds)
      expect(
        live
          .find<MeetingOutcomeDocument>(meetingOutcomesProjection.collection, { filters: [{ path: '$.meetingId', equals: meetingId }] })
          .docs.map((recorded) => recorded.text),
      ).toEqual(['بند 1', 'بند 2', 'بند 3']);
    const rebuilt = await buildReadModelsAt(stores[0], projections, {});
    expect(contentsOf(live)).toEqual(contentsOf(rebuilt));
    for (const store of [live, rebuilt, ...readModels]) store.close();
    for (const store of stores) await store.close();
  });
});
