import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createApp, type App } from '../src/app';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/logger';
import { signToken } from '../src/auth/tokens';
import { startServer, type RunningServer } from '../src/server';
import { entityIdOf } from '../src/core/streams';
import { openSqliteEventStore } from '../src/eventstore/sqlite';
import { SQLITE_EVENT_LOG_FILE } from '../src/eventstore/open-event-store';
import { seededRandom, steppingClock, SYNTHETIC_ACTORS, writeSyntheticLog } from './synthetic-log';

/**
 * As-of reads at scale: a store of `events` events (many organization and regional-group streams
 * touched over the whole timeline, one organization stream of `hot` events), then, over GraphQL on
 * the real server, the latency of
 * - an entity as-of on the long stream at random past times,
 * - a list as-of at random past times (a fresh point each time: no cache hit), and its next page,
 * - audit-log pages with a filter (actor, entity type, event type, one entity).
 */
export interface AsOfBenchOptions {
  events?: number;
  hot?: number;
  samples?: number;
  snapshotEvery?: number;
  /** Reuse (or keep) a store here instead of a temporary one: building a million events takes minutes. */
  dataDir?: string;
}

const TARGETS_MS = { entityAsOfP50: 20, listAsOfP50: 500, auditPageP50: 20 };

const progress = (message: string): void => {
  process.stderr.write(`[bench asof] ${message}\n`);
};

const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(2));
};

const summary = (samples: number[]) => ({ p50: percentile(samples, 50), p95: percentile(samples, 95), n: samples.length });

const seconds = (since: number) => Number(((performance.now() - since) / 1000).toFixed(1));

const buildStore = async (dataDir: string, events: number, hot: number) => {
  const store = await openSqliteEventStore({
    file: join(dataDir, SQLITE_EVENT_LOG_FILE),
    // Five minutes between appends: a million events cover about a year of recorded time.
    clock: steppingClock(new Date('2024-03-20T00:00:00Z'), 5 * 60_000),
  });
  try {
    if (await store.head()) {
      progress('reusing the store already in the data directory');
    } else {
      const started = performance.now();
      let reported = 0;
      await writeSyntheticLog(store, {
        totalEvents: events,
        hotStreamEvents: hot,
        eventsPerOrganization: 50,
        onProgress: (written) => {
          if (written - reported >= 100_000) {
            reported = written;
            progress(`${written} events written (${seconds(started)} s)`);
          }
        },
      });
      progress(`store built: ${events} events in ${seconds(started)} s`);
      return seconds(started);
    }
  } finally {
    await store.close();
  }
  return null;
};

const graphql = async (server: RunningServer, token: string, query: string, variables: Record<string, unknown>) => {
  const started = performance.now();
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  const ms = performance.now() - started;
  return { ms, data: body.data, errors: body.errors };
};

const mustSucceed = (result: Awaited<ReturnType<typeof graphql>>, what: string) => {
  if (result.errors?.length) throw new Error(`${what}: ${JSON.stringify(result.errors)}`);
  return result;
};

const ENTITY_AS_OF = 'query ($id: ID!, $asOf: DateTime) { organization(id: $id, asOf: $asOf) { id version name updatedAt } }';
const LIST_AS_OF = `query ($asOf: DateTime, $after: String) {
  organizations(asOf: $asOf, first: 50, after: $after, filter: { kind: PROVINCE }) {
    totalCount pageInfo { endCursor hasNextPage } edges { node { id version name updatedAt } } } }`;
const AUDIT_PAGE = `query ($filter: AuditLogFilter, $after: String) {
  auditLog(filter: $filter, first: 50, after: $after) {
    pageInfo { endCursor hasNextPage } edges { node { position type streamId recordedAt hash } } } }`;

type AuditFilter = { actorId?: string; entityType?: string; entityId?: string; types?: string[] };

/** The fallback when the server has no audit-log table: read the log forwards and keep what matches. */
const pageByScanning = async (app: App, filter: AuditFilter, fromPosition: string, size = 50) => {
  const page = [];
  let cursor = fromPosition;
  while (page.length < size) {
    const batch = await app.store.readAll({ fromPosition: cursor, maxCount: 1_000 });
    if (batch.length === 0) break;
    for (const event of batch) {
      const [entityType] = event.streamId.split('-', 1);
      if (filter.actorId && event.metadata.actor.id !== filter.actorId) continue;
      if (filter.entityType && entityType !== filter.entityType) continue;
      if (filter.entityId && entityIdOf(event.streamId) !== filter.entityId) continue;
      if (filter.types && !filter.types.includes(event.type)) continue;
      page.push(event);
      if (page.length === size) break;
    }
    cursor = batch[batch.length - 1].position;
  }
  return page;
};

export const runAsOfBench = async (options: AsOfBenchOptions) => {
  const events = options.events ?? 1_000_000;
  const hot = Math.min(options.hot ?? 10_000, Math.floor(events / 2));
  const samples = options.samples ?? 40;
  const snapshotEvery = options.snapshotEvery ?? 10_000;
  const temporary = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'daftar-bench-asof-'));
  mkdirSync(dataDir, { recursive: true });
  const random = seededRandom(2024);
  let app: App | null = null;
  let server: RunningServer | null = null;
  try {
    const buildSeconds = await buildStore(dataDir, events, hot);

    const started = performance.now();
    const secret = randomBytes(32).toString('hex');
    app = await createApp(
      loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, AUTH_JWT_SECRET: secret, SNAPSHOT_EVERY: String(snapshotEvery) }),
      silentLogger,
    );
    const head = (await app.store.head())!;
    await Promise.all([app.projections.waitFor(head.position, 60 * 60_000), app.snapshotter.caughtUpTo(head.position)]);
    const catchUpSeconds = seconds(started);
    progress(`read models and snapshots caught up in ${catchUpSeconds} s`);
    // A log the server has not verified yet is verified once after start, on the thread that
    // answers requests: measured meanwhile, every request would carry a share of it.
    const verifying = performance.now();
    const chain = await app.chain.check();
    if (chain.status !== 'INTACT') throw new Error(`the hash chain of the bench's log is ${chain.status}: ${chain.reason ?? ''}`);
    const chainCheckSeconds = seconds(verifying);
    progress(`hash chain verified to ${chain.verifiedPosition} in ${chainCheckSeconds} s`);

    const [first] = await app.store.readAll({ maxCount: 1 });
    const storeEvents = Number(head.position);
    // The synthetic log starts with the long stream's first event.
    const hotId = entityIdOf(first.streamId);
    const firstTime = Date.parse(first.recordedAt);
    const [last] = await app.store.readAll({ direction: 'backwards', maxCount: 1 });
    const lastTime = Date.parse(last.recordedAt);
    const randomPastTime = () => new Date(firstTime + random() * (lastTime - firstTime)).toISOString();

    server = await startServer(app, 0, '127.0.0.1');
    const token = await signToken({ sub: 'bench', name: 'bench', roles: ['AUDITOR'], expiresIn: '1h' }, app.authSecret);
    const hotVersion = mustSucceed(await graphql(server, token, ENTITY_AS_OF, { id: hotId }), 'entity').data.organization.version;
    progress(`the long stream has ${hotVersion + 1} events; measuring ${samples} samples each`);

    // Warm-up: JIT, prepared statements, the schema's first execution.
    for (let i = 0; i < 3; i++) await graphql(server, token, ENTITY_AS_OF, { id: hotId, asOf: randomPastTime() });

    const entityMs: number[] = [];
    for (let i = 0; i < samples; i++)
      entityMs.push(mustSucceed(await graphql(server, token, ENTITY_AS_OF, { id: hotId, asOf: randomPastTime() }), 'entity as-of').ms);

    const listMs: number[] = [];
    const nextPageMs: number[] = [];
    const listSamples = Math.max(5, Math.ceil(samples / 2));
    for (let i = 0; i < listSamples; i++) {
      const asOf = randomPastTime();
      const page = mustSucceed(await graphql(server, token, LIST_AS_OF, { asOf }), 'list as-of');
      listMs.push(page.ms);
      const { endCursor, hasNextPage } = page.data.organizations.pageInfo;
      if (hasNextPage) nextPageMs.push(mustSucceed(await graphql(server, token, LIST_AS_OF, { asOf, after: endCursor }), 'list page 2').ms);
    }
    progress(`list as-of done`);

    const filters: AuditFilter[] = [
      { actorId: SYNTHETIC_ACTORS[1].id },
      { entityType: 'regionalGroup' },
      { types: ['OrganizationRegistered'] },
      { entityId: hotId },
      { actorId: SYNTHETIC_ACTORS[2].id, types: ['OrganizationRenamed'] },
    ];
    const auditMs: number[] = [];
    let audit: 'auditLog over GraphQL' | 'readAll scan (no auditLog query in this build)' = 'auditLog over GraphQL';
    const probe = await graphql(server, token, AUDIT_PAGE, { filter: filters[0] });
    if (probe.errors?.some((error) => error.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')) {
      audit = 'readAll scan (no auditLog query in this build)';
      for (let i = 0; i < samples; i++) {
        const startAfter = String(1 + Math.floor(random() * storeEvents * 0.9));
        const began = performance.now();
        await pageByScanning(app, filters[i % filters.length], startAfter);
        auditMs.push(performance.now() - began);
      }
    } else
      for (let i = 0; i < samples; i++) {
        const filter = filters[i % filters.length];
        // A page somewhere in the log: start after a random position, then follow the cursor once.
        const startAfter = String(1 + Math.floor(random() * storeEvents * 0.9));
        const page = mustSucceed(await graphql(server, token, AUDIT_PAGE, { filter: { ...filter, fromPosition: startAfter } }), 'audit page');
        auditMs.push(page.ms);
        const { endCursor, hasNextPage } = page.data.auditLog.pageInfo;
        if (hasNextPage) auditMs.push(mustSucceed(await graphql(server, token, AUDIT_PAGE, { filter, after: endCursor }), 'audit next page').ms);
      }

    const entity = summary(entityMs);
    const list = summary(listMs);
    const auditPages = auditMs.length ? summary(auditMs) : null;
    return {
      bench: 'asof',
      events: storeEvents,
      longStreamEvents: hotVersion + 1,
      snapshotEvery,
      buildStoreSeconds: buildSeconds,
      catchUpSeconds,
      chainCheckSeconds,
      entityAsOfMs: entity,
      listAsOfMs: list,
      listNextPageMs: nextPageMs.length ? summary(nextPageMs) : null,
      auditPageMs: auditPages,
      audit,
      targetsMs: TARGETS_MS,
      met: {
        entityAsOf: entity.p50 <= TARGETS_MS.entityAsOfP50,
        listAsOf: list.p50 <= TARGETS_MS.listAsOfP50,
        auditPage: auditPages ? auditPages.p50 <= TARGETS_MS.auditPageP50 : null,
      },
    };
  } finally {
    await server?.stop();
    await app?.close();
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
    else progress(`the store stays in ${dataDir} for the next run`);
  }
};
