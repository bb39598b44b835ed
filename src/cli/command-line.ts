import { InvalidArgumentError } from 'commander';
import { isPosition } from '../eventstore/position';
import { fromJalali, looksJalali } from '../graphql/jalali';

/** Commander argument parser for a date-time option: ISO 8601, or a Solar Hijri date read in Tehran time, as the API takes them. */
export const parseInstant = (value: string): Date => {
  if (looksJalali(value)) {
    try {
      return fromJalali(value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  }
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime()))
    throw new InvalidArgumentError(`not a date-time: ${value} (use ISO 8601, e.g. 2025-03-21T10:00:00+03:30, or a Solar Hijri date such as 1404/01/01 14:30)`);
  return instant;
};

/** Commander argument parser for a global position of the log (`42`, or `commit/prepare` on EventStoreDB). */
export const parsePositionOption = (value: string): string => {
  if (!isPosition(value)) throw new InvalidArgumentError(`not a position: ${value} (a global position such as 1234, as ledgerHead or an event's position gives it)`);
  return value;
};

/** EX_CONFIG, as the server uses it: the configuration or the data directory must change before a retry helps. */
export const EXIT_CANNOT_START = 78;

/** A command that fails exits 78 when the configuration or the data directory refuses it (as the server does), else 1. */
export const exitCodeOf = async (error: unknown): Promise<number> => {
  const [{ ConfigError }, { EventStoreUnavailable }] = await Promise.all([import('../config'), import('../eventstore/errors')]);
  return error instanceof ConfigError || error instanceof EventStoreUnavailable ? EXIT_CANNOT_START : 1;
};
