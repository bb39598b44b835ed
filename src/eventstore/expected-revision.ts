import type { ExpectedRevision } from './event-store';
import { StreamRevisionConflict } from './errors';

/** The same rule in every store: throws the typed conflict when the stream is not where the append expects it. */
export const assertExpectedRevision = (streamId: string, expected: ExpectedRevision, actual: number | null): void => {
  const matches =
    expected === 'ANY' ||
    (expected === 'NO_STREAM' && actual === null) ||
    (expected === 'STREAM_EXISTS' && actual !== null) ||
    (typeof expected === 'number' && actual === expected);
  if (!matches) throw new StreamRevisionConflict(streamId, expected, actual);
};
