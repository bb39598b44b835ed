import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { personKey, twinOf, withParticipant } from '../../src/meetings/participant-keys';

interface Person {
  participantId: string;
  organizationId: string;
  personName?: string;
}

const person = (participantId: string, personName?: string, organizationId = 'org-a'): Person => ({ participantId, organizationId, personName });
const grown = (count: number, from: readonly Person[] = []): Person[] =>
  Array.from({ length: count }, (_, index) => person(`p${from.length + index}`, `ناظر ${from.length + index}`)).reduce<Person[]>(
    (list, added) => withParticipant(list, added),
    [...from],
  );

describe('the twin check of a meeting’s participants', () => {
  it('finds the same person for the same organization by the folded name, and no one else', () => {
    const list = withParticipant(grown(1_000), person('yeh', 'علي كريمي'));
    expect(twinOf(list, 'org-a', 'ناظر 17')?.participantId).toBe('p17');
    // Arabic yeh and kaf fold to the Persian letters.
    expect(twinOf(list, 'org-a', 'علی کریمی')?.participantId).toBe('yeh');
    expect(twinOf(list, 'org-b', 'ناظر 17')).toBeUndefined();
    expect(twinOf(list, 'org-a', 'ناظر 1000')).toBeUndefined();
    expect(personKey('org-a', undefined)).toBe(personKey('org-a', ''));
  });

  it('sees a participant added after the check on the grown list only, never on the list it grew from', () => {
    const before = grown(500);
    expect(twinOf(before, 'org-a', 'تازه')).toBeUndefined();
    const after = withParticipant(before, person('new', 'تازه'));
    expect(twinOf(after, 'org-a', 'تازه')?.participantId).toBe('new');
    // The index moved to the grown list; the older one is answered as it stands.
    expect(twinOf(before, 'org-a', 'تازه')).toBeUndefined();
    expect(twinOf(before, 'org-a', 'ناظر 3')?.participantId).toBe('p3');
    // Two lists grown from the same one each see only their own addition.
    const other = withParticipant(before, person('other', 'دیگر'));
    expect(twinOf(other, 'org-a', 'دیگر')?.participantId).toBe('other');
    expect(twinOf(other, 'org-a', 'تازه')).toBeUndefined();
    expect(twinOf(after, 'org-a', 'دیگر')).toBeUndefined();
  });

  it('answers the first of two with the same key, and forgets a participant removed from the list', () => {
    let list = grown(10);
    expect(twinOf(list, 'org-a', 'ناظر 4')?.participantId).toBe('p4');
    list = withParticipant(list, person('again', 'ناظر 4'));
    expect(twinOf(list, 'org-a', 'ناظر 4')?.participantId).toBe('p4');
    const removed = list.filter((participant) => participant.participantId !== 'p4' && participant.participantId !== 'again');
    expect(twinOf(removed, 'org-a', 'ناظر 4')).toBeUndefined();
    expect(twinOf(withParticipant(removed, person('back', 'ناظر 4')), 'org-a', 'ناظر 4')?.participantId).toBe('back');
  });

  describe('memory', () => {
    setFlagsFromString('--expose_gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    /** Whether each referenced list is still alive after a full collection (a WeakRef holds its target to the end of the turn). */
    const alive = async (refs: WeakRef<object>[]) => {
      await new Promise((resolve) => setImmediate(resolve));
      collectGarbage();
      return refs.filter((ref) => ref.deref() !== undefined).length;
    };

    it('keeps none of the lists a fold from the start grew through: only the last one lives', async () => {
      const passed: WeakRef<Person[]>[] = [];
      let list: Person[] = [];
      for (let index = 0; index < 300; index++) {
        list = withParticipant(list, person(`p${index}`, `ناظر ${index}`));
        if (index % 50 === 0) passed.push(new WeakRef(list));
      }
      expect(await alive(passed)).toBe(0);
      expect(twinOf(list, 'org-a', 'ناظر 17')?.participantId).toBe('p17');
    });

    it('lets an indexed list go once the list grown from it has taken its index over', async () => {
      const grownFromIndexed = () => {
        const base = grown(100);
        expect(twinOf(base, 'org-a', 'ناظر 5')?.participantId).toBe('p5');
        return { base: new WeakRef(base), next: withParticipant(base, person('new', 'تازه')) };
      };
      const { base, next } = grownFromIndexed();
      expect(twinOf(next, 'org-a', 'تازه')?.participantId).toBe('new');
      expect(await alive([base])).toBe(0);
      expect(twinOf(next, 'org-a', 'ناظر 5')?.participantId).toBe('p5');
    });
  });
});
