import type { RecordedEvent } from './event-store';

/**
 * Events are never edited: when an event's shape changes, its old versions are upcast on read.
 * An upcaster turns one schemaVersion of a type into the next; they chain until the current one.
 */
export type Upcaster = (data: any) => unknown;

const upcasters = new Map<string, Map<number, Upcaster>>();

export const registerUpcaster = (type: string, fromVersion: number, upcaster: Upcaster): void => {
  const forType = upcasters.get(type) ?? new Map<number, Upcaster>();
  forType.set(fromVersion, upcaster);
  upcasters.set(type, forType);
};

export const currentSchemaVersion = (type: string): number => {
  const forType = upcasters.get(type);
  return forType ? Math.max(...forType.keys()) + 1 : 1;
};

export const upcast = <E extends RecordedEvent>(event: E): E => {
  const forType = upcasters.get(event.type);
  if (!forType) return event;
  let { data, schemaVersion } = event;
  for (let step = forType.get(schemaVersion); step; step = forType.get(schemaVersion)) {
    data = step(data) as E['data'];
    schemaVersion++;
  }
  return { ...event, data, schemaVersion };
};
