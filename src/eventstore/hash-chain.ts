import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { RecordedEvent } from './event-store';

export const GENESIS_HASH = '0'.repeat(64);

export type UnhashedEvent = Omit<RecordedEvent, 'hash'>;

/**
 * hash = SHA-256 of the RFC 8785 canonical JSON of the envelope without `hash`
 * (which includes `previousHash`): change any stored byte and this event's hash,
 * and every later link, no longer verifies.
 */
export const hashEvent = (event: UnhashedEvent): string => {
  const envelope: UnhashedEvent = {
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    recordedAt: event.recordedAt,
    metadata: event.metadata,
    previousHash: event.previousHash,
  };
  const canonical = canonicalize(envelope);
  if (canonical === undefined) throw new TypeError('event envelope cannot be canonicalised');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
};

export const sealEvent = (event: UnhashedEvent): RecordedEvent => ({ ...event, hash: hashEvent(event) });

export interface ChainBreak {
  position: string;
  reason: 'hash-mismatch' | 'previous-hash-mismatch';
}

/** A break in words an auditor can act on. */
export const describeChainBreak = ({ position, reason }: ChainBreak): string =>
  reason === 'hash-mismatch'
    ? `the event at position ${position} was altered after it was recorded: its content no longer matches its hash`
    : `the event at position ${position} does not link to the event before it: an event before it was removed, inserted or reordered`;

/** How a store hashes its envelopes: `hashEvent`, unless the store fixes the hash before it knows the position (ESDB). */
export type HashRule = (event: UnhashedEvent) => string;

/** Walks events in global order; returns the first break, or null when every link holds. */
export class ChainVerifier {
  private previousHash = GENESIS_HASH;
  checked = 0;

  constructor(
    startHash: string = GENESIS_HASH,
    private readonly hashOf: HashRule = hashEvent,
  ) {
    this.previousHash = startHash;
  }

  check(event: RecordedEvent): ChainBreak | null {
    this.checked++;
    if (event.previousHash !== this.previousHash) return { position: event.position, reason: 'previous-hash-mismatch' };
    if (this.hashOf(event) !== event.hash) return { position: event.position, reason: 'hash-mismatch' };
    this.previousHash = event.hash;
    return null;
  }

  get headHash(): string {
    return this.previousHash;
  }
}
