import { eventCount, mutationText } from '../../support/graphql-helpers';
import { startTestServer, type TestServer } from '../../support/test-server';

const REGISTER = mutationText('registerOrganization', 'organization { id name version } events { eventId type } position');
const RENAME = mutationText('renameOrganization', 'organization { name version } position');
const SCHEDULE = mutationText('scheduleMeeting', 'meeting { id } position');
const ADD_PARTICIPANT = mutationText('addParticipant', 'meeting { id version participants { personName } } events { eventId } position');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const registration = (name: string, idempotencyKey: string) => ({ kind: 'PROVINCE', name, country: 'IR', idempotencyKey });

describe('a client retries a keyed mutation after the entity was changed by later commands', () => {
  it('is answered with the first result: the entity as of the first append, and nothing appended', async () => {
    const input = registration('استان زنجان', 'register-zanjan');
    const first = (await server.ok(REGISTER, { input })).registerOrganization;
    await server.ok(RENAME, { input: { organizationId: first.organization.id, name: 'استان زنجان (نام تازه)' } });
    const count = await eventCount(server);

    const retried = (await server.ok(REGISTER, { input })).registerOrganization;

    expect(retried).toEqual(first);
    expect(retried.organization).toMatchObject({ name: 'استان زنجان', version: 0 });
    expect(await eventCount(server)).toBe(count);
  });

  it('is answered with the entity as the first append left it, on an existing entity too', async () => {
    const meetingId = (
      await server.ok(SCHEDULE, { input: { title: 'نشست کلید تکراری', location: 'زنجان', scheduledStart: '2031-05-01T09:00:00Z' } })
    ).scheduleMeeting.meeting.id;
    const organizationId = (await server.ok(REGISTER, { input: registration('استان قزوین', 'register-qazvin') })).registerOrganization
      .organization.id;
    const secretary = { meetingId, organizationId, role: 'SECRETARY', personName: 'دبیر', idempotencyKey: 'add-secretary' };
    const first = (await server.ok(ADD_PARTICIPANT, { input: secretary })).addParticipant;
    await server.ok(ADD_PARTICIPANT, { input: { meetingId, organizationId, role: 'OBSERVER', personName: 'ناظر' } });
    const count = await eventCount(server);

    const retried = (await server.ok(ADD_PARTICIPANT, { input: secretary })).addParticipant;

    expect(retried).toEqual(first);
    expect(retried.meeting.participants).toEqual([{ personName: 'دبیر' }]);
    expect(await eventCount(server)).toBe(count);
  });

  it('counts the same request however its arguments are spelled (field order, time zone of a DateTime)', async () => {
    const input = { title: 'نشست املا', location: 'زنجان', scheduledStart: '2031-06-01T09:00:00Z', idempotencyKey: 'schedule-spelling' };
    const first = (await server.ok(SCHEDULE, { input })).scheduleMeeting;
    const respelled = { idempotencyKey: input.idempotencyKey, scheduledStart: '2031-06-01T12:30:00+03:30', location: input.location, title: input.title };
    expect((await server.ok(SCHEDULE, { input: respelled })).scheduleMeeting).toEqual(first);
  });
});

describe('a client reuses an idempotency key for a different request', () => {
  const refusedAsReused = async (query: string, input: Record<string, unknown>, firstPosition: string) => {
    const count = await eventCount(server);
    const result = await server.gql(query, { input });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey: input.idempotencyKey, position: firstPosition });
    expect(result.data).toBeNull();
    expect(await eventCount(server)).toBe(count);
  };

  it('is refused with IDEMPOTENCY_KEY_REUSED and nothing appended: other arguments, another reason, another mutation', async () => {
    const input = registration('استان سمنان', 'register-semnan');
    const first = (await server.ok(REGISTER, { input })).registerOrganization;

    await refusedAsReused(REGISTER, { ...input, name: 'استان مازندران' }, first.position);
    await refusedAsReused(REGISTER, { ...input, reason: 'ثبت دوباره' }, first.position);
    await refusedAsReused(SCHEDULE, { title: 'نشست', location: 'سمنان', scheduledStart: '2031-01-01T09:00:00Z', idempotencyKey: input.idempotencyKey }, first.position);

    expect((await server.ok(REGISTER, { input })).registerOrganization).toEqual(first);
  });

  it('leaves the key free for another actor, whose keys are their own', async () => {
    const input = registration('استان گلستان', 'register-golestan');
    await server.ok(REGISTER, { input });
    const otherClerk = await server.tokenFor('clerk-2', 'منشی دوم', ['CLERK']);
    const theirs = await server.ok(REGISTER, { input: { ...input, name: 'استان خراسان شمالی' } }, otherClerk);
    expect(theirs.registerOrganization.organization.name).toBe('استان خراسان شمالی');
  });
});

describe('a keyed request first made before requests were fingerprinted is retried with other arguments', () => {
  it('is replayed as before: the first result, nothing appended (the old request cannot be compared)', async () => {
    const organizationId = '0190c8a0-1111-7000-8000-000000000001';
    const old = await server.app.store.appendToStream(`organization-${organizationId}`, [
      {
        type: 'OrganizationRegistered',
        data: { organizationId, kind: 'PROVINCE', name: 'استان ایلام' },
        metadata: { occurredAt: '2024-01-01T00:00:00.000Z', actor: { id: 'clerk-1', name: 'منشی یکم', role: 'CLERK' }, idempotencyKey: 'before-fingerprints' },
      },
    ]);
    const count = await eventCount(server);

    const retried = (await server.ok(REGISTER, { input: registration('استان لرستان', 'before-fingerprints') })).registerOrganization;

    expect(retried).toMatchObject({ organization: { id: organizationId, name: 'استان ایلام' }, position: old.position });
    expect(await eventCount(server)).toBe(count);
  });
});

describe('ten clients send the same keyed request at once', () => {
  it('appends it once and answers all ten with the same result', async () => {
    const input = registration('استان کرمانشاه', 'register-kermanshah-once');
    const count = await eventCount(server);

    const answers = await Promise.all(Array.from({ length: 10 }, () => server.gql(REGISTER, { input })));

    expect(answers.map((answer) => answer.errors)).toEqual(Array(10).fill(undefined));
    const results = answers.map((answer) => answer.data.registerOrganization);
    for (const result of results) expect(result).toEqual(results[0]);
    expect(await eventCount(server)).toBe(count + 1);
  });

  it('with ten different inputs: one is appended, the nine others are refused as IDEMPOTENCY_KEY_REUSED', async () => {
    const count = await eventCount(server);

    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => server.gql(REGISTER, { input: registration(`استان ${i}`, 'register-contested') })),
    );

    expect(answers.filter((answer) => !answer.errors)).toHaveLength(1);
    expect(answers.filter((answer) => answer.errors?.[0].extensions.code === 'IDEMPOTENCY_KEY_REUSED')).toHaveLength(9);
    expect(await eventCount(server)).toBe(count + 1);
  });
});
