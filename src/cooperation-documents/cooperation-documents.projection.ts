import { entityProjection, type EntityDocument } from '../../projections/entity-document';
import type { Projection } from '../../projections/projection';
import {
  COOPERATION_DOCUMENT_CATEGORY,
  evolve,
  initialState,
  type CooperationDocument,
  type CooperationDocumentEvent,
  type RegisteredCooperationDocument,
} from './cooperation-document';

export type CooperationDocumentDocument = EntityDocument<RegisteredCooperationDocument>;

// The stream's first event registers the document, so a stored document is never 'None'.
export const cooperationDocumentsProjection = entityProjection<CooperationDocument, CooperationDocumentEvent>({
  collection: 'cooperationDocuments',
  category: COOPERATION_DOCUMENT_CATEGORY,
  initialState,
  evolve,
  searchText: (state) =>
    state.status === 'None' ? '' : [state.title, state.counterpartName ?? '', ...state.subjects].join(' '),
  index: {
    keys: ['$.state.provinceId', '$.state.counterpartCountry', '$.state.status', '$.state.documentType', '$.state.reviewClockFrom', '$.state.supersededById'],
    indexes: [['$.state.provinceId', '$.state.counterpartCountry'], ['$.state.counterpartCountry'], ['$.state.status'], ['$.state.documentType'], ['$.state.reviewClockFrom'], ['$.state.supersededById']],
    counts: [['$.state.status'], ['$.state.provinceId']],
    text: true,
  },
}) as Projection<CooperationDocumentDocument>;
