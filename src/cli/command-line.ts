import { InvalidArgumentError } from 'commander';

/** Runs a command's `main`: a failure is printed as `name: message` on stderr and exits with 1. */
export const runCommand = (name: string, main: () => Promise<void>): void => {
  main().catch((error) => {
    console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
};

/** Commander argument parser for a date-time option. */
export const parseInstant = (value: string): Date => {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) throw new InvalidArgumentError(`not a date-time: ${value} (use ISO 8601, e.g. 2025-03-21T10:00:00+03:30)`);
  return instant;
};
