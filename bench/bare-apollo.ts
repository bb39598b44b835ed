import { readFileSync } from 'node:fs';
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
}

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export const startBareApollo = async (config: BareApolloConfig): Promise<{ url: string; stop(): Promise<void> }> => {
  const anyPayload = Object.values(config.recordOutcome)[0];
  const server = new ApolloServer({
    typeDefs: readFileSync(config.schemaFile, 'utf8'),
    resolvers: {
      Query: {
        meeting: (_root: unknown, args: { id: string }) => config.meetings[args.id] ?? null,
        meetings: () => config.meetingList,
      },
      Mutation: {
        recordOutcome: (_root: unknown, args: { input: { meetingId: string } }) =>
          config.recordOutcome[args.input.meetingId] ?? anyPayload,
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
