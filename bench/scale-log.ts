import type { Event } from '../src/core/event';
import { newId } from '../src/core/ids';
import { streamIdOf } from '../src/core/streams';
import { currentSchemaVersion } from '../src/eventstore/upcasters';
import type { EventStore, NewEvent } from '../src/eventstore/event-store';
import {
  MEETING_CATEGORY,
  OUTCOME_KINDS,
  PARTICIPANT_ROLES,
  type MeetingEvent,
  type OutcomeKind,
} from '../src/meetings/meeting';
import { ORGANIZATION_CATEGORY, ORGANIZATION_KINDS, type OrganizationEvent } from '../src/organizations/organization';
import { RESOLUTION_CATEGORY, type ResolutionEvent } from '../src/resolutions/resolution';
import { seededRandom } from './synthetic-log';

/**
 * A long-lived ledger in miniature, written through the store's own `appendToStream` (real
 * positions, recorded times and hash chain): a few hundred organizations; meetings scheduled with
 * their participants, opened, filled with outcomes (some amended or withdrawn, some in working
 * groups), approved and closed, a dozen of them in progress at any time; resolutions drawn from
 * their proposed-resolution outcomes, adopted, assigned, reported on and implemented over many
 * later events. Each append holds what one clerk's sitting would record for one stream (one to a
 * dozen events), so appends interleave across streams as they do in use. Event shapes are the
 * slices' own types, checked by the compiler.
 */
export interface ScaleLogOptions {
  events: number;
  seed?: number;
  onProgress?: (written: number) => void;
}

export interface ScaleLogSummary {
  events: number;
  appends: number;
  streams: { organizations: number; meetings: number; resolutions: number };
  eventTypes: Record<string, number>;
}

const CLERKS = Array.from({ length: 8 }, (_, index) => ({ id: `clerk-${index + 1}`, name: `دبیر ${index + 1}`, role: 'CLERK' as const }));

const PLACES = ['تبریز، سالن جلسات استانداری', 'ارومیه، تالار اجتماعات', 'اردبیل، دفتر امور بین‌الملل', 'تهران، وزارت امور خارجه'];

const SENTENCES = [
  'رفع موانع گمرکی در مرز بازرگان برای صادرات محصولات کشاورزی استان',
  'ایجاد دفتر نمایندگی اتاق بازرگانی در کشور همسایه برای پیگیری قراردادها',
  'برگزاری نمایشگاه مشترک صنایع دستی و معرفی ظرفیت‌های گردشگری استان',
  'تأمین اعتبار لازم برای تکمیل پایانه مرزی و راه‌اندازی خط ریلی حمل بار',
  'تسهیل صدور روادید برای فعالان اقتصادی و هیئت‌های تجاری استان‌های مرزی',
  'پیگیری بازپرداخت مطالبات پیمانکاران ایرانی از طرف‌های خارجی',
];

type AnyEvent = MeetingEvent | OrganizationEvent | ResolutionEvent;

interface ActiveMeeting {
  id: string;
  participantIds: string[];
  workingGroupIds: string[];
  outcomes: { id: string; kind: OutcomeKind; text: string; withdrawn: boolean }[];
  outcomeTarget: number;
  phase: 'SCHEDULED' | 'IN_SESSION';
}

interface ActiveResolution {
  id: string;
  stage: 'PROPOSED' | 'ADOPTED' | 'ASSIGNED';
  reportsLeft: number;
  percent: number;
}

const MAX_ACTIVE_MEETINGS = 12;

export const writeScaleLog = async (store: EventStore, options: ScaleLogOptions): Promise<ScaleLogSummary> => {
  const random = seededRandom(options.seed ?? 7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const text = (words: number) => Array.from({ length: words }, () => pick(SENTENCES)).join('؛ ');
  // Business time runs from 2019 on, a few minutes per sitting: older than the recorded time.
  let businessTime = Date.UTC(2019, 0, 1, 8);
  const summary: ScaleLogSummary = { events: 0, appends: 0, streams: { organizations: 0, meetings: 0, resolutions: 0 }, eventTypes: {} };

  const append = async (category: string, entityId: string, events: AnyEvent[]) => {
    businessTime += between(1, 30) * 60_000;
    const actor = pick(CLERKS);
    const occurredAt = new Date(businessTime).toISOString();
    const newEvents: NewEvent[] = events.map((event: Event) => ({
      type: event.type,
      data: event.data,
      schemaVersion: currentSchemaVersion(event.type),
      metadata: { occurredAt, actor, correlationId: newId() },
    }));
    await store.appendToStream(streamIdOf(category, entityId), newEvents);
    summary.appends++;
    summary.events += events.length;
    for (const event of events) summary.eventTypes[event.type] = (summary.eventTypes[event.type] ?? 0) + 1;
    if (summary.appends % 2000 === 0) options.onProgress?.(summary.events);
  };
  const at = () => new Date(businessTime).toISOString();

  const organizationIds: string[] = [];
  const organizationCount = Math.max(10, Math.min(400, Math.floor(options.events / 2500)));
  for (let index = 0; index < organizationCount; index++) {
    const organizationId = newId();
    const kind = ORGANIZATION_KINDS[index % ORGANIZATION_KINDS.length];
    await append(ORGANIZATION_CATEGORY, organizationId, [
      {
        type: 'OrganizationRegistered',
        data: { organizationId, kind, name: `${kind === 'PROVINCE' ? 'استانداری' : 'نهاد'} شماره ${index + 1}`, nameEn: `Organization ${index + 1}`, country: kind === 'FOREIGN_MISSION' ? 'TR' : 'IR' },
      },
    ]);
    organizationIds.push(organizationId);
  }
  summary.streams.organizations = organizationIds.length;

  const meetings: ActiveMeeting[] = [];
  const resolutions: ActiveResolution[] = [];

  const scheduleMeeting = async () => {
    const meetingId = newId();
    const participants = between(6, 12);
    const events: MeetingEvent[] = [
      {
        type: 'MeetingScheduled',
        data: {
          meetingId,
          title: `نشست کارگروه همکاری‌های منطقه‌ای شماره ${summary.streams.meetings + 1}`,
          location: pick(PLACES),
          scheduledStart: new Date(businessTime + 7 * 86_400_000).toISOString(),
          scheduledEnd: new Date(businessTime + 7 * 86_400_000 + 4 * 3_600_000).toISOString(),
          chair: 'استاندار',
          hostOrganizationId: pick(organizationIds),
        },
      },
    ];
    const meeting: ActiveMeeting = { id: meetingId, participantIds: [], workingGroupIds: [], outcomes: [], outcomeTarget: between(15, 40), phase: 'SCHEDULED' };
    for (let p = 0; p < participants; p++) {
      const participantId = newId();
      meeting.participantIds.push(participantId);
      events.push({
        type: 'ParticipantAdded',
        data: { meetingId, participantId, organizationId: pick(organizationIds), role: pick(PARTICIPANT_ROLES), personName: `نماینده ${p + 1}`, title: 'معاون هماهنگی امور اقتصادی', addedAt: at() },
      });
    }
    await append(MEETING_CATEGORY, meetingId, events);
    meetings.push(meeting);
    summary.streams.meetings++;
  };

  const advanceMeeting = async (meeting: ActiveMeeting) => {
    const meetingId = meeting.id;
    if (meeting.phase === 'SCHEDULED') {
      meeting.phase = 'IN_SESSION';
      return append(MEETING_CATEGORY, meetingId, [{ type: 'MeetingOpened', data: { meetingId, openedAt: at() } }]);
    }
    if (meeting.outcomes.length < meeting.outcomeTarget) {
      const events: MeetingEvent[] = [];
      if (meeting.workingGroupIds.length < 3 && random() < 0.08) {
        const workingGroupId = newId();
        meeting.workingGroupIds.push(workingGroupId);
        events.push({
          type: 'WorkingGroupFormed',
          data: { meetingId, workingGroupId, title: 'کارگروه تجارت مرزی', topic: pick(SENTENCES), memberParticipantIds: meeting.participantIds.slice(0, 3), formedAt: at() },
        });
      }
      for (let count = between(1, 5); count > 0 && meeting.outcomes.length < meeting.outcomeTarget; count--) {
        const outcome = { id: newId(), kind: pick(OUTCOME_KINDS), text: text(between(1, 3)), withdrawn: false };
        meeting.outcomes.push(outcome);
        const workingGroupId = meeting.workingGroupIds.length && random() < 0.3 ? pick(meeting.workingGroupIds) : undefined;
        events.push({
          type: 'OutcomeRecorded',
          data: { meetingId, outcomeId: outcome.id, kind: outcome.kind, text: outcome.text, ...(workingGroupId && { workingGroupId }), recordedAt: at() },
        });
      }
      const earlier = pick(meeting.outcomes);
      if (!earlier.withdrawn && random() < 0.1) {
        const amended = text(between(1, 3));
        events.push({ type: 'OutcomeAmended', data: { meetingId, outcomeId: earlier.id, text: amended, previousText: earlier.text, amendedAt: at() } });
        earlier.text = amended;
      } else if (!earlier.withdrawn && random() < 0.04) {
        events.push({ type: 'OutcomeWithdrawn', data: { meetingId, outcomeId: earlier.id, withdrawnAt: at() } });
        earlier.withdrawn = true;
      }
      return append(MEETING_CATEGORY, meetingId, events);
    }
    const approved = meeting.outcomes.filter((outcome) => !outcome.withdrawn);
    await append(MEETING_CATEGORY, meetingId, [
      { type: 'MeetingSummaryApproved', data: { meetingId, approvedAt: at(), approvedOutcomeIds: approved.map((outcome) => outcome.id) } },
      { type: 'MeetingClosed', data: { meetingId, closedAt: at() } },
    ]);
    meetings.splice(meetings.indexOf(meeting), 1);
    // About a third of the proposals a meeting approves are taken up as resolutions.
    for (const outcome of approved.filter((candidate) => candidate.kind === 'PROPOSED_RESOLUTION' && random() < 0.35)) {
      const resolutionId = newId();
      await append(RESOLUTION_CATEGORY, resolutionId, [
        {
          type: 'ResolutionProposed',
          data: { resolutionId, title: outcome.text.slice(0, 80), text: outcome.text, meetingId, fromOutcomeId: outcome.id, proposedAt: at() },
        },
      ]);
      resolutions.push({ id: resolutionId, stage: 'PROPOSED', reportsLeft: between(1, 6), percent: 0 });
      summary.streams.resolutions++;
    }
  };

  const advanceResolution = async (resolution: ActiveResolution) => {
    const resolutionId = resolution.id;
    if (resolution.stage === 'PROPOSED') {
      resolution.stage = 'ADOPTED';
      return append(RESOLUTION_CATEGORY, resolutionId, [{ type: 'ResolutionAdopted', data: { resolutionId, adoptedAt: at() } }]);
    }
    if (resolution.stage === 'ADOPTED') {
      resolution.stage = 'ASSIGNED';
      const events: ResolutionEvent[] = [
        { type: 'ResolutionAssigned', data: { resolutionId, responsibleOrganizationId: pick(organizationIds), dueDate: new Date(businessTime + 180 * 86_400_000).toISOString(), assignedAt: at() } },
      ];
      if (random() < 0.3)
        events.push({ type: 'ResolutionReferred', data: { resolutionId, toOrganizationId: pick(organizationIds), note: pick(SENTENCES), referredAt: at() } });
      return append(RESOLUTION_CATEGORY, resolutionId, events);
    }
    if (resolution.reportsLeft > 0) {
      resolution.reportsLeft--;
      resolution.percent = Math.min(95, resolution.percent + between(10, 30));
      return append(RESOLUTION_CATEGORY, resolutionId, [
        { type: 'ResolutionProgressRecorded', data: { resolutionId, note: text(1), percent: resolution.percent, reportedAt: at() } },
      ]);
    }
    resolutions.splice(resolutions.indexOf(resolution), 1);
    return append(RESOLUTION_CATEGORY, resolutionId, [{ type: 'ResolutionImplemented', data: { resolutionId, note: pick(SENTENCES), implementedAt: at() } }]);
  };

  while (summary.events < options.events) {
    const roll = random();
    if (meetings.length < MAX_ACTIVE_MEETINGS && (meetings.length < 3 || roll < 0.1)) await scheduleMeeting();
    else if (roll < 0.02) {
      const organizationId = pick(organizationIds);
      await append(ORGANIZATION_CATEGORY, organizationId, [
        { type: 'OrganizationRenamed', data: { organizationId, name: `نهاد بازنام‌گذاری‌شده ${summary.appends}`, previousName: 'نام پیشین' } },
      ]);
    } else if (roll < 0.35 && resolutions.length > 0) await advanceResolution(pick(resolutions));
    else await advanceMeeting(pick(meetings));
  }
  options.onProgress?.(summary.events);
  return summary;
};
