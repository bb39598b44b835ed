/** The fields of an EventRecord the console shows (timeline, live events): one selection, one type. */
export const EVENT_RECORD_FIELDS = `
  id eventId entityId entityType streamId type revision position
  occurredAt recordedAt reason correlationId causationId
  actor { id name role }
  data
  changes { path before after }
  hash previousHash
`;

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface EventRecord {
  id: string;
  eventId: string;
  entityId: string;
  entityType: string;
  streamId: string;
  type: string;
  revision: number;
  position: string;
  occurredAt: string;
  recordedAt: string;
  reason: string | null;
  /** The id of the request the event came from (the server's `x-request-id`). */
  correlationId: string | null;
  causationId: string | null;
  actor: { id: string; name: string; role: string };
  data: Record<string, unknown>;
  changes: FieldChange[];
  hash: string;
  previousHash: string;
}

/** The delegation the act relied on (adoptions and grants record `underDelegationId`), if any. */
export const underDelegationOf = (event: Pick<EventRecord, 'data'>): string | null => {
  const id = event.data?.underDelegationId;
  return typeof id === 'string' ? id : null;
};
