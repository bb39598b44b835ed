import { deepFreeze } from '../core/deep-freeze';

/**
 * Memoises a document's GraphQL view while the document is the read-model store's shared, frozen
 * copy: every request for the same meeting until the next write then reuses one view (frozen too,
 * since it is shared) instead of building a few hundred objects again. A document that is not
 * shared (an as-of read, a fold in progress) gets a fresh view each time.
 */
export const sharedViews = <Doc extends object, View extends object>(toView: (doc: Doc) => View): ((doc: Doc) => View) => {
  const views = new WeakMap<Doc, View>();
  return (doc) => {
    if (!Object.isFrozen(doc)) return toView(doc);
    let view = views.get(doc);
    if (!view) views.set(doc, (view = deepFreeze(toView(doc))));
    return view;
  };
};
