import { EventStoreDBClient } from '@eventstore/db-client';
import pino, { type Logger } from 'pino';
import { EventStoreUnavailable } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventBatchHandler,
  EventStore,
  IdempotencyLookup,
  MultiStreamAppendResult,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { appendToStream, type AppendContext } from './append';
import { appendToStreams } from './append-to-streams';
import { findIdempotentAppend } from './idempotency';
import { readAll, readHeadEvent } from './read-all';
import { readStream, streamRevision } from './read-stream';
import { SerialQueue } from '../serial-queue';
import { subscribeToAll } from './subscribe';
import { OpenSubscriptions } from '../open-subscriptions';

export { ESDB_HASHED_POSITION, esdbEventHashHolds, hashEsdbEvent } from './hash';

export interface EsdbEventStoreOptions {
  /** `esdb://host:2113?tls=false`, or several hosts for a cluster; see docs/deployment.md. */
  connectionString: string;
  logger?: Logger;
}

/** The connection string as it may appear in a log or an error: without a password. */
const redacted = (connectionString: string): string => connectionString.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

class EsdbEventStore implements EventStore {
  readonly name = 'esdb' as const;
  private readonly subscriptions = new OpenSubscriptions();
  private readonly appends: AppendContext;
  private closed = false;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly logger: Logger,
    private readonly description: string,
  ) {
    this.appends = { client, logger, queue: new SerialQueue(), now: () => new Date() };
  }

  appendToStream(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return this.whileOpen(() => appendToStream(this.appends, streamId, events, options));
  }

  appendToStreams(appends: readonly StreamAppend[]): Promise<MultiStreamAppendResult> {
    return this.whileOpen(() => appendToStreams(this.appends, appends));
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.whileOpen(() => readStream(this.client, streamId, options));
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.whileOpen(() => readAll(this.client, options));
  }

  streamRevision(streamId: string): Promise<number | null> {
    return this.whileOpen(() => streamRevision(this.client, streamId));
  }

  subscribeToAll(options: SubscribeOptions, handler: EventBatchHandler): Subscription {
    if (this.closed) throw this.closedError();
    return this.subscriptions.track(subscribeToAll(this.client, this.logger, options, handler));
  }

  findIdempotentAppend(lookup: IdempotencyLookup): Promise<AppendResult | null> {
    return this.whileOpen(() => findIdempotentAppend(this.client, lookup));
  }

  head(): Promise<{ position: string; hash: string } | null> {
    return this.whileOpen(async () => {
      const last = await readHeadEvent(this.client);
      return last && { position: last.position, hash: last.hash };
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.appends.queue.drained();
    const reason = this.closedError();
    await this.subscriptions.abortAll(reason);
    await this.client.dispose();
    this.logger.info({ connection: this.description }, 'EventStoreDB event store closed');
  }

  private async whileOpen<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) throw this.closedError();
    return operation();
  }

  private closedError(): EventStoreUnavailable {
    return new EventStoreUnavailable(`the event store at ${this.description} is closed`);
  }
}

/**
 * Connects and reads the head of our chain once, so that a wrong address, a server that is down,
 * or a store holding events we cannot read is said at start-up rather than at the first command.
 */
export const openEsdbEventStore = async ({ connectionString, logger }: EsdbEventStoreOptions): Promise<EventStore> => {
  const log = logger ?? pino({ level: 'silent' });
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(connectionString);
  } catch (error) {
    throw new EventStoreUnavailable(`invalid EventStoreDB connection string ${redacted(connectionString)}`, { cause: error });
  }
  try {
    const head = await readHeadEvent(client);
    log.info({ connection: redacted(connectionString), head: head?.position ?? null }, 'EventStoreDB event store opened');
  } catch (error) {
    await client.dispose().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new EventStoreUnavailable(`EventStoreDB at ${redacted(connectionString)} cannot be used: ${reason}`, {
      cause: error,
    });
  }
  return new EsdbEventStore(client, log, redacted(connectionString));
};
