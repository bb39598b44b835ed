import { z } from 'zod';
import { CONNECTION_STRING_FORMS, storeKindOf } from './eventstore/connection-string';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** `90s`, `5m`, `1h`, `500ms`: a duration in milliseconds, at least `minMs`. */
const duration = (minMs: number) =>
  z
    .string()
    .regex(/^\d+(ms|s|m|h)$/, 'must be a duration: a whole number and a unit, ms, s, m or h (e.g. 30s, 5m, 1h)')
    .transform((text) => {
      const [, amount, unit] = /^(\d+)(ms|s|m|h)$/.exec(text)!;
      return Number(amount) * DURATION_UNITS_MS[unit as keyof typeof DURATION_UNITS_MS];
    })
    .refine((ms) => ms >= minMs, `must be at least ${minMs} ms`);

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  EVENTSTORE_CONNECTION_STRING: z
    .string()
    .refine((value) => storeKindOf(value) !== null, {
      message: `must start with ${CONNECTION_STRING_FORMS}`,
    })
    .optional(),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GRAPHQL_INTROSPECTION: booleanFlag.optional(),
  CONSISTENCY_TIMEOUT_MS: z.coerce.number().int().min(1).max(60000).default(5000),
  SNAPSHOT_EVERY: z.coerce.number().int().min(10).default(10000),
  REVIEW_OVERDUE_DAYS: z.coerce.number().int().min(1).default(365),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  // A request (headers and body) must arrive within HTTP_REQUEST_TIMEOUT_MS and its headers within
  // HTTP_HEADERS_TIMEOUT_MS, so a slow or silent client cannot hold a connection; 408 otherwise.
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  // Open connections (WebSocket ones included) beyond this are closed as they arrive: keep it below
  // the process's file-descriptor limit (`ulimit -n`), which the stores' files share.
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  /** The audit console at /console (built files, GraphQL only, no secret): on unless `false`. */
  CONSOLE: booleanFlag.default('true'),
  /** How often the hash chain is verified from the last verified event to the head (also at start). */
  INTEGRITY_CHECK_EVERY: duration(100).default('1m'),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once at start-up; every problem is named, not just the first. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  if (parsed.data.HTTP_HEADERS_TIMEOUT_MS > parsed.data.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError([
      `HTTP_HEADERS_TIMEOUT_MS: ${parsed.data.HTTP_HEADERS_TIMEOUT_MS} is longer than HTTP_REQUEST_TIMEOUT_MS (${parsed.data.HTTP_REQUEST_TIMEOUT_MS}): the headers are part of the request`,
    ]);
  }
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.AUTH_JWT_SECRET) {
    throw new ConfigError(['AUTH_JWT_SECRET: required when NODE_ENV=production (at least 32 characters)']);
  }
  return parsed.data;
};
