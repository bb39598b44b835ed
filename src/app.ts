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
import { takeDataDir, type DataDirOwner } from './eventstore/data-dir-owner';
import { openDerivedFile, type Discarded } from '../projections/derived-file';
import { eventAt } from '../projections/snapshots/snapshotter';
import { ReadModelStore } from '../projections/read-model-store';
import { DerivedFileHealing } from '../projections/derived-file-healing';
import { storageFailureReasonOf } from './core/storage-failure';
import { ProjectionRunner } from '../projections/projection-runner';
import { auditLogOf } from '../projections/audit-log/audit-log';
import { entityFolds, partTracers, projections } from './read-models';
import { cachedReadModelsAt } from '../projections/read-models-at';
import { entityAt, entityStoreAt } from '../projections/entity-at';
import { SNAPSHOTS_FILE, SnapshotStore } from '../projections/snapshots/snapshot-store';
import { Snapshotter } from '../projections/snapshots/snapshotter';
import { publishLiveEvents } from './audit/live-events';
import type { App, DataHealthReport } from './graphql/context';
import { ChainWatch, type VerifiedHeadKeeper } from './eventstore/chain-watch';
import { hashRuleOf } from './audit/integrity';
import type { DaftarPubSub } from './graphql/live-events-topic';

export { EVENTS_TOPIC, type DaftarPubSub } from './graphql/live-events-topic';
export type { App } from './graphql/context';

export interface AppOptions {
  clock?: Clock;
  store?: EventStore;
  /** What owns DATA_DIR, as other processes are told: `server` unless a command says otherwise. */
  role?: string;
}

/**
 * Builds the app on DATA_DIR, which it owns from the first line (one process per data directory,
 * see data-dir-owner.ts) until `close`. Whatever refuses the start (a file that cannot be written,
 * a damaged log, another owner) leaves nothing open and nothing behind.
 */
export const createApp = async (config: Config, logger: Logger, options: AppOptions = {}): Promise<App> => {
  const owner = takeDataDir(config.DATA_DIR, options.role ?? 'server');
  const opened: (() => unknown)[] = [() => owner.release()];
  try {
    return await createOwnedApp(config, logger, options, owner, opened);
  } catch (error) {
    for (const close of opened.reverse()) await close();
    throw error;
  }
};

const createOwnedApp = async (
  config: Config,
  logger: Logger,
  options: AppOptions,
  owner: DataDirOwner,
  opened: (() => unknown)[],
): Promise<App> => {
  const clock = options.clock ?? systemClock;
  const store =
    options.store ??
    (await openEventStore({
      dataDir: config.DATA_DIR,
      sqliteSynchronous: config.SQLITE_SYNCHRONOUS,
      eventStoreConnectionString: config.EVENTSTORE_CONNECTION_STRING,
      logger,
    }));
  opened.push(() => store.close());
  const readModelFile = openDerivedFile('the read-model file', join(config.DATA_DIR, 'read-models.sqlite'), (file) => new ReadModelStore(file, projections), logger);
  const readModels = readModelFile.opened;
  opened.push(() => readModels.close());
  const olderLayout = readModelsOfOlderLayout(readModels, join(config.DATA_DIR, 'read-models.sqlite'), logger);
  await discardReadModelsOfAnotherLog(store, readModels, logger);
  const snapshotFile = openDerivedFile('the snapshot file', join(config.DATA_DIR, SNAPSHOTS_FILE), (file) => new SnapshotStore(file, { projections }), logger);
  const snapshots = snapshotFile.opened;
  if (snapshots.upgradedFromLayout !== null)
    logger.info({ layout: snapshots.upgradedFromLayout }, 'snapshots: the file had the layout before; the list keys of its snapshots were built from its document versions');
  opened.push(() => snapshots.close());
  const auditLog = auditLogOf(store, readModels, logger);
  const runner = new ProjectionRunner(store, readModels, projections, logger, auditLog.tables);
  opened.push(() => runner.stop());
  const readModelHealing = new DerivedFileHealing(
    {
      what: 'the read-model file',
      file: join(config.DATA_DIR, 'read-models.sqlite'),
      rebuild: (reason, from) => runner.rebuild(reason, from),
      isRebuilding: () => runner.health.state === 'rebuilding',
    },
    logger,
  );
  opened.push(() => readModelHealing.settled(STOP_WAITS_FOR_CHECK_MS));
  readModels.onDamage = (damage) => readModelHealing.documentDamaged(damage);
  runner.onFailure((error) => {
    if (storageFailureReasonOf(error) === 'STORAGE_CORRUPT') readModelHealing.damageSuspected();
  });
  const headAtStart = (await store.head())?.position ?? null;
  const pubSub: DaftarPubSub = createPubSub();
  const stopPublishing = publishLiveEvents(runner, pubSub, headAtStart);
  opened.push(stopPublishing);
  runner.start(headAtStart);
  const snapshotter = new Snapshotter(store, snapshots, projections, config.SNAPSHOT_EVERY, logger, runner);
  opened.push(() => snapshotter.stop());
  await snapshotter.start();
  const readModelsAt = cachedReadModelsAt({ store, projections, snapshots, logger });
  const snapshotHealing = new DerivedFileHealing(
    {
      what: 'the snapshot file',
      file: join(config.DATA_DIR, SNAPSHOTS_FILE),
      rebuild: async (reason) => {
        const movedTo = await snapshotter.rebuild(reason);
        readModelsAt.forget();
        return { emptied: 'new file', movedTo };
      },
      // As-of reads stay correct while it refills (they fold from the log): nothing waits for it.
      isRebuilding: () => false,
    },
    logger,
  );
  opened.push(() => snapshotHealing.settled(STOP_WAITS_FOR_CHECK_MS));
  const chain = new ChainWatch(store, hashRuleOf(store), verifiedHeadIn(readModels), logger);
  chain.start(config.INTEGRITY_CHECK_EVERY);
  const discarded = [readModelFile.discarded, olderLayout, snapshotFile.discarded].filter((file): file is Discarded => file !== null);
  // A file just replaced (or emptied of an older layout) is new and whole; any other is read through once the server is up.
  if (readModelFile.discarded === null && olderLayout === null) void readModelHealing.checkFileInBackground();
  if (snapshotFile.discarded === null) void snapshotHealing.checkFileInBackground();

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
    partTracers,
    snapshotter,
    commands: new CommandHandler(store, clock),
    pubSub,
    owner,
    chain,
    dataHealth: () => dataHealthOf(chain, runner, discarded, [readModelHealing, snapshotHealing]),
    readModelDamageSuspected: () => {
      readModelHealing.damageSuspected();
      snapshotHealing.damageSuspected();
    },
    authSecret: config.AUTH_JWT_SECRET ?? developmentSecret(config.DATA_DIR),
    readModelsAt,
    entityAt: (projection, streamId, id, point) => entityAt({ store, snapshots }, projection, streamId, id, point),
    entityStoreAt: (category, streamId, id, point) => entityStoreAt({ store, snapshots, projections }, category, streamId, id, point),
    close: async () => {
      await Promise.all([readModelHealing.settled(STOP_WAITS_FOR_CHECK_MS), snapshotHealing.settled(STOP_WAITS_FOR_CHECK_MS)]);
      await chain.stop();
      stopPublishing();
      await runner.stop();
      await snapshotter.stop();
      readModels.close();
      snapshots.close();
      await store.close();
      owner.release();
    },
  };
};

const CHAIN_VERIFIED = 'chain-verified';

/** How long a stop waits for the read-model file's check in the background to end. */
const STOP_WAITS_FOR_CHECK_MS = 2_000;

/** The chain's verified head lives beside the read models' checkpoint: a rebuilt file verifies the log again. */
const verifiedHeadIn = (readModels: ReadModelStore): VerifiedHeadKeeper => ({
  load: () => {
    const position = readModels.checkpoint(CHAIN_VERIFIED);
    const hash = readModels.checkpointHash(CHAIN_VERIFIED);
    return position !== null && hash !== null ? { position, hash } : null;
  },
  save: ({ position, hash }) => readModels.setCheckpoint(position, CHAIN_VERIFIED, hash),
});

/**
 * A broken chain or a damaged read-model document not yet being rebuilt makes /healthz answer 503;
 * a file rebuilt at start or while serving is shown, with whether the rebuild is done.
 */
const dataHealthOf = (
  chain: ChainWatch,
  runner: ProjectionRunner,
  discarded: readonly Discarded[],
  healings: readonly DerivedFileHealing[],
): DataHealthReport => {
  const integrity = chain.state;
  const damagedDocuments = healings.flatMap((healing) => healing.damaged);
  const rebuiltWhileServing = healings.flatMap((healing) => healing.rebuiltWhileServing);
  const filesBeingChecked = healings.flatMap((healing) => healing.fileBeingChecked ?? []);
  return {
    problem: integrity.status === 'BROKEN' ? 'event log damaged' : healings.some((healing) => healing.unhealedDamage) ? 'read models damaged' : null,
    details: {
      integrity,
      ...(damagedDocuments.length > 0 && {
        damagedDocuments: damagedDocuments.slice(0, 10).map(({ collection, id }) => ({ collection, id })),
        damagedDocumentCount: damagedDocuments.length,
      }),
      ...(rebuiltWhileServing.length > 0 && { rebuiltWhileServing }),
      // The start's check of the derived files' pages, on threads of their own: a core each, for seconds per gigabyte.
      ...(filesBeingChecked.length > 0 && { filesBeingChecked }),
      ...(discarded.length > 0 && { rebuiltAtStart: discarded.map((file) => ({ ...file, rebuilt: runner.isCaughtUp })) }),
    },
  };
};

/**
 * A read-model file of an older layout held documents of other shapes (a meeting with all its
 * outcomes): the store emptied it on opening, and the runner folds the log into it again in the
 * background, /healthz showing it under `rebuiltAtStart` until it is done.
 */
const readModelsOfOlderLayout = (readModels: ReadModelStore, file: string, logger: Logger): Discarded | null => {
  const layout = readModels.rebuiltFromLayout;
  if (layout === null) return null;
  logger.warn({ layout }, 'read models: the file had an older layout; folding them again from the log');
  return { file, movedTo: '(emptied in place)', reason: `the read-model file had layout ${layout}: its documents are folded again from the log`, at: new Date().toISOString() };
};

/**
 * A read-model file whose checkpoint the log does not hold, or holds with another hash, was built
 * from another log (a restored, replaced or rewritten events file): it is rebuilt from the log
 * rather than trusted.
 */
const discardReadModelsOfAnotherLog = async (store: EventStore, readModels: ReadModelStore, logger: Logger) => {
  const checkpoint = readModels.checkpoint();
  if (!checkpoint) return;
  const head = await store.head();
  if (!head || comparePositions(checkpoint, head.position) > 0) {
    logger.warn({ checkpoint, head: head?.position ?? null }, 'read models are ahead of the log: rebuilding them');
    readModels.clear();
    return;
  }
  const kept = readModels.checkpointHash();
  if (kept === null) return;
  const found = (await eventAt(store, checkpoint))?.hash ?? null;
  if (found !== kept) {
    logger.warn({ checkpoint, kept, found }, 'the event at the read models\' checkpoint is not the one they were built from: the log was replaced or rewritten; rebuilding them');
    readModels.clear();
  }
};
