import type { Event } from '../src/core/event';
import { newId } from '../src/core/ids';
import { streamIdOf } from '../src/core/streams';
import { currentSchemaVersion } from '../src/eventstore/upcasters';
import type { EventStore, StreamAppend } from '../src/eventstore/event-store';
import { MEETING_CATEGORY, OUTCOME_KINDS, PARTICIPANT_ROLES, type MeetingEvent } from '../src/meetings/meeting';
import { ORGANIZATION_CATEGORY, type OrganizationEvent } from '../src/organizations/organization';
import { REGIONAL_GROUP_CATEGORY, type RegionalGroupEvent } from '../src/regional-groups/regional-group';
import { seededRandom } from './synthetic-log';

/**
 * A log shaped like issue 14's list target: many meetings with their few events each, rather than
 * the scale log's few meetings with many outcomes. Provinces and foreign missions, regional groups
 * of them, then `meetings` meetings over fifteen years of scheduled starts, each scheduled with a
 * participant or two, opened, given a few outcomes and closed (some left scheduled or in session,
 * some cancelled): about five and a half events a meeting. Written through the store's own
 * `appendToStreams` (real positions, recorded times, hash chain), many streams an append so that
 * a million events take a minute or two; a meeting's events are spread over three appends,
 * interleaved with other meetings' as a year's clerks would write them.
 */
export interface MeetingsLogOptions {
  meetings: number;
  seed?: number;
  onProgress?: (written: number) => void;
}

export interface MeetingsLogSummary {
  events: number;
  meetings: number;
  regionalGroupIds: string[];
  statuses: Record<string, number>;
  eventTypes: Record<string, number>;
}

const ACTORS = Array.from({ length: 8 }, (_, index) => ({ id: `clerk-${index + 1}`, name: `دبیر ${index + 1}`, role: 'CLERK' as const }));

const PROVINCES = [
  'آذربایجان شرقی', 'آذربایجان غربی', 'اردبیل', 'اصفهان', 'البرز', 'ایلام', 'بوشهر', 'تهران', 'چهارمحال و بختیاری', 'خراسان جنوبی',
  'خراسان رضوی', 'خراسان شمالی', 'خوزستان', 'زنجان', 'سمنان', 'سیستان و بلوچستان', 'فارس', 'قزوین', 'قم', 'کردستان', 'کرمان',
  'کرمانشاه', 'کهگیلویه و بویراحمد', 'گلستان', 'گیلان', 'لرستان', 'مازندران', 'مرکزی', 'هرمزگان', 'همدان', 'یزد',
];
const MISSIONS = ['TR', 'AM', 'AZ', 'IQ', 'AF', 'PK', 'TM', 'RU', 'CN', 'IN', 'AE', 'QA', 'OM', 'KZ', 'GE', 'TJ'];
const TOPICS = ['همکاری‌های اقتصادی', 'تجارت مرزی', 'گردشگری سلامت', 'ترانزیت کالا', 'صنایع دستی', 'انرژی و آب', 'آموزش عالی', 'کشاورزی', 'حمل‌ونقل ریلی', 'فرهنگی و رسانه‌ای'];
const PLACES = ['تبریز، سالن جلسات استانداری', 'ارومیه، تالار اجتماعات', 'اردبیل، دفتر امور بین‌الملل', 'تهران، وزارت امور خارجه', 'مشهد، سالن همایش‌ها', 'بندرعباس، اتاق بازرگانی'];
const SENTENCES = [
  'رفع موانع گمرکی در مرز بازرگان برای صادرات محصولات کشاورزی',
  'ایجاد دفتر نمایندگی اتاق بازرگانی برای پیگیری قراردادها',
  'برگزاری نمایشگاه مشترک صنایع دستی و معرفی ظرفیت‌های گردشگری',
  'تأمین اعتبار برای تکمیل پایانه مرزی و خط ریلی حمل بار',
  'تسهیل صدور روادید برای فعالان اقتصادی استان‌های مرزی',
];

type AnyEvent = MeetingEvent | OrganizationEvent | RegionalGroupEvent;

/** Meetings advanced per append: each stream once, as `appendToStreams` asks. */
const BATCH = 250;
const START = Date.UTC(2012, 0, 1);
const SPAN_MS = 15 * 365 * 86_400_000;

export const writeMeetingsLog = async (store: EventStore, options: MeetingsLogOptions): Promise<MeetingsLogSummary> => {
  const random = seededRandom(options.seed ?? 200);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const summary: MeetingsLogSummary = { events: 0, meetings: 0, regionalGroupIds: [], statuses: {}, eventTypes: {} };
  let businessTime = Date.UTC(2012, 0, 1);
  const at = () => new Date(businessTime).toISOString();

  const append = async (streams: { category: string; id: string; events: AnyEvent[]; created: boolean }[]) => {
    businessTime += 60_000;
    const actor = pick(ACTORS);
    const occurredAt = at();
    const appends: StreamAppend[] = streams
      .filter((stream) => stream.events.length)
      .map((stream) => ({
        streamId: streamIdOf(stream.category, stream.id),
        expectedRevision: stream.created ? 'NO_STREAM' : 'STREAM_EXISTS',
        events: stream.events.map((event: Event) => ({
          type: event.type,
          data: event.data,
          schemaVersion: currentSchemaVersion(event.type),
          metadata: { occurredAt, actor },
        })),
      }));
    if (!appends.length) return;
    await store.appendToStreams(appends);
    for (const stream of streams)
      for (const event of stream.events) {
        summary.events++;
        summary.eventTypes[event.type] = (summary.eventTypes[event.type] ?? 0) + 1;
      }
    options.onProgress?.(summary.events);
  };

  const provinces = PROVINCES.map((name) => ({ id: newId(), name }));
  const missions = MISSIONS.map((country) => ({ id: newId(), country }));
  await append([
    ...provinces.map((province) => ({
      category: ORGANIZATION_CATEGORY,
      id: province.id,
      created: true,
      events: [{ type: 'OrganizationRegistered' as const, data: { organizationId: province.id, kind: 'PROVINCE' as const, name: `استانداری ${province.name}`, country: 'IR' } }],
    })),
    ...missions.map((mission) => ({
      category: ORGANIZATION_CATEGORY,
      id: mission.id,
      created: true,
      events: [{ type: 'OrganizationRegistered' as const, data: { organizationId: mission.id, kind: 'FOREIGN_MISSION' as const, name: `سرکنسولگری ${mission.country}`, country: mission.country } }],
    })),
  ]);
  // Ten regional groups of three provinces and a mission or two each.
  const groups = Array.from({ length: 10 }, (_, index) => ({
    id: newId(),
    provinceIds: provinces.slice(index * 3, index * 3 + 3).map((province) => province.id),
    missionIds: [missions[index % missions.length].id, missions[(index + 5) % missions.length].id],
  }));
  await append(
    groups.map((group, index) => ({
      category: REGIONAL_GROUP_CATEGORY,
      id: group.id,
      created: true,
      events: [{ type: 'RegionalGroupDefined' as const, data: { regionalGroupId: group.id, name: `گروه منطقه‌ای ${index + 1}`, number: index + 1, provinceIds: group.provinceIds, missionIds: group.missionIds } }],
    })),
  );
  summary.regionalGroupIds = groups.map((group) => group.id);

  interface Pending {
    id: string;
    participantIds: string[];
    /** What becomes of it: CLOSED most, some left SCHEDULED or IN_SESSION, some CANCELLED. */
    fate: 'SCHEDULED' | 'IN_SESSION' | 'CLOSED' | 'CANCELLED';
  }
  const schedule = (): { pending: Pending; events: MeetingEvent[] } => {
    const meetingId = newId();
    const group = random() < 0.8 ? pick(groups) : undefined;
    const host = group ? pick(group.provinceIds) : pick(provinces).id;
    const start = START + Math.floor(random() * SPAN_MS);
    const roll = random();
    const fate = roll < 0.05 ? 'SCHEDULED' : roll < 0.08 ? 'IN_SESSION' : roll < 0.12 ? 'CANCELLED' : 'CLOSED';
    const events: MeetingEvent[] = [
      {
        type: 'MeetingScheduled',
        data: {
          meetingId,
          title: `نشست ${pick(TOPICS)} شماره ${summary.meetings + 1}`,
          location: pick(PLACES),
          scheduledStart: new Date(start).toISOString(),
          scheduledEnd: new Date(start + 3 * 3_600_000).toISOString(),
          ...(group && { regionalGroupId: group.id }),
          hostOrganizationId: host,
        },
      },
    ];
    const pending: Pending = { id: meetingId, participantIds: [], fate };
    for (let count = between(0, 2); count > 0; count--) {
      const participantId = newId();
      pending.participantIds.push(participantId);
      events.push({
        type: 'ParticipantAdded',
        data: { meetingId, participantId, organizationId: group ? pick([...group.provinceIds, ...group.missionIds]) : host, role: pick(PARTICIPANT_ROLES), personName: `نماینده ${count}`, addedAt: at() },
      });
    }
    summary.meetings++;
    summary.statuses[fate] = (summary.statuses[fate] ?? 0) + 1;
    return { pending, events };
  };
  const open = (meeting: Pending): MeetingEvent[] => {
    if (meeting.fate === 'SCHEDULED') return [];
    if (meeting.fate === 'CANCELLED') return [{ type: 'MeetingCancelled', data: { meetingId: meeting.id, reason: 'تعویق به درخواست طرف مقابل', cancelledAt: at() } }];
    return [{ type: 'MeetingOpened', data: { meetingId: meeting.id, openedAt: at() } }];
  };
  const finish = (meeting: Pending): MeetingEvent[] => {
    if (meeting.fate !== 'CLOSED' && meeting.fate !== 'IN_SESSION') return [];
    const events: MeetingEvent[] = [];
    const outcomeIds: string[] = [];
    for (let count = between(0, 3); count > 0; count--) {
      const outcomeId = newId();
      outcomeIds.push(outcomeId);
      events.push({ type: 'OutcomeRecorded', data: { meetingId: meeting.id, outcomeId, kind: pick(OUTCOME_KINDS), text: pick(SENTENCES), recordedAt: at() } });
    }
    if (meeting.fate === 'CLOSED') {
      if (random() < 0.6) events.push({ type: 'MeetingSummaryApproved', data: { meetingId: meeting.id, approvedAt: at(), approvedOutcomeIds: outcomeIds } });
      events.push({ type: 'MeetingClosed', data: { meetingId: meeting.id, closedAt: at() } });
    }
    return events;
  };

  // Batch k schedules its meetings, opens batch k-1's and finishes batch k-2's: each stream once an append.
  let opened: Pending[] = [];
  let scheduled: Pending[] = [];
  while (summary.meetings < options.meetings || scheduled.length || opened.length) {
    const fresh: { pending: Pending; events: MeetingEvent[] }[] = [];
    for (let count = Math.min(BATCH, options.meetings - summary.meetings); count > 0; count--) fresh.push(schedule());
    await append([
      ...fresh.map(({ pending, events }) => ({ category: MEETING_CATEGORY, id: pending.id, created: true, events })),
      ...scheduled.map((meeting) => ({ category: MEETING_CATEGORY, id: meeting.id, created: false, events: open(meeting) })),
      ...opened.map((meeting) => ({ category: MEETING_CATEGORY, id: meeting.id, created: false, events: finish(meeting) })),
    ]);
    opened = scheduled;
    scheduled = fresh.map(({ pending }) => pending);
  }
  return summary;
};
