import type { ReadStreamOptions, RecordedEvent } from '../event-store';
import { readWindowOf } from '../read-window';
import { copyOut, type MemoryLog } from './memory-log';
import { withinWindow } from './within-window';

export const readStream = (log: MemoryLog, streamId: string, options: ReadStreamOptions = {}): RecordedEvent[] => {
  const window = readWindowOf(options);
  const { fromRevision } = options;
  if (fromRevision !== undefined && (!Number.isInteger(fromRevision) || fromRevision < 0))
    throw new RangeError(`fromRevision must be a non-negative integer, got ${fromRevision}`);
  const forwards = window.direction === 'forwards';
  const stream = log.streams.get(streamId) ?? [];
  const inRange = stream.filter(
    (event) =>
      fromRevision === undefined || (forwards ? event.revision >= fromRevision : event.revision <= fromRevision),
  );
  return copyOut(withinWindow(forwards ? inRange : inRange.reverse(), window));
};
