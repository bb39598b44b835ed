import diff from 'microdiff';

export interface FieldChangeShape {
  /** Dotted path into the read model, array items by index: `state.outcomes.3.text`. */
  path: string;
  /** null when the field did not exist before. */
  before: unknown;
  /** null when the field no longer exists. */
  after: unknown;
}

/** Fields every event rewrites: showing them on each change would drown the ones that matter. */
const BOOKKEEPING = new Set(['version', 'position', 'updatedAt', 'occurredAt']);

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;

/**
 * A new or removed object or list is shown leaf by leaf, as each of its fields appearing or going,
 * so that a created entity and an edited one read the same way.
 */
const leaves = (path: (string | number)[], value: unknown): { path: (string | number)[]; value: unknown }[] => {
  if (!isContainer(value)) return [{ path, value }];
  const entries = Object.entries(value);
  if (entries.length === 0) return [{ path, value }];
  return entries.flatMap(([key, child]) => leaves([...path, Array.isArray(value) ? Number(key) : key], child));
};

/** The document as the read model stores it (JSON): an `undefined` field is no field. */
export const asStored = <Doc extends object>(doc: Doc): Doc => JSON.parse(JSON.stringify(doc)) as Doc;

const orNull = (value: unknown): unknown => (value === undefined ? null : value);

/**
 * What changed between two versions of a read model document (null: the entity did not exist),
 * leaf by leaf, bookkeeping fields left out. Pure: the same two documents always give the same list.
 */
export const fieldChanges = (before: object | null, after: object | null): FieldChangeShape[] => {
  const changes: FieldChangeShape[] = [];
  const add = (path: (string | number)[], beforeValue: unknown, afterValue: unknown) => {
    if (path.length === 1 && BOOKKEEPING.has(String(path[0]))) return;
    changes.push({ path: path.join('.'), before: orNull(beforeValue), after: orNull(afterValue) });
  };
  for (const difference of diff(asStored(before ?? {}), asStored(after ?? {}))) {
    if (difference.type === 'CHANGE') {
      // A leaf that became a container (or back) is a removal and a creation at once.
      if (isContainer(difference.oldValue) || isContainer(difference.value)) {
        if (difference.oldValue !== null) for (const leaf of leaves(difference.path, difference.oldValue)) add(leaf.path, leaf.value, null);
        if (difference.value !== null) for (const leaf of leaves(difference.path, difference.value)) add(leaf.path, null, leaf.value);
      } else add(difference.path, difference.oldValue, difference.value);
    } else if (difference.type === 'CREATE') {
      for (const leaf of leaves(difference.path, difference.value)) add(leaf.path, null, leaf.value);
    } else {
      for (const leaf of leaves(difference.path, difference.oldValue)) add(leaf.path, leaf.value, null);
    }
  }
  return changes;
};
