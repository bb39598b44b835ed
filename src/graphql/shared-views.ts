import { deepFreeze } from '../core/deep-freeze';

/**
 * Memoises a document's GraphQL view while the document is the read-model store's shared, frozen
 * copy: every request for the same meeting until the next write then reuses one view (frozen too,
 * since it is shared) instead of building a few hundred objects again. A document that is not
 * shared (an as-of read, a fold in progress) gets a fresh view each time.
 */
export const sharedViews = <Doc extends object, View extends object, Rest extends unknown[] = []>(
  toView: (doc: Doc, ...rest: Rest) => View,
): ((doc: Doc, ...rest: Rest) => View) => {
  const views = new WeakMap<Doc, View>();
  return (doc, ...rest) => {
    if (!Object.isFrozen(doc)) return toView(doc, ...rest);
    let view = views.get(doc);
    if (!view) views.set(doc, (view = deepFreeze(toView(doc, ...rest))));
    return view;
  };
};
