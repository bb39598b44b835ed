import { resolutionDecider, type ResolutionCommand } from '../../src/resolutions/resolution.decide';
import {
  RESOLUTION_STATUSES,
  evolve,
  initialState,
  type ResolutionEvent,
  type ResolutionStatus,
} from '../../src/resolutions/resolution';
import { fold } from '../../src/core/decider';
import { InvalidTransition, NotFound, ValidationFailed } from '../../src/core/errors';
import { DeciderSpecification, metadata } from '../support/decider-spec';

const spec = DeciderSpecification.for(resolutionDecider);

const id = '0190c8a0-0000-7000-8000-00000000000a';
const successorId = '0190c8a0-0000-7000-8000-00000000000b';
const meetingId = '0190c8a0-0000-7000-8000-0000000000a1';
const outcomeId = '0190c8a0-0000-7000-8000-0000000000a2';
const provinceId = '0190c8a0-0000-7000-8000-0000000000c1';
const headquartersId = '0190c8a0-0000-7000-8000-0000000000c2';

const PROPOSED_AT = '2026-11-20T08:00:00.000Z';
const ADOPTED_AT = '2026-11-21T08:00:00.000Z';
const NOW = '2026-11-27T08:00:00.000Z';

const fieldNamed = (field: string) => ({ fields: [expect.objectContaining({ field })] });

describe('Resolution', () => {
  describe('proposing', () => {
    it('proposes a resolution at the business time of the command', () =>
      spec
        .given([])
        .when(propose({}))
        .then([{ type: 'ResolutionProposed', data: { resolutionId: id, title: 'تفویض اختیارات', text: 'تفویض اختیارات به استان‌ها', proposedAt: NOW } }]));

    it('proposes at a meeting that exists', () =>
      spec
        .given([])
        .when(propose({ meetingId, meeting: {} }))
        .thenMatches([{ type: 'ResolutionProposed', data: expect.objectContaining({ meetingId }) }]));

    it("proposes from the meeting's live PROPOSED_RESOLUTION outcome", () =>
      spec
        .given([])
        .when(propose({ meetingId, fromOutcomeId: outcomeId, meeting: { outcome: { kind: 'PROPOSED_RESOLUTION', status: 'RECORDED' } }, resolutionsFromOutcome: [] }))
        .thenMatches([{ type: 'ResolutionProposed', data: expect.objectContaining({ meetingId, fromOutcomeId: outcomeId }) }]));

    it('refuses an outcome without the meeting it belongs to', () =>
      spec
        .given([])
        .when(propose({ fromOutcomeId: outcomeId }))
        .thenThrows(ValidationFailed, fieldNamed('meetingId')));

    it('refuses a meeting that does not exist', () =>
      spec.given([]).when(propose({ meetingId, meeting: null })).thenThrows(ValidationFailed, fieldNamed('meetingId')));

    it('refuses an outcome the meeting does not have', () =>
      spec
        .given([])
        .when(propose({ meetingId, fromOutcomeId: outcomeId, meeting: { outcome: null } }))
        .thenThrows(ValidationFailed, fieldNamed('fromOutcomeId')));

    it.each(['PROBLEM', 'SOLUTION', 'DEMAND'] as const)('refuses a %s outcome: only a PROPOSED_RESOLUTION can become one', (kind) =>
      spec
        .given([])
        .when(propose({ meetingId, fromOutcomeId: outcomeId, meeting: { outcome: { kind, status: 'RECORDED' } } }))
        .thenThrows(ValidationFailed, fieldNamed('fromOutcomeId')));

    it('refuses a withdrawn outcome', () =>
      spec
        .given([])
        .when(propose({ meetingId, fromOutcomeId: outcomeId, meeting: { outcome: { kind: 'PROPOSED_RESOLUTION', status: 'WITHDRAWN' } } }))
        .thenThrows(ValidationFailed, fieldNamed('fromOutcomeId')));

    it('refuses an outcome that already became a resolution still in play', () =>
      spec
        .given([])
        .when(
          propose({
            meetingId,
            fromOutcomeId: outcomeId,
            meeting: { outcome: { kind: 'PROPOSED_RESOLUTION', status: 'RECORDED' } },
            resolutionsFromOutcome: [successorId],
          }),
        )
        .thenThrows(ValidationFailed, fieldNamed('fromOutcomeId')));
  });

  describe('amending', () => {
    it('amends the text, keeping the title and remembering what it replaced', () =>
      spec
        .given([proposed])
        .when(command({ type: 'AmendResolution', data: { resolutionId: id, text: 'متن تازه' } }))
        .then([
          {
            type: 'ResolutionAmended',
            data: { resolutionId: id, title: 'تفویض اختیارات', text: 'متن تازه', previousTitle: 'تفویض اختیارات', previousText: 'تفویض اختیارات به استان‌ها', amendedAt: NOW },
          },
        ]));

    it('amends the title alone, on top of an earlier amendment', () =>
      spec
        .given([proposed, amended])
        .when(command({ type: 'AmendResolution', data: { resolutionId: id, title: 'عنوان تازه' } }))
        .thenMatches([{ type: 'ResolutionAmended', data: expect.objectContaining({ title: 'عنوان تازه', text: 'متن اصلاح‌شده', previousText: 'متن اصلاح‌شده' }) }]));

    it('refuses an amendment with neither title nor text', () =>
      spec.given([proposed]).when(command({ type: 'AmendResolution', data: { resolutionId: id } })).thenThrows(ValidationFailed, fieldNamed('text')));

    it('refuses an amendment that changes nothing', () =>
      spec
        .given([proposed])
        .when(command({ type: 'AmendResolution', data: { resolutionId: id, title: 'تفویض اختیارات' } }))
        .thenThrows(ValidationFailed, fieldNamed('title')));
  });

  describe('adopting and rejecting', () => {
    it('adopts at the business time of the command', () =>
      spec
        .given([proposed])
        .when(command({ type: 'AdoptResolution', data: { resolutionId: id } }, { occurredAt: ADOPTED_AT }))
        .then([adopted]));

    it('refuses an adoption dated before the proposal', () =>
      spec
        .given([proposed])
        .when(command({ type: 'AdoptResolution', data: { resolutionId: id } }, { occurredAt: '2026-11-19T00:00:00.000Z' }))
        .thenThrows(ValidationFailed, fieldNamed('occurredAt')));

    it('rejects with its reason', () =>
      spec
        .given([proposed])
        .when(command({ type: 'RejectResolution', data: { resolutionId: id, reason: 'خارج از صلاحیت' } }))
        .then([{ type: 'ResolutionRejected', data: { resolutionId: id, reason: 'خارج از صلاحیت', rejectedAt: NOW } }]));

    it('refuses a rejection dated before the proposal', () =>
      spec
        .given([proposed])
        .when(command({ type: 'RejectResolution', data: { resolutionId: id, reason: 'x' } }, { occurredAt: '2026-11-19T00:00:00.000Z' }))
        .thenThrows(ValidationFailed, fieldNamed('occurredAt')));
  });

  describe('referring', () => {
    it('refers an adopted resolution to a body, with a note', () =>
      spec
        .given([proposed, adopted])
        .when(refer(headquartersId, { note: 'برای طرح در دستور کار' }))
        .then([{ type: 'ResolutionReferred', data: { resolutionId: id, toOrganizationId: headquartersId, note: 'برای طرح در دستور کار', referredAt: NOW } }]));

    it('refers to several bodies', () =>
      spec.given([proposed, adopted, referredToHeadquarters]).when(refer(provinceId)).thenMatches([{ type: 'ResolutionReferred', data: expect.objectContaining({ toOrganizationId: provinceId }) }]));

    it('refuses referring twice to the same body', () =>
      spec.given([proposed, adopted, referredToHeadquarters]).when(refer(headquartersId)).thenThrows(ValidationFailed, fieldNamed('toOrganizationId')));

    it('refuses an organization that does not exist', () =>
      spec.given([proposed, adopted]).when(refer(headquartersId, { organization: null })).thenThrows(ValidationFailed, fieldNamed('toOrganizationId')));

    it('refuses a dissolved organization', () =>
      spec
        .given([proposed, adopted])
        .when(refer(headquartersId, { organization: { status: 'DISSOLVED' } }))
        .thenThrows(ValidationFailed, fieldNamed('toOrganizationId')));

    it('refuses a referral dated before the adoption', () =>
      spec
        .given([proposed, adopted])
        .when(refer(headquartersId, {}, { occurredAt: PROPOSED_AT }))
        .thenThrows(ValidationFailed, fieldNamed('occurredAt')));
  });

  describe('assigning', () => {
    it('assigns a responsible organization and a due date', () =>
      spec
        .given([proposed, adopted])
        .when(assign(provinceId, { dueDate: '2027-03-20T00:00:00.000Z' }))
        .then([{ type: 'ResolutionAssigned', data: { resolutionId: id, responsibleOrganizationId: provinceId, dueDate: '2027-03-20T00:00:00.000Z', assignedAt: NOW } }]));

    it('accepts a due date at the very moment of adoption', () =>
      spec.given([proposed, adopted]).when(assign(provinceId, { dueDate: ADOPTED_AT })).thenMatches([{ type: 'ResolutionAssigned' }]));

    it('reassigns, naming who was responsible before', () =>
      spec
        .given([proposed, adopted, assignedToProvince])
        .when(assign(headquartersId))
        .thenMatches([{ type: 'ResolutionAssigned', data: expect.objectContaining({ responsibleOrganizationId: headquartersId, previousResponsibleOrganizationId: provinceId }) }]));

    it('moves the due date of the same organization', () =>
      spec
        .given([proposed, adopted, assignedToProvince])
        .when(assign(provinceId, { dueDate: '2027-06-01T00:00:00.000Z' }))
        .then([{ type: 'ResolutionAssigned', data: { resolutionId: id, responsibleOrganizationId: provinceId, dueDate: '2027-06-01T00:00:00.000Z', assignedAt: NOW } }]));

    it('refuses a due date before the adoption', () =>
      spec
        .given([proposed, adopted])
        .when(assign(provinceId, { dueDate: '2026-11-21T07:59:59.000Z' }))
        .thenThrows(ValidationFailed, fieldNamed('dueDate')));

    it('refuses an assignment that changes nothing', () =>
      spec
        .given([proposed, adopted, assignedToProvince])
        .when(assign(provinceId, { dueDate: '2027-03-20T00:00:00.000Z' }))
        .thenThrows(ValidationFailed, fieldNamed('responsibleOrganizationId')));

    it('refuses an organization that does not exist', () =>
      spec.given([proposed, adopted]).when(assign(provinceId, { organization: null })).thenThrows(ValidationFailed, fieldNamed('responsibleOrganizationId')));

    it('refuses a dissolved organization', () =>
      spec
        .given([proposed, adopted])
        .when(assign(provinceId, { organization: { status: 'DISSOLVED' } }))
        .thenThrows(ValidationFailed, fieldNamed('responsibleOrganizationId')));
  });

  describe('recording progress', () => {
    it('records a note with a percent', () =>
      spec
        .given([proposed, adopted])
        .when(progress({ note: 'جلسه با گمرک برگزار شد', percent: 30 }))
        .then([{ type: 'ResolutionProgressRecorded', data: { resolutionId: id, note: 'جلسه با گمرک برگزار شد', percent: 30, reportedAt: NOW } }]));

    it('records a note without a percent, even after one was reported', () =>
      spec
        .given([proposed, adopted, progressed40])
        .when(progress({ note: 'تأخیر در تأمین اعتبار' }))
        .then([{ type: 'ResolutionProgressRecorded', data: { resolutionId: id, note: 'تأخیر در تأمین اعتبار', reportedAt: NOW } }]));

    it('accepts the same percent again', () =>
      spec.given([proposed, adopted, progressed40]).when(progress({ note: 'بدون تغییر', percent: 40 })).thenMatches([{ data: expect.objectContaining({ percent: 40 }) }]));

    it('refuses a percent lower than the last one reported', () =>
      spec.given([proposed, adopted, progressed40]).when(progress({ note: 'x', percent: 39 })).thenThrows(ValidationFailed, fieldNamed('percent')));

    it('refuses progress dated before the adoption', () =>
      spec
        .given([proposed, adopted])
        .when(progress({ note: 'x' }, { occurredAt: PROPOSED_AT }))
        .thenThrows(ValidationFailed, fieldNamed('occurredAt')));
  });

  describe('implementing', () => {
    it('marks an adopted resolution implemented, with a note', () =>
      spec
        .given([proposed, adopted, progressed40])
        .when(command({ type: 'MarkResolutionImplemented', data: { resolutionId: id, note: 'اجرا شد' } }))
        .then([{ type: 'ResolutionImplemented', data: { resolutionId: id, note: 'اجرا شد', implementedAt: NOW } }]));

    it('refuses to implement a rejected resolution', () =>
      spec
        .given([proposed, rejected])
        .when(command({ type: 'MarkResolutionImplemented', data: { resolutionId: id } }))
        .thenThrows(InvalidTransition, { state: 'REJECTED' }));

    it('refuses to implement a resolution that was only proposed', () =>
      spec
        .given([proposed])
        .when(command({ type: 'MarkResolutionImplemented', data: { resolutionId: id } }))
        .thenThrows(InvalidTransition, { state: 'PROPOSED' }));

    it('refuses an implementation dated before the adoption', () =>
      spec
        .given([proposed, adopted])
        .when(command({ type: 'MarkResolutionImplemented', data: { resolutionId: id } }, { occurredAt: PROPOSED_AT }))
        .thenThrows(ValidationFailed, fieldNamed('occurredAt')));
  });

  describe('withdrawing', () => {
    it('withdraws a proposed resolution', () =>
      spec
        .given([proposed])
        .when(withdraw())
        .then([{ type: 'ResolutionWithdrawn', data: { resolutionId: id, reason: 'پیشنهاددهنده پس گرفت', withdrawnAt: NOW, statusBefore: 'PROPOSED' } }]));

    it('withdraws an adopted resolution', () =>
      spec.given([proposed, adopted, referredToHeadquarters]).when(withdraw()).thenMatches([{ type: 'ResolutionWithdrawn', data: expect.objectContaining({ statusBefore: 'ADOPTED' }) }]));

    it('refuses a withdrawal dated before the adoption', () =>
      spec.given([proposed, adopted]).when(withdraw({ occurredAt: PROPOSED_AT })).thenThrows(ValidationFailed, fieldNamed('occurredAt')));
  });

  describe('superseding', () => {
    it('is superseded by an adopted resolution', () =>
      spec
        .given([proposed, adopted])
        .when(supersede({ status: 'ADOPTED', adoptedAt: '2026-11-25T00:00:00.000Z' }))
        .then([{ type: 'ResolutionSuperseded', data: { resolutionId: id, supersededById: successorId, supersededAt: NOW, statusBefore: 'ADOPTED' } }]));

    it('is superseded while still proposed', () =>
      spec
        .given([proposed])
        .when(supersede({ status: 'ADOPTED', adoptedAt: '2026-11-25T00:00:00.000Z' }))
        .thenMatches([{ type: 'ResolutionSuperseded', data: expect.objectContaining({ statusBefore: 'PROPOSED' }) }]));

    it('is superseded by a resolution already implemented', () =>
      spec
        .given([proposed, adopted])
        .when(supersede({ status: 'IMPLEMENTED', adoptedAt: '2026-11-25T00:00:00.000Z' }))
        .thenMatches([{ type: 'ResolutionSuperseded' }]));

    it('refuses to supersede itself', () =>
      spec
        .given([proposed, adopted])
        .when(supersede({ status: 'ADOPTED', adoptedAt: ADOPTED_AT }, id))
        .thenThrows(ValidationFailed, fieldNamed('supersededById')));

    it('refuses a successor that does not exist', () =>
      spec.given([proposed, adopted]).when(supersede(null)).thenThrows(ValidationFailed, fieldNamed('supersededById')));

    it('refuses a successor that is itself superseded', () =>
      spec
        .given([proposed, adopted])
        .when(supersede({ status: 'SUPERSEDED', adoptedAt: ADOPTED_AT }))
        .thenThrows(ValidationFailed, fieldNamed('supersededById')));

    it.each(['PROPOSED', 'REJECTED', 'WITHDRAWN'] as const)('refuses a %s successor: only an adopted one takes the place of another', (status) =>
      spec.given([proposed, adopted]).when(supersede({ status })).thenThrows(ValidationFailed, fieldNamed('supersededById')));

    it("refuses a supersession dated before the successor's adoption", () =>
      spec
        .given([proposed, adopted])
        .when(supersede({ status: 'ADOPTED', adoptedAt: '2026-11-28T00:00:00.000Z' }))
        .thenThrows(ValidationFailed, fieldNamed('occurredAt')));
  });

  describe('in every state', () => {
    // A function, not a table: describe bodies run before the fixtures at the bottom are initialised.
    const history = (status: ResolutionStatus): ResolutionEvent[] =>
      ({
      PROPOSED: [proposed],
      ADOPTED: [proposed, adopted],
      REJECTED: [proposed, rejected],
      IMPLEMENTED: [proposed, adopted, implemented],
      WITHDRAWN: [proposed, withdrawn],
      SUPERSEDED: [proposed, adopted, superseded],
      })[status];
    const allowed: Record<ResolutionCommand['type'], ResolutionStatus[]> = {
      ProposeResolution: [],
      AmendResolution: ['PROPOSED'],
      AdoptResolution: ['PROPOSED'],
      RejectResolution: ['PROPOSED'],
      ReferResolution: ['ADOPTED'],
      AssignResolution: ['ADOPTED'],
      RecordResolutionProgress: ['ADOPTED'],
      MarkResolutionImplemented: ['ADOPTED'],
      WithdrawResolution: ['PROPOSED', 'ADOPTED'],
      SupersedeResolution: ['PROPOSED', 'ADOPTED'],
    };
    const valid: Record<ResolutionCommand['type'], () => ResolutionCommand> = {
      ProposeResolution: () => propose({}),
      AmendResolution: () => command({ type: 'AmendResolution', data: { resolutionId: id, text: 'متن دیگر' } }),
      AdoptResolution: () => command({ type: 'AdoptResolution', data: { resolutionId: id } }),
      RejectResolution: () => command({ type: 'RejectResolution', data: { resolutionId: id, reason: 'x' } }),
      ReferResolution: () => refer(provinceId),
      AssignResolution: () => assign(provinceId),
      RecordResolutionProgress: () => progress({ note: 'x', percent: 50 }),
      MarkResolutionImplemented: () => command({ type: 'MarkResolutionImplemented', data: { resolutionId: id } }),
      WithdrawResolution: () => withdraw(),
      SupersedeResolution: () => supersede({ status: 'ADOPTED', adoptedAt: ADOPTED_AT }),
    };
    const cases = Object.entries(allowed).flatMap(([type, statuses]) =>
      RESOLUTION_STATUSES.map((status) => ({ type: type as ResolutionCommand['type'], status, ok: statuses.includes(status) })),
    );

    it.each(cases.filter((c) => c.ok))('$type is accepted when $status', ({ type, status }) =>
      spec.given(history(status)).when(valid[type]()).thenMatches([{ data: expect.objectContaining({ resolutionId: id }) }]));

    it.each(cases.filter((c) => !c.ok))('$type is refused as INVALID_TRANSITION when $status', ({ type, status }) =>
      spec.given(history(status)).when(valid[type]()).thenThrows(InvalidTransition, { state: status }));

    it.each(Object.keys(allowed).filter((type) => type !== 'ProposeResolution'))('%s of a resolution never proposed is NOT_FOUND', (type) =>
      spec
        .given([])
        .when(valid[type as ResolutionCommand['type']]())
        .thenThrows(NotFound, { entity: 'resolution', id }));
  });

  describe('its state', () => {
    const stateAfter = (events: ResolutionEvent[]) => fold(evolve, initialState(), events);

    it('keeps every referral in order and the last percent reported', () =>
      expect(stateAfter([proposed, adopted, referredToHeadquarters, progressed40, progressWithoutPercent])).toMatchObject({
        status: 'ADOPTED',
        referrals: [{ organizationId: headquartersId, note: 'برای طرح در دستور کار', referredAt: NOW }],
        progress: [{ percent: 40 }, { note: 'تأخیر' }],
        percentComplete: 40,
      }));

    it('is 100 percent complete once implemented', () =>
      expect(stateAfter([proposed, adopted, progressed40, implemented])).toMatchObject({ status: 'IMPLEMENTED', percentComplete: 100 }));

    it('keeps the rejection reason and the supersession link', () => {
      expect(stateAfter([proposed, rejected])).toMatchObject({ status: 'REJECTED', rejectionReason: 'خارج از صلاحیت' });
      expect(stateAfter([proposed, adopted, superseded])).toMatchObject({ status: 'SUPERSEDED', supersededById: successorId });
    });

    it('ignores events before the proposal instead of throwing: history is a fact', () =>
      expect(stateAfter([adopted])).toEqual({ status: 'None' }));
  });
});

const command = (partial: Omit<ResolutionCommand, 'metadata'>, meta = {}): ResolutionCommand =>
  ({ ...partial, metadata: metadata(meta) }) as ResolutionCommand;

type DataOf<T extends ResolutionCommand['type']> = Extract<ResolutionCommand, { type: T }>['data'];

const propose = (data: Partial<DataOf<'ProposeResolution'>>) =>
  command({ type: 'ProposeResolution', data: { resolutionId: id, title: 'تفویض اختیارات', text: 'تفویض اختیارات به استان‌ها', ...data } });

const refer = (toOrganizationId: string, data: Partial<DataOf<'ReferResolution'>> = {}, meta = {}) =>
  command({ type: 'ReferResolution', data: { resolutionId: id, toOrganizationId, organization: { status: 'ACTIVE' }, ...data } }, meta);

const assign = (responsibleOrganizationId: string, data: Partial<DataOf<'AssignResolution'>> = {}) =>
  command({ type: 'AssignResolution', data: { resolutionId: id, responsibleOrganizationId, organization: { status: 'ACTIVE' }, ...data } });

const progress = (data: { note: string; percent?: number }, meta = {}) =>
  command({ type: 'RecordResolutionProgress', data: { resolutionId: id, ...data } }, meta);

const withdraw = (meta = {}) => command({ type: 'WithdrawResolution', data: { resolutionId: id, reason: 'پیشنهاددهنده پس گرفت' } }, meta);

const supersede = (successor: DataOf<'SupersedeResolution'>['successor'], supersededById = successorId) =>
  command({ type: 'SupersedeResolution', data: { resolutionId: id, supersededById, successor } });

const proposed: ResolutionEvent = {
  type: 'ResolutionProposed',
  data: { resolutionId: id, title: 'تفویض اختیارات', text: 'تفویض اختیارات به استان‌ها', proposedAt: PROPOSED_AT },
};
const amended: ResolutionEvent = {
  type: 'ResolutionAmended',
  data: { resolutionId: id, title: 'تفویض اختیارات', text: 'متن اصلاح‌شده', previousTitle: 'تفویض اختیارات', previousText: 'تفویض اختیارات به استان‌ها', amendedAt: PROPOSED_AT },
};
const adopted: ResolutionEvent = { type: 'ResolutionAdopted', data: { resolutionId: id, adoptedAt: ADOPTED_AT } };
const rejected: ResolutionEvent = { type: 'ResolutionRejected', data: { resolutionId: id, reason: 'خارج از صلاحیت', rejectedAt: ADOPTED_AT } };
const referredToHeadquarters: ResolutionEvent = {
  type: 'ResolutionReferred',
  data: { resolutionId: id, toOrganizationId: headquartersId, note: 'برای طرح در دستور کار', referredAt: NOW },
};
const assignedToProvince: ResolutionEvent = {
  type: 'ResolutionAssigned',
  data: { resolutionId: id, responsibleOrganizationId: provinceId, dueDate: '2027-03-20T00:00:00.000Z', assignedAt: NOW },
};
const progressed40: ResolutionEvent = {
  type: 'ResolutionProgressRecorded',
  data: { resolutionId: id, note: 'پیش‌نویس آیین‌نامه آماده شد', percent: 40, reportedAt: NOW },
};
const progressWithoutPercent: ResolutionEvent = { type: 'ResolutionProgressRecorded', data: { resolutionId: id, note: 'تأخیر', reportedAt: NOW } };
const implemented: ResolutionEvent = { type: 'ResolutionImplemented', data: { resolutionId: id, implementedAt: NOW } };
const withdrawn: ResolutionEvent = {
  type: 'ResolutionWithdrawn',
  data: { resolutionId: id, reason: 'پس گرفته شد', withdrawnAt: ADOPTED_AT, statusBefore: 'PROPOSED' },
};
const superseded: ResolutionEvent = {
  type: 'ResolutionSuperseded',
  data: { resolutionId: id, supersededById: successorId, supersededAt: NOW, statusBefore: 'ADOPTED' },
};
