import type { ReadAllOptions, RecordedEvent } from '../event-store';
import { parseSequencePosition, readWindowOf } from '../read-window';
import { copyOut, type MemoryLog } from './memory-log';
import { withinWindow } from './within-window';

/** `fromPosition` is a cursor, excluded in both directions. */
export const readAll = (log: MemoryLog, options: ReadAllOptions = {}): RecordedEvent[] => {
  const window = readWindowOf(options);
  const from = options.fromPosition === undefined ? undefined : parseSequencePosition(options.fromPosition, 'fromPosition');
  const inRange =
    window.direction === 'forwards'
      ? log.events.slice(from ?? 0)
      : log.events.slice(0, from === undefined ? log.events.length : Math.max(from - 1, 0)).reverse();
  return copyOut(withinWindow(inRange, window));
};
