import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createPubSub } from '@graphql-yoga/subscription';
import type { Config } from './config';
import { developmentSecret } from './auth/dev-secret';
import type { Logger } from './logger';
import { systemClock, type Clock } from './core/clock';
import { CommandHandler } from './commands/command-handler';
import type { EventStore } from './eventstore/event-store';
import { openEventStore } from './eventstore/open-event-store';
import { comparePositions } from './eventstore/position';
import { ReadModelStore } from '../projections/read-model-store';
import { ProjectionRunner } from '../projections/projection-runner';
import { auditLogOf } from '../projections/audit-log/audit-log';
import { entityFolds, projections } from './read-models';
import { cachedReadModelsAt } from '../projections/read-models-at';
import { entityAt, entityStoreAt } from '../projections/entity-at';
import { SNAPSHOTS_FILE, SnapshotStore } from '../projections/snapshots/snapshot-store';
import { Snapshotter } from '../projections/snapshots/snapshotter';
import { publishLiveEvents } from './audit/live-events';
import type { App } from './graphql/context';
import type { DaftarPubSub } from './graphql/live-events-topic';

export { EVENTS_TOPIC, type DaftarPubSub } from './graphql/live-events-topic';
export type { App } from './graphql/context';

export interface AppOptions {
  clock?: Clock;
  store?: EventStore;
}

export const createApp = async (config: Config, logger: Logger, options: AppOptions = {}): Promise<App> => {
  mkdirSync(config.DATA_DIR, { recursive: true });
  const clock = options.clock ?? systemClock;
  const store =
    options.store ??
    (await openEventStore({
      dataDir: config.DATA_DIR,
      sqliteSynchronous: config.SQLITE_SYNCHRONOUS,
      eventStoreConnectionString: config.EVENTSTORE_CONNECTION_STRING,
      logger,
    }));
  const readModels = new ReadModelStore(join(config.DATA_DIR, 'read-models.sqlite'), projections);
  if (readModels.rebuiltFromLayout !== null)
    logger.warn({ layout: readModels.rebuiltFromLayout }, 'read models: the file had an older layout; folding them again from the log');
  await discardReadModelsAheadOfLog(store, readModels, logger);
  const auditLog = auditLogOf(store, readModels, logger);
  const runner = new ProjectionRunner(store, readModels, projections, logger, auditLog.tables);
  const headAtStart = (await store.head())?.position ?? null;
  const pubSub: DaftarPubSub = createPubSub();
  const stopPublishing = publishLiveEvents(runner, pubSub, headAtStart);
  runner.start(headAtStart);
  const snapshots = new SnapshotStore(join(config.DATA_DIR, SNAPSHOTS_FILE));
  const snapshotter = new Snapshotter(store, snapshots, projections, config.SNAPSHOT_EVERY, logger, runner);
  await snapshotter.start();

  return {
    config,
    logger,
    clock,
    store,
    readModels,
    auditLog,
    projections: runner,
    readModelProjections: projections,
    entityFolds,
    snapshotter,
    commands: new CommandHandler(store, clock),
    pubSub,
    authSecret: config.AUTH_JWT_SECRET ?? developmentSecret(config.DATA_DIR),
    readModelsAt: cachedReadModelsAt({ store, projections, snapshots, logger }),
    entityAt: (projection, streamId, id, point) => entityAt({ store, snapshots }, projection, streamId, id, point),
    entityStoreAt: (category, streamId, id, point) => entityStoreAt({ store, snapshots, projections }, category, streamId, id, point),
    close: async () => {
      stopPublishing();
      await runner.stop();
      await snapshotter.stop();
      readModels.close();
      snapshots.close();
      await store.close();
    },
  };
};

/**
 * A read-model file that claims a position the log does not have belongs to another log (a restored
 * or replaced events file): it is rebuilt from the log rather than trusted.
 */
const discardReadModelsAheadOfLog = async (store: EventStore, readModels: ReadModelStore, logger: Logger) => {
  const checkpoint = readModels.checkpoint();
  if (!checkpoint) return;
  const head = await store.head();
  if (!head || comparePositions(checkpoint, head.position) > 0) {
    logger.warn({ checkpoint, head: head?.position ?? null }, 'read models are ahead of the log: rebuilding them');
    readModels.clear();
  }
};
