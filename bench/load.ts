import autocannon from 'autocannon';

/**
 * The load generator, run as its own process (`node dist/bench/load.js`, the spec as JSON on
 * stdin, the result as one JSON line on stdout), so that firing requests never competes with the
 * process that measures or with the server for one event loop.
 */
export interface LoadSpec {
  url: string;
  connections: number;
  durationSec: number;
  headers: Record<string, string>;
  /** Each request posts one of these, picked at random: a different meeting per request. */
  bodies: string[];
}

export interface LoadResult {
  requests: number;
  durationSec: number;
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 200 answers whose body carried GraphQL `errors`: a run with any is not a fair figure. */
  graphqlErrors: number;
  firstGraphqlError?: string;
}

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export const runLoad = async (spec: LoadSpec): Promise<LoadResult> => {
  if (spec.bodies.length === 0) throw new Error('a load needs at least one request body');
  let graphqlErrors = 0;
  let firstGraphqlError: string | undefined;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSec,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...spec.headers },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: spec.bodies[Math.floor(Math.random() * spec.bodies.length)] }),
        onResponse: (_status, body) => {
          if (body.includes('"errors"')) {
            graphqlErrors++;
            firstGraphqlError ??= body.slice(0, 500);
          }
        },
      },
    ],
  });
  const durationSec = result.duration;
  return {
    requests: result.requests.total,
    durationSec,
    requestsPerSec: Math.round(result.requests.total / durationSec),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    graphqlErrors,
    ...(firstGraphqlError !== undefined && { firstGraphqlError }),
  };
};

if (require.main === module) {
  readStdin()
    .then((text) => runLoad(JSON.parse(text) as LoadSpec))
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      console.error('load failed:', error);
      process.exit(1);
    });
}
