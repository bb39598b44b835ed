import type { RecordedEvent } from '../event-store';
import { hashEvent, type UnhashedEvent } from '../hash-chain';

/**
 * EventStoreDB assigns an event's global position only once the write is done, after the hash
 * has to be fixed. So an ESDB event is hashed with `position` set to this value, and the stored
 * envelope (read back with its real position) verifies only when hashed the same way.
 */
export const ESDB_HASHED_POSITION = '';

/** The hash an ESDB-stored event must carry: the usual envelope hash, taken with the position blanked. */
export const hashEsdbEvent = (event: UnhashedEvent): string => hashEvent({ ...event, position: ESDB_HASHED_POSITION });

/** True when the event's own hash holds under the ESDB rule (the `previousHash` link is checked separately). */
export const esdbEventHashHolds = (event: RecordedEvent): boolean => hashEsdbEvent(event) === event.hash;
