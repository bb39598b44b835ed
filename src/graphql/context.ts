import type { PartTracer } from '../../projections/entities/parts.projection';
import type { AuthenticatedUser } from '../auth/tokens';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Clock } from '../core/clock';
import type { EventStore } from '../eventstore/event-store';
import type { ChainWatch } from '../eventstore/chain-watch';
import type { DataDirOwner } from '../eventstore/data-dir-owner';
import type { CommandHandler } from '../commands/command-handler';
import type { ReadModelStore } from '../../projections/read-model-store';
import type { ProjectionRunner } from '../../projections/projection-runner';
import type { AuditLog } from '../../projections/audit-log/audit-log';
import type { PointInLog } from '../../projections/read-models-at';
import type { Projection } from '../../projections/projection';
import type { Snapshotter } from '../../projections/snapshots/snapshotter';
import type { DaftarPubSub } from './live-events-topic';
import type { Actor } from '../core/event';
import { actorOf } from '../auth/actor';
import { Unauthenticated } from '../core/errors';

export interface GraphQLContext {
  requestId: string;
  user: AuthenticatedUser | null;
  /** Set when a token was presented but failed verification: every operation then answers UNAUTHENTICATED. */
  authError: Error | null;
  app: App;
  /** Per-request memo for loaders (DataLoader instances keyed by name). */
  loaders: Map<string, unknown>;
}

export const actorFrom = (ctx: GraphQLContext): Actor => {
  if (!ctx.user) throw ctx.authError ?? new Unauthenticated();
  return actorOf(ctx.user);
};

/** What /healthz adds about the data: a problem that makes it answer 503, and what to show. */
export interface DataHealthReport {
  problem: string | null;
  details: Record<string, unknown>;
}

/** Everything a request needs, built once at start-up by the composition root (src/app.ts). */
export interface App {
  config: Config;
  logger: Logger;
  clock: Clock;
  store: EventStore;
  readModels: ReadModelStore;
  /** From the store's own indexes when it has them (SQLite), else from a table of the read models. */
  auditLog: AuditLog;
  projections: ProjectionRunner;
  /** The read models the runner keeps, each a fold of the streams it reads. */
  readModelProjections: readonly Projection[];
  /** Each entity whole, lists included, as its stream folds: what history's field `changes` and `diff` compare (never stored). */
  entityFolds: readonly Projection[];
  /** Which parts of an entity (a meeting's outcomes, …) each event makes and touches: a part's history. */
  partTracers: readonly PartTracer[];
  /** Seals a snapshot of the read models every SNAPSHOT_EVERY events, so as-of reads start near their point. */
  snapshotter: Snapshotter;
  commands: CommandHandler;
  pubSub: DaftarPubSub;
  /** This process's hold on DATA_DIR: one owner per data directory. */
  owner: DataDirOwner;
  /** The hash chain, verified from the last verified event at start and every INTEGRITY_CHECK_EVERY. */
  chain: ChainWatch;
  /** The chain's state and any damaged file rebuilt at start, for /healthz. */
  dataHealth(): DataHealthReport;
  /** A read failed as SQLite does on a damaged page: the read-model file is checked (and healed) in the background. */
  readModelDamageSuspected(): void;
  /** HS256 secret for bearer tokens: AUTH_JWT_SECRET, or a per-DATA_DIR development secret. */
  authSecret: string;
  /** Read models as they stood at a past point of the log. */
  readModelsAt(point: PointInLog): Promise<ReadModelStore>;
  /** One entity (a fold of its one stream) at a past point, started from the nearest snapshot. */
  entityAt<Doc extends object>(projection: Projection<Doc>, streamId: string, id: string, point: PointInLog): Promise<Doc | null>;
  /** One entity with the items of its lists at a past point, in a store of their own (see projections/entity-at.ts). */
  entityStoreAt(category: string, streamId: string, id: string, point: PointInLog): Promise<ReadModelStore>;
  close(): Promise<void>;
}
