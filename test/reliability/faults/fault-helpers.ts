import { join } from 'node:path';
import { openSqliteEventStore } from '../../../src/eventstore/sqlite';
import { projections } from '../../../src/read-models';
import { ReadModelStore } from '../../../projections/read-model-store';
import { buildReadModelsAt } from '../../../projections/read-models-at';
import type { TestServer } from '../../support/test-server';

export interface Health {
  httpStatus: number;
  status: string;
  projections: { state: string; since: string; attempts?: number; lastError?: { reason: string; message?: string } };
  snapshots: { state: string };
}

export const healthOf = async (server: TestServer): Promise<Health> => {
  const response = await fetch(server.url.replace('/graphql', '/healthz'));
  return { httpStatus: response.status, ...((await response.json()) as Omit<Health, 'httpStatus'>) };
};

/** Polls until `condition` holds; what a client or a probe would do, with a generous deadline. */
export const eventually = async <T>(probe: () => Promise<T>, condition: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** POSTs an operation and keeps the HTTP status and headers, which `server.gql` leaves out. */
export const post = async (server: TestServer, query: string, variables: Record<string, unknown> = {}, token = server.tokens.CLERK) => {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: { message: string; extensions: Record<string, any> }[] };
  return { httpStatus: response.status, retryAfter: response.headers.get('retry-after'), ...body };
};

export const SCHEDULE = `mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { meeting { id } } }`;
export const OPEN = `mutation ($input: OpenMeetingInput!) { openMeeting(input: $input) { meeting { id status } } }`;
export const RECORD_OUTCOME = `mutation ($input: RecordOutcomeInput!) {
  recordOutcome(input: $input) { position readModelsCaughtUp meeting { id version outcomes(first: 500) { totalCount edges { node { text } } } } }
}`;
export const MEETING = `query ($id: ID!, $after: String) { meeting(id: $id, consistentWith: $after) { version outcomes(first: 500) { totalCount edges { node { text } } } } }`;

export const textsOf = (meeting: { outcomes: { edges: { node: { text: string } }[] } }) => meeting.outcomes.edges.map((edge) => edge.node.text);

/** A meeting in session, ready for outcomes. */
export const openMeeting = async (server: TestServer): Promise<string> => {
  const { scheduleMeeting } = await server.ok(SCHEDULE, {
    input: { title: 'نشست منطقه‌ای استانداران و سفرا', location: 'تبریز', scheduledStart: '2026-05-01T05:30:00.000Z' },
  });
  await server.ok(OPEN, { input: { meetingId: scheduleMeeting.meeting.id } });
  return scheduleMeeting.meeting.id;
};

/** The texts of the outcomes the log holds for a meeting, once each time they were appended. */
export const outcomeTextsInLog = async (server: TestServer, meetingId: string): Promise<string[]> =>
  (await server.app.store.readStream(`meeting-${meetingId}`))
    .filter((event) => event.type === 'OutcomeRecorded')
    .map((event) => (event.data as { text: string }).text);

/** With the server stopped: the read-model file against a fold of the whole log from its first event. */
export const readModelsEqualRebuild = async (dataDir: string): Promise<boolean> => {
  const store = await openSqliteEventStore({ file: join(dataDir, 'events.sqlite') });
  const live = new ReadModelStore(join(dataDir, 'read-models.sqlite'), projections);
  const rebuilt = await buildReadModelsAt(store, projections, {});
  try {
    return projections.every(({ collection }) => JSON.stringify(live.all(collection)) === JSON.stringify(rebuilt.all(collection)));
  } finally {
    live.close();
    rebuilt.close();
    await store.close();
  }
};
