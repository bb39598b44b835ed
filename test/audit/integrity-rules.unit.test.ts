import type { EventStore, ReadAllOptions, RecordedEvent } from '../../src/eventstore/event-store';
import { GENESIS_HASH, hashEvent } from '../../src/eventstore/hash-chain';
import { hashEsdbEvent } from '../../src/eventstore/esdb/hash';
import { comparePositions } from '../../src/eventstore/position';
import { verifyLedger } from '../../src/audit/integrity';

/** A log in memory as a store would return it, sealed with the given hash rule. */
const chainOf = (positions: string[], hashOf: (event: Omit<RecordedEvent, 'hash'>) => string): RecordedEvent[] => {
  let previousHash = GENESIS_HASH;
  return positions.map((position, index) => {
    const unhashed = {
      eventId: `0190c8a0-0000-7000-8000-00000000000${index}`,
      type: 'OrganizationRenamed',
      data: { name: `استان ${index}` },
      schemaVersion: 1,
      streamId: 'organization-o1',
      revision: index,
      position,
      recordedAt: `2025-03-21T08:3${index}:00.000Z`,
      metadata: { occurredAt: '2025-03-21T08:30:00.000Z', actor: { id: 'clerk-1', name: 'منشی', role: 'CLERK' as const } },
      previousHash,
    };
    previousHash = hashOf(unhashed);
    return { ...unhashed, hash: previousHash };
  });
};

const readerOf = (name: EventStore['name'], events: RecordedEvent[]): Pick<EventStore, 'name' | 'readAll'> => ({
  name,
  readAll: async ({ fromPosition, maxCount }: ReadAllOptions = {}) =>
    events.filter((event) => fromPosition === undefined || comparePositions(event.position, fromPosition) > 0).slice(0, maxCount),
});

const ESDB_POSITIONS = ['4096/4096', '8192/8192', '8192/8300', '12288/12288'];

describe('the hash rule each store is verified with', () => {
  it('verifies an EventStoreDB log, whose hashes are taken with the position blank', async () => {
    const log = chainOf(ESDB_POSITIONS, hashEsdbEvent);
    expect(await verifyLedger(readerOf('esdb', log), { batchSize: 2 })).toMatchObject({ ok: true, checkedEvents: 4, headPosition: '12288/12288' });
  });

  it('still finds a changed EventStoreDB event, at its position', async () => {
    const log = chainOf(ESDB_POSITIONS, hashEsdbEvent);
    log[2] = { ...log[2], data: { name: 'دیگر' } };
    expect(await verifyLedger(readerOf('esdb', log))).toMatchObject({ ok: false, firstBrokenPosition: '8192/8300' });
  });

  it('does not accept blank-position hashes from a SQLite log: its positions stay under the hash', async () => {
    const log = chainOf(['1', '2', '3'], hashEsdbEvent);
    expect(await verifyLedger(readerOf('sqlite', log))).toMatchObject({ ok: false, firstBrokenPosition: '1' });
  });

  it('finds a SQLite event moved to another position (under the EventStoreDB rule only the chain order guards positions)', async () => {
    const log = chainOf(['1', '2', '3'], hashEvent);
    log[2] = { ...log[2], position: '4' };
    expect(await verifyLedger(readerOf('sqlite', log))).toMatchObject({ ok: false, firstBrokenPosition: '4' });
    expect(await verifyLedger(readerOf('esdb', chainOf(['1', '2', '3'], hashEsdbEvent).map((e, i) => (i === 2 ? { ...e, position: '4' } : e))))).toMatchObject({ ok: true });
  });
});
