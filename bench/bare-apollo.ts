import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/**
 * The stack's limit: Apollo Server 5 alone (`startStandaloneServer`, no express, no auth, no
 * limits, no store), serving Daftar's own schema with one trivial resolver per benchmarked
 * operation that returns, from memory, the very data the real server answered for it. Whatever
 * Daftar does beyond this is the price of its guarantees. Run as its own process
 * (`node dist/bench/bare-apollo.js`, config as JSON on stdin); prints `{"url": …}` when listening.
 */
export interface BareApolloConfig {
  /** The generated `schema/schema.graphql`: same types, same validation as the real server. */
  schemaFile: string;
  port: number;
  /** `data.meeting` of the entity query, by meeting id. */
  meetings: Record<string, unknown>;
  /** `data.meetings` of the list query. */
  meetingList: unknown;
  /** `data.recordOutcome` of a real mutation, by meeting id. */
  recordOutcome: Record<string, unknown>;
  /**
   * With it, the mutation is the floor of a durable one instead of a constant: one plain insert of
   * an event row and one upsert of a read-model row (each its own commit, as the log and the read
   * models are two files in Daftar), WAL, this `synchronous`, and the row returned.
   */
  floor?: { file: string; synchronous: 'NORMAL' | 'FULL' };
}

interface OutcomeInput {
  meetingId: string;
  kind: string;
  text: string;
}

/** The least a durable mutation does: append the event, upsert the read model it changes, answer with it. */
const durableFloor = (floor: NonNullable<BareApolloConfig['floor']>) => {
  const db = new Database(floor.file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${floor.synchronous}`);
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, recorded_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS read_models (id TEXT PRIMARY KEY, doc TEXT NOT NULL);`);
  const append = db.prepare<[string, string, string, string], { position: number }>(
    'INSERT INTO events (stream_id, type, data, recorded_at) VALUES (?, ?, ?, ?) RETURNING position',
  );
  const upsert = db.prepare<[string, string]>('INSERT INTO read_models (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc');
  const versions = new Map<string, number>();
  return (input: OutcomeInput) => {
    const recordedAt = new Date().toISOString();
    const { position } = append.get(`meeting-${input.meetingId}`, 'OutcomeRecorded', JSON.stringify(input), recordedAt)!;
    const version = (versions.get(input.meetingId) ?? 0) + 1;
    versions.set(input.meetingId, version);
    const meeting = { id: input.meetingId, version, status: 'IN_SESSION', outcomeCounts: [{ kind: input.kind, count: version }] };
    upsert.run(input.meetingId, JSON.stringify(meeting));
    return {
      position: String(position),
      meeting,
      events: [{ eventId: String(position), type: 'OutcomeRecorded', revision: version, position: String(position), recordedAt }],
    };
  };
};

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export const startBareApollo = async (config: BareApolloConfig): Promise<{ url: string; stop(): Promise<void> }> => {
  const anyPayload = Object.values(config.recordOutcome)[0];
  const floor = config.floor && durableFloor(config.floor);
  const server = new ApolloServer({
    typeDefs: readFileSync(config.schemaFile, 'utf8'),
    resolvers: {
      Query: {
        meeting: (_root: unknown, args: { id: string }) => config.meetings[args.id] ?? null,
        meetings: () => config.meetingList,
      },
      Mutation: {
        recordOutcome: (_root: unknown, args: { input: OutcomeInput }) =>
          floor ? floor(args.input) : (config.recordOutcome[args.input.meetingId] ?? anyPayload),
      },
    },
  });
  const { url } = await startStandaloneServer(server, { listen: { port: config.port, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
};

if (require.main === module) {
  readStdin()
    .then(async (text) => {
      const running = await startBareApollo(JSON.parse(text) as BareApolloConfig);
      process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
      const shutdown = () => void running.stop().then(() => process.exit(0));
      process.on('SIGTERM', shutdown);
      process.on('SIGINT', shutdown);
    })
    .catch((error: unknown) => {
      console.error('bare apollo failed:', error);
      process.exit(1);
    });
}
