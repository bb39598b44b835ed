import { normalizeForSearch } from '../../src/core/persian-text';
import type { ReadModelStore } from '../../projections/read-model-store';

/** Writes one document as a fold's batch would hand it over: serialised, its search text folded. */
export const putDocument = (store: ReadModelStore, collection: string, id: string, doc: object, searchText = ''): void =>
  store.write({ collection, id, json: JSON.stringify(doc), search: normalizeForSearch(searchText) });

export const removeDocument = (store: ReadModelStore, collection: string, id: string): void =>
  store.write({ collection, id, json: null, search: '' });
