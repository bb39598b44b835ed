import { deepFreeze } from '../../src/core/deep-freeze';
import { sharedViews } from '../../src/graphql/shared-views';

interface Doc {
  id: string;
  items: { n: number }[];
}

describe('views of shared documents', () => {
  const builds: Doc[] = [];
  const toView = sharedViews((doc: Doc) => {
    builds.push(doc);
    return { id: doc.id, total: doc.items.reduce((sum, item) => sum + item.n, 0), items: doc.items };
  });

  beforeEach(() => (builds.length = 0));

  it('builds the view of a shared (frozen) document once, and freezes it', () => {
    const doc = deepFreeze({ id: 'm1', items: [{ n: 1 }, { n: 2 }] });
    const first = toView(doc);
    expect(toView(doc)).toBe(first);
    expect(first.total).toBe(3);
    expect(builds).toHaveLength(1);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('builds a new view for a new version of the document', () => {
    const v1 = deepFreeze({ id: 'm1', items: [{ n: 1 }] });
    const v2 = deepFreeze({ id: 'm1', items: [{ n: 1 }, { n: 5 }] });
    expect(toView(v1).total).toBe(1);
    expect(toView(v2).total).toBe(6);
  });

  it('builds a fresh view each time for a document that is not shared', () => {
    const doc = { id: 'm2', items: [{ n: 4 }] };
    expect(toView(doc)).not.toBe(toView(doc));
    expect(Object.isFrozen(toView(doc))).toBe(false);
    expect(builds).toHaveLength(3);
  });
});
