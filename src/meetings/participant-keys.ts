import { appended } from '../core/grown-list';
import { normalizeForSearch } from '../core/persian-text';

/** What the twin check reads of a meeting's participant (meeting.ts's MeetingParticipant, which imports this). */
interface MeetingParticipant {
  organizationId: string;
  personName?: string;
}

/** Who a participant is for the twin check: the organization and the folded name. */
export const personKey = (organizationId: string, personName: string | undefined) => `${organizationId}|${normalizeForSearch(personName ?? '')}`;

/** Each participant's key, folded once: a state's participants are the same objects from one event to the next. */
const keyOfParticipant = new WeakMap<MeetingParticipant, string>();
const keyOf = (participant: MeetingParticipant): string => {
  let key = keyOfParticipant.get(participant);
  if (key === undefined) keyOfParticipant.set(participant, (key = personKey(participant.organizationId, participant.personName)));
  return key;
};

/** A list made by adding participants to a list that had an index (`withParticipant`), until it has its own. */
const grownFrom = new WeakMap<readonly MeetingParticipant[], { from: readonly MeetingParticipant[]; added: MeetingParticipant[] }>();
/** The participants of a list by key, the first of each key; held by one list at a time. */
const byKey = new WeakMap<readonly MeetingParticipant[], Map<string, MeetingParticipant>>();

const addTo = (index: Map<string, MeetingParticipant>, participant: MeetingParticipant): void => {
  const key = keyOf(participant);
  if (!index.has(key)) index.set(key, participant);
};

/**
 * The list with one participant added, as `evolve` makes it. When the list it grew from has an
 * index, it remembers that list, so that the twin check on the new list takes over the old list's
 * index and adds the new keys, rather than reading every participant of a meeting of thousands
 * again for every one added. A list without an index (a stream folded from its start) is not
 * remembered: each list would hold the one before it, and a meeting of 10,000 participants would
 * keep all 10,000 of its lists, 50 million entries, alive. A list grown in place during a fold
 * (grown-list.ts) tells its index, or its record, of the participant added.
 */
export const withParticipant = <P extends MeetingParticipant>(participants: readonly P[], added: P): P[] => {
  const grown = appended(participants, added);
  if (grown === participants) {
    const index = byKey.get(grown);
    if (index) addTo(index, added);
    grownFrom.get(grown)?.added.push(added);
  } else if (byKey.has(participants)) grownFrom.set(grown, { from: participants, added: [added] });
  return grown;
};

const indexOf = (participants: readonly MeetingParticipant[]): Map<string, MeetingParticipant> => {
  let index = byKey.get(participants);
  if (index) return index;
  const growth = grownFrom.get(participants);
  grownFrom.delete(participants);
  const before = growth && byKey.get(growth.from);
  if (growth && before) {
    // Taken over, not shared: the older list builds its own again if it is ever asked.
    byKey.delete(growth.from);
    index = before;
    for (const added of growth.added) addTo(index, added);
  } else {
    index = new Map();
    for (const participant of participants) addTo(index, participant);
  }
  byKey.set(participants, index);
  return index;
};

/** The first participant of the list who is the same person for the same organization, if any. */
export const twinOf = <P extends MeetingParticipant>(participants: readonly P[], organizationId: string, personName: string | undefined): P | undefined =>
  indexOf(participants).get(personKey(organizationId, personName)) as P | undefined;
