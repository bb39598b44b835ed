import type { Clock } from '../src/core/clock';
import { newId } from '../src/core/ids';
import { streamIdOf } from '../src/core/streams';
import type { EventStore, NewEvent } from '../src/eventstore/event-store';
import { ORGANIZATION_CATEGORY, ORGANIZATION_KINDS } from '../src/organizations/organization';
import { REGIONAL_GROUP_CATEGORY } from '../src/regional-groups/regional-group';

/** A seeded PRNG (mulberry32): the same seed writes the same shape of log. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** A clock that moves forward a fixed step on each reading: recorded times spread like a long-lived store's. */
export const steppingClock = (start: Date, stepMs: number): Clock & { readonly current: Date } => {
  let now = start.getTime();
  return {
    now: () => new Date((now += stepMs)),
    get current() {
      return new Date(now);
    },
  };
};

export interface SyntheticLogOptions {
  totalEvents: number;
  /** Events of the one long stream (an organization renamed again and again). */
  hotStreamEvents: number;
  /** About one organization per this many events. */
  eventsPerOrganization?: number;
  /** Events per append: bigger is faster to write. */
  maxBatch?: number;
  seed?: number;
  onProgress?: (written: number) => void;
}

export interface SyntheticLog {
  hotOrganizationId: string;
  organizationIds: string[];
  regionalGroupIds: string[];
  written: number;
}

/** A few clerks share the work, so an audit filter by actor picks a real share of the log. */
export const SYNTHETIC_ACTORS = Array.from({ length: 5 }, (_, index) => ({
  id: `clerk-${index + 1}`,
  name: `منشی ${index + 1}`,
  role: 'CLERK' as const,
}));

/**
 * Writes a realistic log through the store's own append (so positions, recorded times and the hash
 * chain are real): many organization and regional-group streams touched again and again over the
 * whole timeline, and one organization stream of `hotStreamEvents` events spread across it.
 */
export const writeSyntheticLog = async (store: EventStore, options: SyntheticLogOptions): Promise<SyntheticLog> => {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const maxBatch = options.maxBatch ?? 20;
  const organizationTarget = Math.max(2, Math.floor(options.totalEvents / (options.eventsPerOrganization ?? 50)));
  const organizationIds: string[] = [];
  const regionalGroupIds: string[] = [];
  const hotOrganizationId = newId();
  let actor = SYNTHETIC_ACTORS[0];
  const metadata = () => ({ occurredAt: new Date().toISOString(), actor });
  let written = 0;
  let hotWritten = 0;
  let renameCount = 0;

  const append = async (streamId: string, events: NewEvent[]) => {
    await store.appendToStream(streamId, events);
    actor = pick(SYNTHETIC_ACTORS);
    written += events.length;
    options.onProgress?.(written);
  };
  const register = (organizationId: string, kind: string, name: string): NewEvent => ({
    type: 'OrganizationRegistered',
    data: { organizationId, kind, name, nameEn: `Organization ${organizationId.slice(-6)}`, country: 'IR' },
    metadata: metadata(),
  });
  const renames = (organizationId: string, count: number): NewEvent[] =>
    Array.from({ length: count }, () => ({
      type: 'OrganizationRenamed',
      data: { organizationId, name: `سازمان ${++renameCount}`, previousName: `سازمان ${renameCount - 1}` },
      metadata: metadata(),
    }));

  await append(streamIdOf(ORGANIZATION_CATEGORY, hotOrganizationId), [register(hotOrganizationId, 'COMMITTEE', 'کمیته روابط خارجی استان‌ها')]);
  hotWritten = 1;
  while (written < options.totalEvents) {
    const left = options.totalEvents - written;
    const roll = random();
    // The long stream advances in step with the whole log, so its events are spread over the timeline.
    const hotDue = Math.ceil(((written + 1) / options.totalEvents) * options.hotStreamEvents) - hotWritten;
    if (hotDue > 0) {
      const count = Math.min(hotDue, maxBatch, left);
      await append(streamIdOf(ORGANIZATION_CATEGORY, hotOrganizationId), renames(hotOrganizationId, count));
      hotWritten += count;
    } else if (organizationIds.length < 2 || (organizationIds.length < organizationTarget && roll < 0.3)) {
      const organizationId = newId();
      await append(streamIdOf(ORGANIZATION_CATEGORY, organizationId), [
        register(organizationId, pick(ORGANIZATION_KINDS), `استان ${organizationIds.length + 1}`),
      ]);
      organizationIds.push(organizationId);
    } else if (roll < 0.33 && regionalGroupIds.length < organizationIds.length / 10) {
      const regionalGroupId = newId();
      await append(streamIdOf(REGIONAL_GROUP_CATEGORY, regionalGroupId), [
        {
          type: 'RegionalGroupDefined',
          data: {
            regionalGroupId,
            name: `گروه منطقه‌ای ${regionalGroupIds.length + 1}`,
            number: regionalGroupIds.length + 1,
            provinceIds: [pick(organizationIds), pick(organizationIds)],
            missionIds: [pick(organizationIds)],
          },
          metadata: metadata(),
        },
      ]);
      regionalGroupIds.push(regionalGroupId);
    } else if (roll < 0.4 && regionalGroupIds.length > 0) {
      const regionalGroupId = pick(regionalGroupIds);
      const added = pick(organizationIds);
      await append(streamIdOf(REGIONAL_GROUP_CATEGORY, regionalGroupId), [
        {
          type: 'RegionalGroupMembersChanged',
          data: { regionalGroupId, provinceIds: [added], missionIds: [pick(organizationIds)], addedIds: [added], removedIds: [] },
          metadata: metadata(),
        },
      ]);
    } else {
      const organizationId = pick(organizationIds);
      await append(streamIdOf(ORGANIZATION_CATEGORY, organizationId), renames(organizationId, Math.min(left, 1 + Math.floor(random() * maxBatch))));
    }
  }
  return { hotOrganizationId, organizationIds, regionalGroupIds, written };
};
