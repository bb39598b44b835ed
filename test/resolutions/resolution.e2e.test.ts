import { startTestServer, type GraphQLResponse, type TestServer } from '../support/test-server';
import { eventCount, mutationText, PERSIAN_DATE_TIME, refusedMutation, registerOrganization, UNKNOWN_ID } from '../support/graphql-helpers';

const RESOLUTION_FIELDS = `
  id entityId version title text status meetingId fromOutcomeId proposedAt
  referrals { organizationId organization { id name } note referredAt recordedAt }
  responsibleOrganizationId responsibleOrganization { id name } dueDate assignedAt
  progress { note percent reportedAt recordedAt } percentComplete
  adoptedAt rejectedAt rejectionReason implementedAt implementationNote withdrawnAt withdrawalReason
  supersededById supersededAt supersededBy { id status } supersedes { id status }
  createdAt updatedAt history { totalCount edges { node { type revision } } }`;

type MutationName =
  | 'proposeResolution'
  | 'amendResolution'
  | 'adoptResolution'
  | 'rejectResolution'
  | 'referResolution'
  | 'assignResolution'
  | 'recordResolutionProgress'
  | 'markResolutionImplemented'
  | 'withdrawResolution'
  | 'supersedeResolution';

const mutationOf = (name: MutationName) =>
  mutationText(name, `resolution { ${RESOLUTION_FIELDS} } events { type revision position occurredAt reason actor { id name role } data } position`);

const RESOLUTION_QUERY = `query ($id: ID!, $asOf: DateTime, $atPosition: String, $consistentWith: String) {
  resolution(id: $id, asOf: $asOf, atPosition: $atPosition, consistentWith: $consistentWith) { ${RESOLUTION_FIELDS} }
}`;

const LIST_QUERY = `query ($filter: ResolutionFilter, $first: Int) {
  resolutions(filter: $filter, first: $first) { totalCount edges { node { id title status } } }
}`;


describe('resolutions over GraphQL', () => {
  let server: TestServer;
  let provinceId: string;
  let headquartersId: string;
  let committeeId: string;
  let dissolvedId: string;

  type Payload = { resolution: any; events: any[]; position: string };

  const send = (name: MutationName, input: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse> =>
    server.gql(mutationOf(name), { input }, token);

  const run = async (name: MutationName, input: Record<string, unknown>): Promise<Payload> => {
    const data = await server.ok(mutationOf(name), { input });
    return data[name];
  };

  /** Sends a command that must be refused with `code` and must append nothing; returns the error. */
  const refused = (name: MutationName, input: Record<string, unknown>, code: string, token?: string | null) =>
    refusedMutation(server, mutationOf(name), name, input, code, token);

  let counter = 0;
  const propose = async (extra: Record<string, unknown> = {}) =>
    (await run('proposeResolution', { title: `مصوبه ${++counter}`, text: 'متن مصوبه', ...extra })).resolution;
  const adopted = async (extra: Record<string, unknown> = {}) => {
    const { id } = await propose(extra);
    return (await run('adoptResolution', { resolutionId: id })).resolution;
  };

  beforeAll(async () => {
    server = await startTestServer();
    provinceId = await registerOrganization(server, 'PROVINCE', 'استان آذربایجان‌شرقی', 'IR');
    headquartersId = await registerOrganization(server, 'HEADQUARTERS', 'قرارگاه اقتصاد مقاومتی', 'IR');
    committeeId = await registerOrganization(server, 'COMMITTEE', 'کمیته روابط خارجی استان‌ها', 'IR');
    dissolvedId = await registerOrganization(server, 'OTHER', 'ستاد منحل‌شده', 'IR');
    await server.ok(`mutation ($input: DissolveOrganizationInput!) { dissolveOrganization(input: $input) { organization { id } } }`, {
      input: { organizationId: dissolvedId },
    });
  });
  afterAll(() => server.stop());

  describe('a resolution carried out from proposal to implementation', () => {
    let id: string;
    let adoptedAt: string;
    let adoptionPosition: string;

    it('is proposed in Persian and read back as written', async () => {
      const { resolution, events, position } = await run('proposeResolution', {
        title: 'تفویض اختیارات به استان‌ها',
        text: 'پیشنهاد شد تفویض‌های لازم در دستور کار کمیته و قرارگاه اقتصاد مقاومتی قرار گیرد (بند ۱۲).',
        reason: 'بند ۱۲ سیاست‌های کلی',
        occurredAt: new Date(Date.now() - 120_000).toISOString(),
      });
      id = resolution.id;
      expect(resolution).toMatchObject({
        version: 0,
        status: 'PROPOSED',
        title: 'تفویض اختیارات به استان‌ها',
        text: 'پیشنهاد شد تفویض‌های لازم در دستور کار کمیته و قرارگاه اقتصاد مقاومتی قرار گیرد (بند ۱۲).',
        meetingId: null,
        referrals: [],
        progress: [],
        percentComplete: 0,
        supersedes: [],
      });
      expect(events).toEqual([
        expect.objectContaining({
          type: 'ResolutionProposed',
          revision: 0,
          reason: 'بند ۱۲ سیاست‌های کلی',
          actor: { id: 'clerk-1', name: 'منشی یکم', role: 'CLERK' },
          data: expect.objectContaining({ resolutionId: id, title: 'تفویض اختیارات به استان‌ها' }),
        }),
      ]);
      const read = await server.ok(RESOLUTION_QUERY, { id, consistentWith: position });
      expect(read.resolution.text).toBe(resolution.text);
    });

    it('is amended while proposed', async () => {
      const { resolution, events } = await run('amendResolution', { resolutionId: id, title: 'تفویض اختیارات به استانها', expectedVersion: 0 });
      expect(resolution).toMatchObject({ version: 1, title: 'تفویض اختیارات به استانها', status: 'PROPOSED' });
      expect(events[0]).toMatchObject({ type: 'ResolutionAmended', data: { previousTitle: 'تفویض اختیارات به استان‌ها' } });
    });

    it('is adopted at the business time the clerk gives', async () => {
      adoptedAt = new Date(Date.now() - 60_000).toISOString();
      const { resolution, events, position } = await run('adoptResolution', { resolutionId: id, occurredAt: adoptedAt });
      adoptionPosition = position;
      expect(resolution).toMatchObject({ version: 2, status: 'ADOPTED', adoptedAt });
      expect(events[0]).toMatchObject({ type: 'ResolutionAdopted', occurredAt: adoptedAt });
    });

    it('is referred to two bodies, each kept with its note and time', async () => {
      await run('referResolution', { resolutionId: id, toOrganizationId: headquartersId, note: 'برای طرح در دستور کار قرارگاه' });
      const { resolution } = await run('referResolution', { resolutionId: id, toOrganizationId: committeeId });
      expect(resolution.status).toBe('ADOPTED');
      expect(resolution.referrals).toEqual([
        {
          organizationId: headquartersId,
          organization: { id: headquartersId, name: 'قرارگاه اقتصاد مقاومتی' },
          note: 'برای طرح در دستور کار قرارگاه',
          referredAt: expect.any(String),
          recordedAt: expect.any(String),
        },
        expect.objectContaining({ organizationId: committeeId, organization: { id: committeeId, name: 'کمیته روابط خارجی استان‌ها' }, note: null }),
      ]);
    });

    it('is assigned to a responsible province with a due date', async () => {
      const { resolution } = await run('assignResolution', { resolutionId: id, responsibleOrganizationId: provinceId, dueDate: '2027-03-20T00:00:00+03:30' });
      expect(resolution).toMatchObject({
        responsibleOrganizationId: provinceId,
        responsibleOrganization: { name: 'استان آذربایجان‌شرقی' },
        dueDate: '2027-03-19T20:30:00.000Z',
      });
    });

    it('records progress that never goes back', async () => {
      await run('recordResolutionProgress', { resolutionId: id, note: 'پیش‌نویس آیین‌نامه تهیه شد', percent: 30 });
      const { resolution } = await run('recordResolutionProgress', { resolutionId: id, note: 'جلسه با وزارت امور خارجه', percent: 70 });
      expect(resolution.percentComplete).toBe(70);
      expect(resolution.progress).toEqual([
        expect.objectContaining({ note: 'پیش‌نویس آیین‌نامه تهیه شد', percent: 30 }),
        expect.objectContaining({ note: 'جلسه با وزارت امور خارجه', percent: 70, reportedAt: expect.any(String), recordedAt: expect.any(String) }),
      ]);
      const error = await refused('recordResolutionProgress', { resolutionId: id, note: 'عقب‌گرد', percent: 50 }, 'BAD_USER_INPUT');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'percent' })]);
    });

    it('is marked implemented, 100 percent complete, with its whole history', async () => {
      const { resolution } = await run('markResolutionImplemented', { resolutionId: id, note: 'ابلاغ شد' });
      expect(resolution).toMatchObject({ status: 'IMPLEMENTED', percentComplete: 100, implementationNote: 'ابلاغ شد', version: 8 });
      expect(resolution.implementedAt).toEqual(expect.any(String));
      expect(resolution.history.totalCount).toBe(9);
      expect(resolution.history.edges.map((edge: any) => edge.node.type)).toEqual([
        'ResolutionProposed',
        'ResolutionAmended',
        'ResolutionAdopted',
        'ResolutionReferred',
        'ResolutionReferred',
        'ResolutionAssigned',
        'ResolutionProgressRecorded',
        'ResolutionProgressRecorded',
        'ResolutionImplemented',
      ]);
    });

    it('reads as it stood right after its adoption', async () => {
      const past = await server.ok(RESOLUTION_QUERY, { id, atPosition: adoptionPosition });
      expect(past.resolution).toMatchObject({ version: 2, status: 'ADOPTED', referrals: [], percentComplete: 0 });
    });

    it('refuses everything once implemented, naming its state', async () => {
      const error = await refused('withdrawResolution', { resolutionId: id, reason: 'دیر شد' }, 'INVALID_TRANSITION');
      expect(error.extensions.state).toBe('IMPLEMENTED');
    });

    it('keeps everything across a restart', async () => {
      const before = await server.ok(RESOLUTION_QUERY, { id });
      const listBefore = await server.ok(LIST_QUERY, { first: 500 });
      await server.restart();
      const after = await server.ok(RESOLUTION_QUERY, { id });
      expect(after).toEqual(before);
      expect(await server.ok(LIST_QUERY, { first: 500 })).toEqual(listBefore);
      const { resolution } = await run('proposeResolution', { title: 'پس از راه‌اندازی دوباره', text: 'متن' });
      expect(resolution.version).toBe(0);
    });
  });

  describe('rejection', () => {
    it('records the reason, and a rejected resolution cannot be implemented, referred or assigned', async () => {
      const { id } = await propose();
      const { resolution } = await run('rejectResolution', { resolutionId: id, reason: 'خارج از صلاحیت کمیته' });
      expect(resolution).toMatchObject({ status: 'REJECTED', rejectionReason: 'خارج از صلاحیت کمیته' });
      expect(resolution.rejectedAt).toEqual(expect.any(String));
      for (const [name, input] of [
        ['markResolutionImplemented', { resolutionId: id }],
        ['referResolution', { resolutionId: id, toOrganizationId: headquartersId }],
        ['assignResolution', { resolutionId: id, responsibleOrganizationId: provinceId }],
      ] as const) {
        const error = await refused(name, input, 'INVALID_TRANSITION');
        expect(error.extensions.state).toBe('REJECTED');
      }
    });
  });

  describe('withdrawal and supersession', () => {
    it('withdraws a proposed and an adopted resolution, keeping the reason', async () => {
      const proposed = await propose();
      const fromProposed = await run('withdrawResolution', { resolutionId: proposed.id, reason: 'تکراری است' });
      expect(fromProposed.resolution).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: 'تکراری است' });
      const adoptedOne = await adopted();
      const fromAdopted = await run('withdrawResolution', { resolutionId: adoptedOne.id, reason: 'منتفی شد' });
      expect(fromAdopted.resolution.status).toBe('WITHDRAWN');
      expect(fromAdopted.events[0].data.statusBefore).toBe('ADOPTED');
    });

    it('links both sides when an adopted resolution supersedes another', async () => {
      const old = await adopted();
      const successor = await propose();
      const successorAdoption = await run('adoptResolution', { resolutionId: successor.id });
      const { resolution } = await run('supersedeResolution', { resolutionId: old.id, supersededById: successor.id });
      expect(resolution).toMatchObject({ status: 'SUPERSEDED', supersededById: successor.id, supersededBy: { id: successor.id, status: 'ADOPTED' } });
      const read = await server.ok(RESOLUTION_QUERY, { id: successor.id });
      expect(read.resolution.supersedes).toEqual([{ id: old.id, status: 'SUPERSEDED' }]);
      // …and, read as the records stood before the supersession, neither side shows it.
      const before = await server.ok(RESOLUTION_QUERY, { id: successor.id, atPosition: successorAdoption.position });
      expect(before.resolution.supersedes).toEqual([]);
      const oldBefore = await server.ok(RESOLUTION_QUERY, { id: old.id, atPosition: successorAdoption.position });
      expect(oldBefore.resolution).toMatchObject({ status: 'ADOPTED', supersededBy: null });
    });

    it('refuses a successor that is itself, missing, only proposed, or already superseded', async () => {
      const target = await adopted();
      const proposedOne = await propose();
      const old = await adopted();
      const successor = await adopted();
      await run('supersedeResolution', { resolutionId: old.id, supersededById: successor.id });
      for (const supersededById of [target.id, UNKNOWN_ID, proposedOne.id, old.id]) {
        const error = await refused('supersedeResolution', { resolutionId: target.id, supersededById }, 'BAD_USER_INPUT');
        expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'supersededById' })]);
      }
    });
  });

  it('refuses every transition its state forbids with INVALID_TRANSITION and the state', async () => {
    const inState: Record<string, string> = {};
    inState.PROPOSED = (await propose()).id;
    inState.ADOPTED = (await adopted()).id;
    inState.REJECTED = (await propose()).id;
    await run('rejectResolution', { resolutionId: inState.REJECTED, reason: 'رد' });
    inState.IMPLEMENTED = (await adopted()).id;
    await run('markResolutionImplemented', { resolutionId: inState.IMPLEMENTED });
    inState.WITHDRAWN = (await propose()).id;
    await run('withdrawResolution', { resolutionId: inState.WITHDRAWN, reason: 'پس گرفته شد' });
    inState.SUPERSEDED = (await adopted()).id;
    const successor = (await adopted()).id;
    await run('supersedeResolution', { resolutionId: inState.SUPERSEDED, supersededById: successor });

    const allowed: Record<Exclude<MutationName, 'proposeResolution'>, string[]> = {
      amendResolution: ['PROPOSED'],
      adoptResolution: ['PROPOSED'],
      rejectResolution: ['PROPOSED'],
      referResolution: ['ADOPTED'],
      assignResolution: ['ADOPTED'],
      recordResolutionProgress: ['ADOPTED'],
      markResolutionImplemented: ['ADOPTED'],
      withdrawResolution: ['PROPOSED', 'ADOPTED'],
      supersedeResolution: ['PROPOSED', 'ADOPTED'],
    };
    const inputFor = (name: keyof typeof allowed, resolutionId: string): Record<string, unknown> =>
      ({
        amendResolution: { resolutionId, text: 'متن دیگر' },
        adoptResolution: { resolutionId },
        rejectResolution: { resolutionId, reason: 'رد' },
        referResolution: { resolutionId, toOrganizationId: committeeId },
        assignResolution: { resolutionId, responsibleOrganizationId: provinceId },
        recordResolutionProgress: { resolutionId, note: 'پیشرفت', percent: 10 },
        markResolutionImplemented: { resolutionId },
        withdrawResolution: { resolutionId, reason: 'پس گرفته شد' },
        supersedeResolution: { resolutionId, supersededById: successor },
      })[name];

    const before = await eventCount(server);
    const expected: { name: string; state: string; code: string; reportedState: string }[] = [];
    const answers: typeof expected = [];
    for (const [name, states] of Object.entries(allowed) as [keyof typeof allowed, string[]][])
      for (const [state, resolutionId] of Object.entries(inState))
        if (!states.includes(state)) {
          const result = await send(name, inputFor(name, resolutionId));
          const extensions = result.errors?.[0]?.extensions;
          answers.push({ name, state, code: extensions?.code ?? 'none', reportedState: extensions?.state });
          expected.push({ name, state, code: 'INVALID_TRANSITION', reportedState: state });
        }
    expect(answers).toHaveLength(43);
    expect(answers).toEqual(expected);
    expect(await eventCount(server)).toBe(before);
  });

  describe('errors', () => {
    it('answers NOT_FOUND for an unknown resolution, to queries and commands alike', async () => {
      const missing = await server.gql(RESOLUTION_QUERY, { id: UNKNOWN_ID });
      expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'resolution', id: UNKNOWN_ID });
      await refused('adoptResolution', { resolutionId: UNKNOWN_ID }, 'NOT_FOUND');
    });

    it('names the fields of structurally bad input', async () => {
      const empty = await refused('proposeResolution', { title: '', text: 'متن' }, 'BAD_USER_INPUT');
      expect(empty.extensions.fields).toEqual([expect.objectContaining({ field: 'title' })]);
      const blank = await refused('proposeResolution', { title: 'عنوان', text: ' \u200c ' }, 'BAD_USER_INPUT');
      expect(blank.extensions.fields).toEqual([expect.objectContaining({ field: 'text' })]);
      const badId = await refused('adoptResolution', { resolutionId: 'not-a-uuid' }, 'BAD_USER_INPUT');
      expect(badId.extensions.fields).toEqual([expect.objectContaining({ field: 'resolutionId' })]);
      const { id } = await adopted();
      const percent = await refused('recordResolutionProgress', { resolutionId: id, note: 'x', percent: 101 }, 'BAD_USER_INPUT');
      expect(percent.extensions.fields).toEqual([expect.objectContaining({ field: 'percent' })]);
      const reason = await refused('rejectResolution', { resolutionId: id, reason: '' }, 'BAD_USER_INPUT');
      expect(reason.extensions.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    });

    it('refuses a reject or withdraw without a reason', async () => {
      const { id } = await propose();
      await refused('rejectResolution', { resolutionId: id }, 'BAD_USER_INPUT');
      await refused('withdrawResolution', { resolutionId: id }, 'BAD_USER_INPUT');
    });

    it('names the field a business rule refuses', async () => {
      const { id } = await adopted();
      const cases: [MutationName, Record<string, unknown>, string][] = [
        ['referResolution', { resolutionId: id, toOrganizationId: UNKNOWN_ID }, 'toOrganizationId'],
        ['referResolution', { resolutionId: id, toOrganizationId: dissolvedId }, 'toOrganizationId'],
        ['assignResolution', { resolutionId: id, responsibleOrganizationId: UNKNOWN_ID }, 'responsibleOrganizationId'],
        ['assignResolution', { resolutionId: id, responsibleOrganizationId: provinceId, dueDate: '2020-01-01T00:00:00Z' }, 'dueDate'],
        ['adoptResolution', { resolutionId: (await propose()).id, occurredAt: '2020-01-01T00:00:00Z' }, 'occurredAt'],
        ['proposeResolution', { title: 'x', text: 'y', fromOutcomeId: UNKNOWN_ID }, 'meetingId'],
        ['proposeResolution', { title: 'x', text: 'y', meetingId: UNKNOWN_ID }, 'meetingId'],
        ['amendResolution', { resolutionId: (await propose()).id }, 'text'],
      ];
      for (const [name, input, field] of cases) {
        const error = await refused(name, input, 'BAD_USER_INPUT');
        expect({ name, fields: error.extensions.fields }).toEqual({ name, fields: [expect.objectContaining({ field })] });
      }
      await run('referResolution', { resolutionId: id, toOrganizationId: headquartersId });
      const twice = await refused('referResolution', { resolutionId: id, toOrganizationId: headquartersId }, 'BAD_USER_INPUT');
      expect(twice.extensions.fields).toEqual([expect.objectContaining({ field: 'toOrganizationId' })]);
    });

    it('lets an auditor read but not change resolutions', async () => {
      const { id } = await propose();
      await refused('proposeResolution', { title: 'x', text: 'y' }, 'FORBIDDEN', server.tokens.AUDITOR);
      await refused('adoptResolution', { resolutionId: id }, 'FORBIDDEN', server.tokens.AUDITOR);
      const read = await server.gql(RESOLUTION_QUERY, { id }, server.tokens.AUDITOR);
      expect(read.errors).toBeUndefined();
      expect(read.data.resolution.status).toBe('PROPOSED');
    });

    it('reports a stale expectedVersion as CONCURRENCY_CONFLICT with both versions', async () => {
      const { id } = await propose();
      await run('amendResolution', { resolutionId: id, text: 'نسخه دوم', expectedVersion: 0 });
      const error = await refused('amendResolution', { resolutionId: id, text: 'نسخه رقیب', expectedVersion: 0 }, 'CONCURRENCY_CONFLICT');
      expect(error.extensions).toMatchObject({ expectedVersion: 0, actualVersion: 1 });
    });

    it('replays an idempotent command: the first result, nothing appended', async () => {
      const input = { title: 'مصوبه یکتا', text: 'متن', idempotencyKey: 'propose-once' };
      const first = await run('proposeResolution', input);
      const count = await eventCount(server);
      const second = await run('proposeResolution', input);
      expect(second.resolution.id).toBe(first.resolution.id);
      expect(second.position).toBe(first.position);
      expect(second.events.map((event) => event.revision)).toEqual([0]);
      const adoptInput = { resolutionId: first.resolution.id, idempotencyKey: 'adopt-once' };
      await run('adoptResolution', adoptInput);
      const again = await run('adoptResolution', adoptInput);
      expect(again.resolution.status).toBe('ADOPTED');
      expect(await eventCount(server)).toBe(count + 1);
    });
  });

  describe('proposing from a meeting outcome', () => {
    const meetingMutation = async (name: string, input: Record<string, unknown>) =>
      (await server.ok(mutationText(name, 'meeting { id } events { data }'), { input }))[name];
    const scheduleMeeting = async () =>
      (await meetingMutation('scheduleMeeting', { title: 'نشست منطقه‌ای استانداران و سفرا', location: 'تبریز', scheduledStart: '2026-05-01T05:30:00Z' }))
        .meeting.id as string;
    const recordOutcome = async (meetingId: string, kind: string, text: string) =>
      (await meetingMutation('recordOutcome', { meetingId, kind, text })).events[0].data.outcomeId as string;

    let meetingId: string;
    let proposalOutcome: string;
    let demandOutcome: string;

    beforeAll(async () => {
      meetingId = await scheduleMeeting();
      proposalOutcome = await recordOutcome(meetingId, 'PROPOSED_RESOLUTION', 'تشکیل کمیته راهبری مشترک وزارت کشور و وزارت امور خارجه');
      demandOutcome = await recordOutcome(meetingId, 'DEMAND', 'رفع مقررات مزاحم');
    });

    it('proposes from a PROPOSED_RESOLUTION outcome and finds it by meeting', async () => {
      const { resolution } = await run('proposeResolution', {
        title: 'کمیته راهبری مشترک',
        text: 'تشکیل کمیته راهبری مشترک وزارت کشور و وزارت امور خارجه',
        meetingId,
        fromOutcomeId: proposalOutcome,
      });
      expect(resolution).toMatchObject({ status: 'PROPOSED', meetingId, fromOutcomeId: proposalOutcome });
      const withMeeting = await server.ok(`query ($id: ID!) { resolution(id: $id) { meeting { id title location } } }`, { id: resolution.id });
      expect(withMeeting.resolution.meeting).toEqual({ id: meetingId, title: 'نشست منطقه‌ای استانداران و سفرا', location: 'تبریز' });
      const byMeeting = await server.ok(LIST_QUERY, { filter: { meetingId } });
      expect(byMeeting.resolutions.edges.map((edge: any) => edge.node.id)).toEqual([resolution.id]);
      // The same outcome cannot become a second resolution while the first is in play.
      const again = await refused('proposeResolution', { title: 'دوباره', text: 'دوباره', meetingId, fromOutcomeId: proposalOutcome }, 'BAD_USER_INPUT');
      expect(again.extensions.fields).toEqual([expect.objectContaining({ field: 'fromOutcomeId' })]);
    });

    it('refuses a DEMAND outcome, naming fromOutcomeId', async () => {
      const error = await refused('proposeResolution', { title: 'x', text: 'y', meetingId, fromOutcomeId: demandOutcome }, 'BAD_USER_INPUT');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'fromOutcomeId', message: expect.stringContaining('DEMAND') })]);
    });

    it('refuses a withdrawn outcome, and one the meeting does not have', async () => {
      const withdrawn = await recordOutcome(meetingId, 'PROPOSED_RESOLUTION', 'بند پس‌گرفته');
      await meetingMutation('withdrawOutcome', { meetingId, outcomeId: withdrawn });
      const otherMeeting = await scheduleMeeting();
      for (const [meeting, outcome] of [
        [meetingId, withdrawn],
        [otherMeeting, proposalOutcome],
      ]) {
        const error = await refused('proposeResolution', { title: 'x', text: 'y', meetingId: meeting, fromOutcomeId: outcome }, 'BAD_USER_INPUT');
        expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'fromOutcomeId' })]);
      }
    });
  });

  describe('lists', () => {
    it('filters by status, referral, responsibility and Persian text folded', async () => {
      const numbered = await adopted({ title: 'ساماندهی اسناد همکاری استانی ۱۴۰۳', text: 'اسناد تکراری یا غیرضروری امضا نشود' });
      await run('referResolution', { resolutionId: numbered.id, toOrganizationId: committeeId });
      const other = await adopted({ title: 'رفع مقررات مزاحم', text: 'حذف مقررات دست‌وپاگیر' });
      await run('referResolution', { resolutionId: other.id, toOrganizationId: headquartersId });
      await run('assignResolution', { resolutionId: other.id, responsibleOrganizationId: provinceId });

      const ids = async (filter: Record<string, unknown>) =>
        (await server.ok(LIST_QUERY, { filter, first: 500 })).resolutions.edges.map((edge: any) => edge.node.id);

      // Arabic kaf and yeh, no ZWNJ, ASCII digits: the way the seed report and many keyboards write it.
      expect(await ids({ text: 'همكاري استاني 1403' })).toEqual([numbered.id]);
      expect(await ids({ text: 'دستوپاگير' })).toEqual([other.id]);
      expect(await ids({ referredToId: committeeId })).toContain(numbered.id);
      expect(await ids({ referredToId: committeeId })).not.toContain(other.id);
      expect(await ids({ referredToId: headquartersId, text: 'مقررات' })).toEqual([other.id]);
      expect(await ids({ responsibleId: provinceId })).toContain(other.id);
      expect(await ids({ responsibleId: provinceId })).not.toContain(numbered.id);

      const statuses = (await server.ok(LIST_QUERY, { filter: { status: 'ADOPTED' }, first: 500 })).resolutions.edges.map(
        (edge: any) => edge.node.status,
      );
      expect(statuses.length).toBeGreaterThan(1);
      expect(new Set(statuses)).toEqual(new Set(['ADOPTED']));
      expect(await ids({ status: 'ADOPTED', text: 'همكاري استاني' })).toEqual([numbered.id]);
      expect(await ids({ status: 'PROPOSED', text: 'همكاري استاني' })).toEqual([]);
    });

    it('refuses a page larger than the cap', async () => {
      const result = await server.gql(LIST_QUERY, { first: 501 });
      expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  it('gives its dates, its referrals\' and its progress reports\' in the Solar Hijri calendar, the due date as a day', async () => {
    const { id } = await adopted();
    await run('referResolution', { resolutionId: id, toOrganizationId: committeeId });
    // Midnight in Tehran: the day must not slip back to the 19th as it would read in UTC.
    await run('assignResolution', { resolutionId: id, responsibleOrganizationId: provinceId, dueDate: '2027-03-20T00:00:00+03:30' });
    await run('recordResolutionProgress', { resolutionId: id, note: 'پیشرفت', percent: 10 });
    const { resolution } = await server.ok(
      `query ($id: ID!) { resolution(id: $id) {
        proposedAtJalali adoptedAtJalali dueDateJalali implementedAtJalali
        referrals { referredAtJalali recordedAtJalali } progress { reportedAtJalali recordedAtJalali } } }`,
      { id },
    );
    expect(resolution.dueDateJalali).toBe('۱۴۰۵/۱۲/۲۹');
    expect(resolution.proposedAtJalali).toMatch(PERSIAN_DATE_TIME);
    expect(resolution.adoptedAtJalali).toMatch(PERSIAN_DATE_TIME);
    expect(resolution.implementedAtJalali).toBeNull();
    expect(resolution.referrals).toEqual([{ referredAtJalali: expect.stringMatching(PERSIAN_DATE_TIME), recordedAtJalali: expect.stringMatching(PERSIAN_DATE_TIME) }]);
    expect(resolution.progress).toEqual([{ reportedAtJalali: expect.stringMatching(PERSIAN_DATE_TIME), recordedAtJalali: expect.stringMatching(PERSIAN_DATE_TIME) }]);
  });
});
