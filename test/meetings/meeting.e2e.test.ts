import { startTestServer, type TestServer } from '../support/test-server';
import { eventCount, mutationText, PERSIAN_DATE_TIME, registerOrganization, sendRefused, UNKNOWN_ID } from '../support/graphql-helpers';

const MEETING = `id version title location scheduledStart scheduledEnd status chair regionalGroupId hostOrganizationId
  participants { id organizationId role personName title }
  workingGroups { id title topic memberParticipantIds }
  outcomes(includeWithdrawn: true) { totalCount edges { node { id kind text status approved workingGroupId recordedAt amendedAt withdrawnAt } } }
  outcomeCounts { kind count }
  summaryApprovedAt openedAt closedAt cancelledAt cancellationReason createdAt updatedAt`;

const meetingMutation = (mutation: string) => mutationText(mutation, `meeting { ${MEETING} } events { eventId type revision data reason } position`);

const TABRIZ = 'نشست منطقه‌ای استانداران و سفرا — گروه ۱';
const START = '2026-05-01T05:30:00.000Z';
const END = '2026-05-02T13:00:00.000Z';

describe('meetings over GraphQL', () => {
  let server: TestServer;
  let province: string;
  let mission: string;
  let privateSector: string;
  let host: string;
  let group: string;

  /** Runs a meeting mutation that must succeed and returns its payload. */
  const mutate = async (mutation: string, input: Record<string, unknown>, token?: string) =>
    (await server.ok(meetingMutation(mutation), { input }, token))[mutation];

  /** Runs a mutation that must be refused, checks that it appended nothing, and returns the first error. */
  const refuse = async (mutation: string, input: Record<string, unknown>, token?: string | null) => {
    const result = await sendRefused(server, meetingMutation(mutation), { input }, token);
    expect(result.errors).toHaveLength(1);
    expect(result.data?.[mutation] ?? null).toBeNull();
    return result.errors![0];
  };

  const schedule = (input: Record<string, unknown> = {}) =>
    mutate('scheduleMeeting', { title: TABRIZ, location: 'تبریز', scheduledStart: START, scheduledEnd: END, ...input });

  const readMeeting = async (id: string, extra = '') =>
    (await server.ok(`query ($id: ID!) { meeting(id: $id) { ${MEETING} ${extra} } }`, { id })).meeting;

  /** A meeting in session with one participant and one live outcome: the usual starting point of a rule. */
  const meetingInSession = async () => {
    const { meeting } = await schedule();
    await mutate('addParticipant', { meetingId: meeting.id, organizationId: province, role: 'GOVERNOR', personName: 'استاندار' });
    const recorded = await mutate('recordOutcome', { meetingId: meeting.id, kind: 'DEMAND', text: 'تفویض اختیارات' });
    await mutate('openMeeting', { meetingId: meeting.id });
    return { meetingId: meeting.id as string, outcomeId: recorded.meeting.outcomes.edges[0].node.id as string };
  };

  beforeAll(async () => {
    server = await startTestServer();
    province = await registerOrganization(server, 'PROVINCE', 'آذربایجان‌شرقی', 'IR');
    mission = await registerOrganization(server, 'FOREIGN_MISSION', 'سفارت ایران در باکو', 'AZ');
    privateSector = await registerOrganization(server, 'PRIVATE_SECTOR', 'اتاق بازرگانی تبریز', 'IR');
    host = await registerOrganization(server, 'COMMITTEE', 'کمیته روابط خارجی استان‌ها', 'IR');
    group = (
      await server.ok(`mutation ($input: DefineRegionalGroupInput!) { defineRegionalGroup(input: $input) { regionalGroup { id } } }`, {
        input: { name: 'گروه منطقه‌ای یکم', number: 1, provinceIds: [province], missionIds: [mission] },
      })
    ).defineRegionalGroup.regionalGroup.id;
  });
  afterAll(() => server.stop());

  it('runs a meeting from scheduling to a closed meeting with an approved summary, through every mutation', async () => {
    const scheduled = await schedule({ regionalGroupId: group, hostOrganizationId: host, chair: 'وزیر کشور' });
    const id = scheduled.meeting.id;
    expect(scheduled.meeting).toMatchObject({
      version: 0,
      status: 'SCHEDULED',
      title: TABRIZ,
      location: 'تبریز',
      scheduledStart: START,
      scheduledEnd: END,
      regionalGroupId: group,
      hostOrganizationId: host,
      chair: 'وزیر کشور',
      participants: [],
      workingGroups: [],
      outcomes: { totalCount: 0, edges: [] },
    });
    expect(scheduled.events).toEqual([expect.objectContaining({ type: 'MeetingScheduled', revision: 0 })]);

    const rescheduled = await mutate('rescheduleMeeting', { meetingId: id, scheduledStart: '2026-05-03T05:30:00.000Z', scheduledEnd: '2026-05-04T13:00:00.000Z' });
    expect(rescheduled.meeting).toMatchObject({ version: 1, scheduledStart: '2026-05-03T05:30:00.000Z', scheduledEnd: '2026-05-04T13:00:00.000Z', location: 'تبریز' });
    expect(rescheduled.events[0]).toMatchObject({ type: 'MeetingRescheduled', data: { previousScheduledStart: START, previousScheduledEnd: END } });

    const governor = (await mutate('addParticipant', { meetingId: id, organizationId: province, role: 'GOVERNOR', personName: 'محمدرضا پورمحمدی', title: 'استاندار' }))
      .meeting.participants[0];
    const ambassador = (await mutate('addParticipant', { meetingId: id, organizationId: mission, role: 'HEAD_OF_MISSION', personName: 'سفیر' })).meeting
      .participants[1];
    const trader = (await mutate('addParticipant', { meetingId: id, organizationId: privateSector, role: 'PRIVATE_SECTOR' })).meeting.participants[2];
    expect(governor).toMatchObject({ organizationId: province, role: 'GOVERNOR', personName: 'محمدرضا پورمحمدی', title: 'استاندار' });

    const formed = await mutate('formWorkingGroup', {
      meetingId: id,
      title: 'جذب سرمایه‌گذاری خارجی',
      topic: 'سرمایه‌گذاری',
      memberParticipantIds: [governor.id, ambassador.id, trader.id],
    });
    const workingGroup = formed.meeting.workingGroups[0];
    expect(workingGroup).toMatchObject({ title: 'جذب سرمایه‌گذاری خارجی', memberParticipantIds: [governor.id, ambassador.id, trader.id] });

    const removed = await mutate('removeParticipant', { meetingId: id, participantId: trader.id });
    expect(removed.meeting.participants.map((p: { id: string }) => p.id)).toEqual([governor.id, ambassador.id]);
    expect(removed.meeting.workingGroups[0].memberParticipantIds).toEqual([governor.id, ambassador.id]);
    expect(removed.events[0].data.removedFromWorkingGroupIds).toEqual([workingGroup.id]);

    const opened = await mutate('openMeeting', { meetingId: id, occurredAt: '2026-05-03T05:45:00.000Z' });
    expect(opened.meeting).toMatchObject({ status: 'IN_SESSION', openedAt: '2026-05-03T05:45:00.000Z' });

    const record = (kind: string, text: string, workingGroupId?: string) =>
      mutate('recordOutcome', { meetingId: id, kind, text, ...(workingGroupId && { workingGroupId }) });
    await record('PROBLEM', 'مقررات مزاحم در مسیر صادرات', workingGroup.id);
    await record('DEMAND', 'تفویض اختیارات به استان‌ها', workingGroup.id);
    await record('DEMAND', 'تعیین تکلیف اسناد همکاری استانی');
    const last = await record('PROPOSED_RESOLUTION', 'تشکیل کمیته راهبری مشترک وزارت کشور و وزارت امور خارجه');
    const [problem, demand1, demand2, proposal] = last.meeting.outcomes.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(last.meeting.outcomes.totalCount).toBe(4);

    const amended = await mutate('amendOutcome', { meetingId: id, outcomeId: problem, text: 'حذف مقررات مزاحم در مسیر اهداف نشست' });
    expect(amended.events[0]).toMatchObject({
      type: 'OutcomeAmended',
      data: { previousText: 'مقررات مزاحم در مسیر صادرات', text: 'حذف مقررات مزاحم در مسیر اهداف نشست' },
    });
    const withdrawn = await mutate('withdrawOutcome', { meetingId: id, outcomeId: demand2 });
    expect(withdrawn.meeting.outcomes.edges[2].node).toMatchObject({ id: demand2, status: 'WITHDRAWN', withdrawnAt: expect.any(String) });

    const approved = await mutate('approveMeetingSummary', { meetingId: id, occurredAt: '2026-05-04T12:00:00.000Z' });
    expect(approved.meeting.summaryApprovedAt).toBe('2026-05-04T12:00:00.000Z');
    expect(approved.events[0]).toMatchObject({
      type: 'MeetingSummaryApproved',
      data: { approvedAt: '2026-05-04T12:00:00.000Z', approvedOutcomeIds: [problem, demand1, proposal] },
    });

    const closed = await mutate('closeMeeting', { meetingId: id, occurredAt: '2026-05-04T13:00:00.000Z' });
    expect(closed.meeting).toMatchObject({ status: 'CLOSED', closedAt: '2026-05-04T13:00:00.000Z', version: 15 });

    const read = await readMeeting(
      id,
      `regionalGroup { id name } hostOrganization { id name }
       participants { organization { id name kind } }
       workingGroups { members { id personName } }
       demands: outcomes(kind: DEMAND) { totalCount edges { node { id text approved workingGroup { id title } } } }
       live: outcomes { totalCount }
       history { totalCount edges { node { type } } }`,
    );
    expect(read.regionalGroup).toEqual({ id: group, name: 'گروه منطقه‌ای یکم' });
    expect(read.hostOrganization).toEqual({ id: host, name: 'کمیته روابط خارجی استان‌ها' });
    expect(read.participants.map((p: { organization: { name: string } }) => p.organization.name)).toEqual(['آذربایجان‌شرقی', 'سفارت ایران در باکو']);
    expect(read.workingGroups[0].members).toEqual([
      { id: governor.id, personName: 'محمدرضا پورمحمدی' },
      { id: ambassador.id, personName: 'سفیر' },
    ]);
    expect(read.demands).toEqual({
      totalCount: 1,
      edges: [{ node: { id: demand1, text: 'تفویض اختیارات به استان‌ها', approved: true, workingGroup: { id: workingGroup.id, title: 'جذب سرمایه‌گذاری خارجی' } } }],
    });
    expect(read.live.totalCount).toBe(3);
    expect(read.outcomes.totalCount).toBe(4);
    expect(read.outcomeCounts).toEqual([
      { kind: 'PROBLEM', count: 1 },
      { kind: 'SOLUTION', count: 0 },
      { kind: 'DEMAND', count: 1 },
      { kind: 'PROPOSED_RESOLUTION', count: 1 },
    ]);
    expect(read.history.totalCount).toBe(16);
    expect(read.history.edges.map((edge: { node: { type: string } }) => edge.node.type)).toEqual([
      'MeetingScheduled',
      'MeetingRescheduled',
      'ParticipantAdded',
      'ParticipantAdded',
      'ParticipantAdded',
      'WorkingGroupFormed',
      'ParticipantRemoved',
      'MeetingOpened',
      'OutcomeRecorded',
      'OutcomeRecorded',
      'OutcomeRecorded',
      'OutcomeRecorded',
      'OutcomeAmended',
      'OutcomeWithdrawn',
      'MeetingSummaryApproved',
      'MeetingClosed',
    ]);
  });

  it('cancels a meeting with its reason, after which it takes nothing new', async () => {
    const { meeting } = await schedule();
    const cancelled = await mutate('cancelMeeting', { meetingId: meeting.id, reason: 'سفر هیئت‌ها به تعویق افتاد' });
    expect(cancelled.meeting).toMatchObject({ status: 'CANCELLED', cancellationReason: 'سفر هیئت‌ها به تعویق افتاد', cancelledAt: expect.any(String) });
    expect(cancelled.events[0]).toMatchObject({ type: 'MeetingCancelled', data: { reason: 'سفر هیئت‌ها به تعویق افتاد' }, reason: 'سفر هیئت‌ها به تعویق افتاد' });

    const refusals = [
      ['addParticipant', { organizationId: province, role: 'OBSERVER' }],
      ['formWorkingGroup', { title: 'گردشگری' }],
      ['recordOutcome', { kind: 'PROBLEM', text: 'x' }],
      ['rescheduleMeeting', { location: 'ارومیه' }],
      ['openMeeting', {}],
      ['closeMeeting', {}],
      ['approveMeetingSummary', {}],
      ['cancelMeeting', { reason: 'دوباره' }],
    ] as const;
    for (const [mutation, input] of refusals) {
      const error = await refuse(mutation, { meetingId: meeting.id, ...input });
      expect({ mutation, extensions: error.extensions }).toEqual({ mutation, extensions: expect.objectContaining({ code: 'INVALID_TRANSITION', state: 'CANCELLED' }) });
    }
  });

  it('breaks off a meeting in session, but not one whose summary was approved', async () => {
    const broken = await meetingInSession();
    expect((await mutate('cancelMeeting', { meetingId: broken.meetingId, reason: 'قطع برق' })).meeting.status).toBe('CANCELLED');

    const approved = await meetingInSession();
    await mutate('approveMeetingSummary', { meetingId: approved.meetingId });
    const error = await refuse('cancelMeeting', { meetingId: approved.meetingId, reason: 'دیر است' });
    expect(error.extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'IN_SESSION' });
  });

  it('refuses each transition the state forbids, naming the state and appending nothing', async () => {
    const { meeting } = await schedule();
    const id = meeting.id;
    const expectRefused = async (mutation: string, input: Record<string, unknown>, state: string) =>
      expect((await refuse(mutation, { meetingId: id, ...input })).extensions).toMatchObject({ code: 'INVALID_TRANSITION', state });

    await expectRefused('closeMeeting', {}, 'SCHEDULED');
    await expectRefused('approveMeetingSummary', {}, 'SCHEDULED');
    await mutate('openMeeting', { meetingId: id });
    await expectRefused('openMeeting', {}, 'IN_SESSION');
    await expectRefused('approveMeetingSummary', {}, 'IN_SESSION'); // no outcome yet
    const { meeting: withOutcome } = await mutate('recordOutcome', { meetingId: id, kind: 'SOLUTION', text: 'راهکار' });
    const outcomeId = withOutcome.outcomes.edges[0].node.id;
    await mutate('withdrawOutcome', { meetingId: id, outcomeId });
    await expectRefused('withdrawOutcome', { outcomeId }, 'WITHDRAWN');
    await expectRefused('amendOutcome', { outcomeId, text: 'دیگر' }, 'WITHDRAWN');
    await expectRefused('approveMeetingSummary', {}, 'IN_SESSION'); // only withdrawn outcomes
    const { meeting: withLive } = await mutate('recordOutcome', { meetingId: id, kind: 'DEMAND', text: 'مطالبه' });
    const liveId = withLive.outcomes.edges[1].node.id;
    await mutate('approveMeetingSummary', { meetingId: id });
    await expectRefused('approveMeetingSummary', {}, 'IN_SESSION');
    await expectRefused('recordOutcome', { kind: 'DEMAND', text: 'بند ۶۴' }, 'IN_SESSION');
    await expectRefused('amendOutcome', { outcomeId: liveId, text: 'دیگر' }, 'IN_SESSION');
    await expectRefused('withdrawOutcome', { outcomeId: liveId }, 'IN_SESSION');
    await mutate('closeMeeting', { meetingId: id });
    await expectRefused('closeMeeting', {}, 'CLOSED');
    await expectRefused('openMeeting', {}, 'CLOSED');
    await expectRefused('cancelMeeting', { reason: 'دیر است' }, 'CLOSED');
    await expectRefused('rescheduleMeeting', { location: 'ارومیه' }, 'CLOSED');
    await expectRefused('addParticipant', { organizationId: province, role: 'OBSERVER', personName: 'تازه' }, 'CLOSED');
    await expectRefused('removeParticipant', { participantId: UNKNOWN_ID }, 'CLOSED');
    await expectRefused('formWorkingGroup', { title: 'گردشگری' }, 'CLOSED');
    await expectRefused('recordOutcome', { kind: 'PROBLEM', text: 'x' }, 'CLOSED');
    await expectRefused('approveMeetingSummary', {}, 'CLOSED');
  });

  it('approves the summary of a closed meeting, once', async () => {
    const { meetingId, outcomeId } = await meetingInSession();
    await mutate('closeMeeting', { meetingId });
    // Until the summary is approved, the secretariat may still correct the record.
    await mutate('amendOutcome', { meetingId, outcomeId, text: 'تفویض اختیارات لازم به استان‌ها' });
    const approved = await mutate('approveMeetingSummary', { meetingId });
    expect(approved.meeting).toMatchObject({ status: 'CLOSED', summaryApprovedAt: expect.any(String) });
    expect(approved.events[0].data.approvedOutcomeIds).toEqual([outcomeId]);
    expect((await refuse('approveMeetingSummary', { meetingId })).extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'CLOSED' });
    expect((await refuse('amendOutcome', { meetingId, outcomeId, text: 'دیگر' })).extensions).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('answers NOT_FOUND for an unknown meeting, participant or outcome', async () => {
    const unknown = '0190c8a0-0000-7000-8000-0000000000ee';
    const query = await server.gql(`query ($id: ID!) { meeting(id: $id) { id } }`, { id: unknown });
    expect(query.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await refuse('openMeeting', { meetingId: unknown })).extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'meeting' });
    expect((await refuse('cancelMeeting', { meetingId: unknown, reason: 'x' })).extensions.code).toBe('NOT_FOUND');
    const { meeting } = await schedule();
    expect((await refuse('removeParticipant', { meetingId: meeting.id, participantId: unknown })).extensions).toMatchObject({
      code: 'NOT_FOUND',
      entity: 'participant',
    });
    expect((await refuse('amendOutcome', { meetingId: meeting.id, outcomeId: unknown, text: 'x' })).extensions).toMatchObject({
      code: 'NOT_FOUND',
      entity: 'outcome',
    });
    expect((await refuse('withdrawOutcome', { meetingId: meeting.id, outcomeId: unknown })).extensions).toMatchObject({
      code: 'NOT_FOUND',
      entity: 'outcome',
    });
  });

  describe('refuses bad input as BAD_USER_INPUT naming the field', () => {
    const fieldsOf = (error: { extensions: Record<string, any> }) => {
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      return (error.extensions.fields as { field: string }[]).map((problem) => problem.field);
    };

    it('an end before the start, on the input and against the stored start', async () => {
      expect(fieldsOf(await refuse('scheduleMeeting', { title: 'x', location: 'y', scheduledStart: END, scheduledEnd: START }))).toEqual(['scheduledEnd']);
      const { meeting } = await schedule();
      expect(fieldsOf(await refuse('rescheduleMeeting', { meetingId: meeting.id, scheduledEnd: '2026-04-01T00:00:00.000Z' }))).toEqual(['scheduledEnd']);
      expect(fieldsOf(await refuse('rescheduleMeeting', { meetingId: meeting.id, scheduledStart: '2026-06-01T00:00:00.000Z' }))).toEqual(['scheduledStart']);
    });

    it('an empty or blank title', async () => {
      expect(fieldsOf(await refuse('scheduleMeeting', { title: '', location: 'تبریز', scheduledStart: START }))).toContain('title');
      expect(fieldsOf(await refuse('scheduleMeeting', { title: '   ', location: 'تبریز', scheduledStart: START }))).toEqual(['title']);
    });

    it('a role that is not one of the enum', async () => {
      const { meeting } = await schedule();
      const error = await refuse('addParticipant', { meetingId: meeting.id, organizationId: province, role: 'KING' });
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      // GraphQL itself refuses the value before any resolver runs; its message names the field.
      expect(error.message).toContain('role');
    });

    it('an occurredAt in the future', async () => {
      const { meeting } = await schedule();
      const future = new Date(Date.now() + 86_400_000).toISOString();
      expect(fieldsOf(await refuse('openMeeting', { meetingId: meeting.id, occurredAt: future }))).toEqual(['occurredAt']);
    });

    it('references that do not exist: regional group, host, participant organization', async () => {
      const unknown = '0190c8a0-0000-7000-8000-0000000000ee';
      expect(
        fieldsOf(await refuse('scheduleMeeting', { title: 'x', location: 'y', scheduledStart: START, regionalGroupId: unknown, hostOrganizationId: unknown })),
      ).toEqual(['regionalGroupId', 'hostOrganizationId']);
      const { meeting } = await schedule();
      expect(fieldsOf(await refuse('addParticipant', { meetingId: meeting.id, organizationId: unknown, role: 'OBSERVER' }))).toEqual(['organizationId']);
      expect(fieldsOf(await refuse('recordOutcome', { meetingId: meeting.id, kind: 'DEMAND', text: 'x', workingGroupId: unknown }))).toEqual(['workingGroupId']);
      expect(fieldsOf(await refuse('formWorkingGroup', { meetingId: meeting.id, title: 'x', memberParticipantIds: [unknown] }))).toEqual(['memberParticipantIds']);
      expect(fieldsOf(await refuse('openMeeting', { meetingId: 'not-a-uuid' }))).toEqual(['meetingId']);
    });

    it('the same person of the same organization twice, in another spelling', async () => {
      const { meeting } = await schedule();
      await mutate('addParticipant', { meetingId: meeting.id, organizationId: province, role: 'GOVERNOR', personName: 'علی رضایی' });
      expect(fieldsOf(await refuse('addParticipant', { meetingId: meeting.id, organizationId: province, role: 'OTHER', personName: 'علي رضايي' }))).toEqual([
        'personName',
      ]);
    });

    it('a cancellation without a reason', async () => {
      const { meeting } = await schedule();
      expect(fieldsOf(await refuse('cancelMeeting', { meetingId: meeting.id, reason: '' }))).toContain('reason');
      // A lone ZWNJ (or bidi mark) looks empty to a clerk: as blank as spaces.
      expect(fieldsOf(await refuse('cancelMeeting', { meetingId: meeting.id, reason: ' \u200c\u200f ' }))).toContain('reason');
      const missing = await refuse('cancelMeeting', { meetingId: meeting.id });
      expect(missing.extensions.code).toBe('BAD_USER_INPUT');
      expect(missing.message).toContain('reason');
    });

    it('a date range that ends before it starts, in the list filter', async () => {
      const result = await server.gql(`query { meetings(filter: { from: "2026-06-01T00:00:00Z", to: "2026-05-01T00:00:00Z" }) { totalCount } }`);
      // The filter argument is validated as a whole, so its fields are named as within it.
      expect(fieldsOf(result.errors![0] as { extensions: Record<string, any> })).toEqual(['to']);
    });
  });

  it('lets an auditor read but not write, and nobody without a token', async () => {
    const { meeting } = await schedule();
    expect((await refuse('openMeeting', { meetingId: meeting.id }, server.tokens.AUDITOR)).extensions.code).toBe('FORBIDDEN');
    expect((await refuse('scheduleMeeting', { title: 'x', location: 'y', scheduledStart: START }, server.tokens.AUDITOR)).extensions.code).toBe('FORBIDDEN');
    const read = await server.gql(`query ($id: ID!) { meeting(id: $id) { id } }`, { id: meeting.id }, server.tokens.AUDITOR);
    expect(read.errors).toBeUndefined();
    expect((await refuse('openMeeting', { meetingId: meeting.id }, null)).extensions.code).toBe('UNAUTHENTICATED');
    const anonymous = await server.gql(`query { meetings { totalCount } }`, {}, null);
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('reports a stale expectedVersion as CONCURRENCY_CONFLICT with both versions', async () => {
    const { meeting } = await schedule();
    const renamed = await mutate('rescheduleMeeting', { meetingId: meeting.id, location: 'ارومیه', expectedVersion: 0 });
    expect(renamed.meeting.version).toBe(1);
    const stale = await refuse('rescheduleMeeting', { meetingId: meeting.id, location: 'اردبیل', expectedVersion: 0 });
    expect(stale.extensions).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expectedVersion: 0, actualVersion: 1 });
  });

  it('replays an idempotencyKey: the same result, nothing new appended', async () => {
    const input = { title: 'نشست با کلید', location: 'تبریز', scheduledStart: START, idempotencyKey: 'schedule-once' };
    const first = await mutate('scheduleMeeting', input);
    const count = await eventCount(server);
    const again = await mutate('scheduleMeeting', input);
    expect(again).toEqual(first);
    expect(await eventCount(server)).toBe(count);

    const add = { meetingId: first.meeting.id, organizationId: mission, role: 'HEAD_OF_MISSION', personName: 'سفیر', idempotencyKey: 'add-ambassador' };
    const added = await mutate('addParticipant', add);
    const replayed = await mutate('addParticipant', add);
    expect(replayed.events).toEqual(added.events);
    expect(replayed.position).toBe(added.position);
    expect(replayed.meeting.participants).toHaveLength(1);
  });

  it('lands every one of 20 concurrent participants when no expectedVersion is given', async () => {
    const { meeting } = await schedule();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.gql(meetingMutation('addParticipant'), {
          input: { meetingId: meeting.id, organizationId: privateSector, role: 'PRIVATE_SECTOR', personName: `فعال اقتصادی ${i + 1}` },
        }),
      ),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);
    const read = await readMeeting(meeting.id);
    expect(read.participants).toHaveLength(20);
    expect(new Set(read.participants.map((p: { personName: string }) => p.personName)).size).toBe(20);
    expect(read.version).toBe(20);
  });

  it('lets exactly one of several concurrent commands with the same expectedVersion win', async () => {
    const { meeting } = await schedule();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        server.gql(meetingMutation('addParticipant'), {
          input: { meetingId: meeting.id, organizationId: privateSector, role: 'OBSERVER', personName: `ناظر ${i}`, expectedVersion: 0 },
        }),
      ),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    const losers = results.filter((result) => result.errors);
    expect(losers).toHaveLength(5);
    for (const loser of losers) expect(loser.errors![0].extensions).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expectedVersion: 0, actualVersion: 1 });
    expect((await readMeeting(meeting.id)).participants).toHaveLength(1);
  });

  it('keeps Persian text exactly and finds it in any spelling', async () => {
    const title = 'نشست منطقه‌ای شماره ۲ — کمیته روابط خارجی';
    const { meeting } = await schedule({ title, location: 'خوی، فرمانداری' });
    await mutate('recordOutcome', { meetingId: meeting.id, kind: 'PROPOSED_RESOLUTION', text: 'ستاد اقتصاد مقاومتی: بند ۱۲ سیاست‌ها' });
    const read = await readMeeting(meeting.id);
    expect(read.title).toBe(title);
    expect(read.title).toContain('\u200c');
    expect(read.outcomes.edges[0].node.text).toBe('ستاد اقتصاد مقاومتی: بند ۱۲ سیاست‌ها');

    const find = async (text: string) =>
      (await server.ok(`query ($text: String) { meetings(filter: { text: $text }) { totalCount edges { node { id } } } }`, { text })).meetings;
    // As typed, without its ZWNJ, with an ASCII digit, with Arabic kaf and yeh: the same title.
    for (const spelling of ['منطقه‌ای شماره ۲', 'منطقهای شماره ۲', 'منطقه‌ای شماره 2', 'كميته روابط خارجي'])
      expect({ spelling, ids: (await find(spelling)).edges.map((e: { node: { id: string } }) => e.node.id) }).toEqual({ spelling, ids: [meeting.id] });
    // Location and outcome texts are searched too.
    expect((await find('خوي')).edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([meeting.id]);
    expect((await find('اقتصاد مقاومتي: بند 12')).edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([meeting.id]);
    expect((await find('عبارتی که نیست')).totalCount).toBe(0);
  });

  it('filters meetings by status, regional group and scheduled start, in order of start', async () => {
    const early = await schedule({ title: 'فیلتر ۱', scheduledStart: '2030-01-10T00:00:00.000Z', scheduledEnd: null, regionalGroupId: group });
    const late = await schedule({ title: 'فیلتر ۲', scheduledStart: '2030-03-10T00:00:00.000Z', scheduledEnd: null, regionalGroupId: group });
    const elsewhere = await schedule({ title: 'فیلتر ۳', scheduledStart: '2030-02-10T00:00:00.000Z', scheduledEnd: null });
    await mutate('openMeeting', { meetingId: late.meeting.id });
    const ids = async (filter: string) =>
      (await server.ok(`query { meetings(filter: { ${filter} }) { edges { node { id } } } }`)).meetings.edges.map((e: { node: { id: string } }) => e.node.id);

    expect(await ids('from: "2030-01-01T00:00:00Z"')).toEqual([early.meeting.id, elsewhere.meeting.id, late.meeting.id]);
    expect(await ids('from: "2030-01-01T00:00:00Z", to: "2030-02-28T00:00:00Z"')).toEqual([early.meeting.id, elsewhere.meeting.id]);
    expect(await ids(`from: "2030-01-01T00:00:00Z", regionalGroupId: "${group}"`)).toEqual([early.meeting.id, late.meeting.id]);
    expect(await ids(`from: "2030-01-01T00:00:00Z", status: IN_SESSION`)).toEqual([late.meeting.id]);
  });

  it('pages outcomes and filters them by kind', async () => {
    const { meeting } = await schedule();
    for (const [kind, text] of [['DEMAND', 'مطالبه ۱'], ['PROBLEM', 'مشکل ۱'], ['DEMAND', 'مطالبه ۲'], ['DEMAND', 'مطالبه ۳']])
      await mutate('recordOutcome', { meetingId: meeting.id, kind, text });
    const page = async (after?: string) =>
      (
        await server.ok(`query ($id: ID!, $after: String) { meeting(id: $id) { outcomes(kind: DEMAND, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { text kind } } } } }`, {
          id: meeting.id,
          after,
        })
      ).meeting.outcomes;
    const first = await page();
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((e: { node: { text: string } }) => e.node.text)).toEqual(['مطالبه ۱', 'مطالبه ۲']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.pageInfo.endCursor);
    expect(second.edges.map((e: { node: { text: string } }) => e.node.text)).toEqual(['مطالبه ۳']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('answers a meeting as it stood at an earlier position', async () => {
    const { meeting, position } = await schedule();
    await mutate('rescheduleMeeting', { meetingId: meeting.id, location: 'اردبیل' });
    const then = await server.ok(`query ($id: ID!, $at: String) { meeting(id: $id, atPosition: $at) { location version } }`, { id: meeting.id, at: position });
    expect(then.meeting).toEqual({ location: 'تبریز', version: 0 });
  });

  it('gives its dates, and those of its participants, groups and outcomes, in the Solar Hijri calendar', async () => {
    const { meetingId } = await meetingInSession();
    await mutate('formWorkingGroup', { meetingId, title: 'گروه کاری گمرک' });
    const meeting = await readMeeting(
      meetingId,
      `scheduledStartJalali openedAtJalali closedAtJalali participants { addedAtJalali } workingGroups { formedAtJalali }
       outcomes(includeWithdrawn: true) { edges { node { recordedAtJalali amendedAtJalali } } }`,
    );
    expect(meeting.scheduledStartJalali).toBe('۱۴۰۵/۰۲/۱۱ ۰۹:۰۰:۰۰'); // START, 09:00 in Tehran
    expect(meeting.openedAtJalali).toMatch(PERSIAN_DATE_TIME);
    expect(meeting.closedAtJalali).toBeNull();
    expect(meeting.participants[0].addedAtJalali).toMatch(PERSIAN_DATE_TIME);
    expect(meeting.workingGroups[0].formedAtJalali).toMatch(PERSIAN_DATE_TIME);
    expect(meeting.outcomes.edges[0].node).toMatchObject({ recordedAtJalali: expect.stringMatching(PERSIAN_DATE_TIME), amendedAtJalali: null });
  });

  it('keeps everything across a restart', async () => {
    const { meetingId } = await meetingInSession();
    await mutate('formWorkingGroup', { meetingId, title: 'توسعه گردشگری' });
    const before = await readMeeting(meetingId, 'history { totalCount }');
    const list = await server.ok(`query { meetings(first: 500) { totalCount } }`);
    await server.restart();
    expect(await readMeeting(meetingId, 'history { totalCount }')).toEqual(before);
    expect(await server.ok(`query { meetings(first: 500) { totalCount } }`)).toEqual(list);
    const after = await mutate('closeMeeting', { meetingId });
    expect(after.meeting.version).toBe(before.version + 1);
  });
});
