import Database from 'better-sqlite3';
import type { Actor } from '../../../src/core/event';
import type { EventStore, NewEvent, RecordedEvent } from '../../../src/eventstore/event-store';
import { ChainVerifier, type ChainBreak } from '../../../src/eventstore/hash-chain';
import { dropAppendOnlyTriggers } from '../../support/raw-sqlite';

export const clerk: Actor = { id: 'clerk-1', name: 'منشی یکم', role: 'CLERK' };

export const newEvent = (type: string, data: Record<string, unknown> = {}, idempotencyKey?: string): NewEvent => ({
  type,
  data,
  metadata: { occurredAt: '2025-03-21T08:30:00.000Z', actor: clerk, ...(idempotencyKey !== undefined && { idempotencyKey }) },
});

/** The first break in the whole log's chain, or null when every link holds. */
export const firstChainBreak = (events: RecordedEvent[]): ChainBreak | null => {
  const verifier = new ChainVerifier();
  for (const event of events) {
    const chainBreak = verifier.check(event);
    if (chainBreak) return chainBreak;
  }
  return null;
};

export const appendSample = async (store: EventStore): Promise<RecordedEvent[]> => {
  const recorded: RecordedEvent[] = [];
  recorded.push(...(await store.appendToStream('meeting-1', [newEvent('MeetingScheduled', { title: 'نشست ۱' })])).events);
  recorded.push(...(await store.appendToStream('resolution-9', [newEvent('ResolutionProposed', { text: 'بند ۶۴' })])).events);
  recorded.push(
    ...(await store.appendToStream('meeting-1', [newEvent('ParticipantAdded', { name: 'علی' }), newEvent('MeetingOpened')])).events,
  );
  return recorded;
};

/** Changes the file behind the store's back, as someone with write access to the disk could. */
export const tamper = (file: string, sql: string, ...params: unknown[]): void => {
  const db = new Database(file);
  try {
    dropAppendOnlyTriggers(db);
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
};
