import type { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type { RecordedEvent } from '../../../src/eventstore/event-store';
import { ChainVerifier, GENESIS_HASH, type UnhashedEvent } from '../../../src/eventstore/hash-chain';
import { ForeignEvent, fromEsdbEvent, isDaftarEvent, toEsdbEvent } from '../../../src/eventstore/esdb/envelope';
import { ESDB_HASHED_POSITION, esdbEventHashHolds, hashEsdbEvent } from '../../../src/eventstore/esdb/hash';
import { readPositionOf, positionFromString, positionToString } from '../../../src/eventstore/esdb/position';

/**
 * The envelope mapping only: what the adapter hands the client, carried as the bytes ESDB stores
 * and parsed back the way the client parses them. The store itself is tested against a real
 * server in esdb.int.test.ts.
 */
describe('ESDB envelope', () => {
  it('gives back, with its real position, an event whose hash holds under the ESDB rule', () => {
    const stored = viaTheWire(sealed(meetingScheduled), { commit: 4096n, prepare: 4096n }, 0n);
    const event = fromEsdbEvent(stored);
    expect(event).toEqual({ ...sealed(meetingScheduled), position: '4096/4096' });
    expect(esdbEventHashHolds(event)).toBe(true);
  });

  it('keeps recordedAt, schemaVersion and both links in the metadata, and ESDB correlation names beside ours', () => {
    const correlated = sealed({ ...meetingScheduled, metadata: { ...meetingScheduled.metadata, correlationId: 'c-1' } });
    expect(toEsdbEvent(correlated).metadata).toMatchObject({
      recordedAt: meetingScheduled.recordedAt,
      schemaVersion: 2,
      previousHash: GENESIS_HASH,
      correlationId: 'c-1',
      $correlationId: 'c-1',
    });
    const back = fromEsdbEvent(viaTheWire(correlated, { commit: 1n, prepare: 1n }, 0n));
    expect(back.metadata).toEqual({ ...meetingScheduled.metadata, correlationId: 'c-1' });
  });

  it('breaks the hash when a stored byte changes', () => {
    const stored = viaTheWire(sealed(meetingScheduled), { commit: 4096n, prepare: 4096n }, 0n);
    const tampered = fromEsdbEvent({ ...stored, data: { ...(stored.data as object), title: 'نشست دیگر' } } as EsdbRecordedEvent);
    expect(esdbEventHashHolds(tampered)).toBe(false);
  });

  it('is told apart from the plain rule: the ordinary verifier needs the blanked position', () => {
    const event = fromEsdbEvent(viaTheWire(sealed(meetingScheduled), { commit: 4096n, prepare: 4096n }, 0n));
    expect(new ChainVerifier().check(event)).toEqual({ position: '4096/4096', reason: 'hash-mismatch' });
    expect(new ChainVerifier().check({ ...event, position: ESDB_HASHED_POSITION })).toBeNull();
  });

  it('refuses an event without the Daftar envelope instead of guessing one', () => {
    const stored = viaTheWire(sealed(meetingScheduled), { commit: 1n, prepare: 1n }, 0n);
    const foreign = { ...stored, metadata: { source: 'elsewhere' } };
    expect(() => fromEsdbEvent(foreign as EsdbRecordedEvent)).toThrow(ForeignEvent);
  });

  it('passes over system events and the idempotency index', () => {
    expect(isDaftarEvent({ type: 'MeetingScheduled', streamId: 'meeting-1' })).toBe(true);
    expect(isDaftarEvent({ type: '$>', streamId: '$ce-meeting' })).toBe(false);
    expect(isDaftarEvent({ type: '$metadata', streamId: '$$meeting-1' })).toBe(false);
    expect(isDaftarEvent({ type: 'DaftarIdempotentAppend', streamId: '$daftar-idem-ab12' })).toBe(false);
  });
});

describe('ESDB positions', () => {
  it('round-trip commit/prepare beyond 2^53 through our string form', () => {
    const position = { commit: 2n ** 60n + 7n, prepare: 2n ** 60n + 3n };
    expect(positionFromString(positionToString(position))).toEqual(position);
  });

  it('start a read at ESDB START for our position 0 or none', () => {
    expect(readPositionOf(undefined)).toBe('start');
    expect(readPositionOf('0')).toBe('start');
    expect(readPositionOf('12/10')).toEqual({ commit: 12n, prepare: 10n });
  });
});

const meetingScheduled: UnhashedEvent = {
  eventId: '0192f1c4-5b6a-7c3d-8e9f-0a1b2c3d4e5f',
  type: 'MeetingScheduled',
  data: { meetingId: 'm-1', title: 'نشست منطقه‌ای استانداران و سفرا', location: 'تبریز' },
  schemaVersion: 2,
  streamId: 'meeting-m-1',
  revision: 0,
  position: ESDB_HASHED_POSITION,
  recordedAt: '2024-05-01T08:00:00.000Z',
  metadata: { occurredAt: '2024-04-30T10:00:00.000Z', actor: { id: 'u-1', name: 'دبیر', role: 'CLERK' } },
  previousHash: GENESIS_HASH,
};

function sealed(event: UnhashedEvent): RecordedEvent {
  return { ...event, hash: hashEsdbEvent(event) };
}

/** What the client sends, serialised as ESDB stores it and parsed as the client parses a read. */
function viaTheWire(event: RecordedEvent, position: { commit: bigint; prepare: bigint }, revision: bigint): EsdbRecordedEvent {
  const sent = toEsdbEvent(event);
  if (sent.contentType !== 'application/json') throw new Error('expected a JSON event');
  return {
    streamId: event.streamId,
    id: sent.id,
    isJson: true,
    revision,
    type: sent.type,
    created: new Date(),
    data: JSON.parse(JSON.stringify(sent.data)),
    metadata: JSON.parse(JSON.stringify(sent.metadata)),
    position,
  } as EsdbRecordedEvent;
}
