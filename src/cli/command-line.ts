import { InvalidArgumentError } from 'commander';
import { ConfigError } from '../config';
import { EventStoreUnavailable } from '../eventstore/errors';

/** EX_CONFIG, as the server uses it: the configuration or the data directory must change before a retry helps. */
export const EXIT_CANNOT_START = 78;

/**
 * Runs a command's `main`: a failure is printed as `name: message` on stderr and exits with 1, or
 * with 78 when the configuration or the data directory refuses it (as the server does).
 */
export const runCommand = (name: string, main: () => Promise<void>): void => {
  main().catch((error) => {
    console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError || error instanceof EventStoreUnavailable ? EXIT_CANNOT_START : 1);
  });
};

/** Commander argument parser for a date-time option. */
export const parseInstant = (value: string): Date => {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) throw new InvalidArgumentError(`not a date-time: ${value} (use ISO 8601, e.g. 2025-03-21T10:00:00+03:30)`);
  return instant;
};
