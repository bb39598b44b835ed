import { Client, type ClientConfig } from 'pg';
import type { Logger } from 'pino';
import { APPENDED_CHANNEL } from './advisory-locks';

/** How long to wait before listening again on a new connection after the last one was lost. */
const RECONNECT_DELAY_MS = 1_000;

/** How the listening connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'daftar-listener';

/**
 * One LISTEN connection per store, open while any subscription wants waking: the notification an
 * append sends when it commits, from any process, wakes them all. A lost connection is opened again
 * after a pause. Meanwhile, and in case a notification never comes, the subscriptions poll: a
 * wake-up only shortens their wait, the read decides what they deliver.
 */
export class AppendNotifications {
  private readonly wakes = new Set<() => void>();
  private client: Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly logger?: Logger,
  ) {}

  /** Calls `wake` after every commit announced; returns how to stop. */
  onAppend(wake: () => void): () => void {
    this.wakes.add(wake);
    if (!this.client && !this.reconnectTimer) void this.listen();
    return () => {
      this.wakes.delete(wake);
      if (this.wakes.size === 0) void this.disconnect();
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.disconnect();
  }

  private wakeAll(): void {
    for (const wake of this.wakes) wake();
  }

  private async listen(): Promise<void> {
    if (this.closed || this.wakes.size === 0) return;
    const client = new Client({ ...this.config, application_name: LISTENER_APPLICATION_NAME });
    this.client = client;
    client.on('notification', () => this.wakeAll());
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${APPENDED_CHANNEL}`);
      this.logger?.debug('listening for appends');
      // Appends committed while nothing listened announced themselves to no one.
      this.wakeAll();
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    if (this.closed || this.wakes.size === 0) return;
    this.logger?.warn({ err: error }, 'the PostgreSQL connection listening for appends was lost: polling until it is back');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.listen();
    }, RECONNECT_DELAY_MS);
    this.reconnectTimer.unref();
  }

  private async disconnect(): Promise<void> {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
