import type { RecordedEvent as EsdbRecordedEvent, StreamingRead } from '@eventstore/db-client';
import type { ReadDirection, ReadLimits, RecordedEvent } from '../event-store';
import { fromEsdbEvent, isDaftarEvent } from './envelope';
import { limitVerdict } from './read-limits';

export interface CollectOptions extends ReadLimits {
  direction: ReadDirection;
  /** Passes over events the server returned that the caller did not ask for (e.g. the start position itself). */
  accept?: (event: RecordedEvent) => boolean;
}

/**
 * Drains an ESDB read into our envelopes: system events and our idempotency index are passed over,
 * `maxCount` counts only the events kept, and the server-side read is cancelled as soon as we have
 * enough, so a limit near the start does not stream the rest of the log.
 */
export const collectEvents = async (
  read: StreamingRead<{ event?: EsdbRecordedEvent }>,
  options: CollectOptions,
): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  const wanted = options.maxCount ?? Number.POSITIVE_INFINITY;
  if (wanted <= 0) {
    await read.cancel().catch(() => undefined);
    return events;
  }
  try {
    for await (const resolved of read) {
      if (!resolved.event || !isDaftarEvent(resolved.event)) continue;
      const event = fromEsdbEvent(resolved.event);
      if (options.accept && !options.accept(event)) continue;
      const verdict = limitVerdict(event, options, options.direction);
      if (verdict === 'stop') break;
      if (verdict === 'skip') continue;
      events.push(event);
      if (events.length >= wanted) break;
    }
  } finally {
    // Cancelling a call that already ended is a no-op; a failure here must not hide the read's own error.
    await read.cancel().catch(() => undefined);
  }
  return events;
};
