import { foldWith, type DecisionReads } from '../commands/decision-reads';
import { guardStreamId, type GuardedSet } from '../commands/guarded-set';
import { streamIdOf } from '../core/streams';
import type { GraphQLContext } from '../graphql/context';
import { readModelsAtHead } from '../graphql/read-models-at-head';
import { organizationFromLog } from '../organizations/organization-facts';
import { COOPERATION_DOCUMENT_CATEGORY, evolve, initialState, type RegisteredCooperationDocument } from './cooperation-document';
import type { ProvinceLookup } from './cooperation-document.decide';
import { cooperationDocumentsProjection, type CooperationDocumentDocument } from './cooperation-documents.projection';
import { duplicateCandidates, type DocumentToMatch } from './duplicate-candidates';

const foldDocument = foldWith({ evolve, initialState });

/**
 * Every cooperation document of one province and counterpart country, whatever its status: the
 * set the duplicate rule looks in. Registrations into it take turns through its guard, so of two
 * racing registrations of the same document the second sees the first.
 */
export const documentsOfProvinceAndCountry = (ctx: GraphQLContext, provinceId: string, counterpartCountry: string): GuardedSet => {
  const country = counterpartCountry.toUpperCase();
  return {
    streamId: guardStreamId('cooperationDocuments', provinceId, country),
    seed: async () =>
      (await readModelsAtHead(ctx))
        .find<CooperationDocumentDocument>(cooperationDocumentsProjection.collection, {
          filters: [
            { path: '$.state.provinceId', equals: provinceId },
            { path: '$.state.counterpartCountry', equals: country },
          ],
        })
        .docs.map((doc) => doc.id),
  };
};

/** A cooperation document named by another one's command, from its own stream (null: none recorded). */
export const documentFromLog = async (reads: DecisionReads, documentId: string): Promise<RegisteredCooperationDocument | null> => {
  const document = await reads.stream(streamIdOf(COOPERATION_DOCUMENT_CATEGORY, documentId), foldDocument);
  return document.status === 'None' ? null : document;
};

/** The named province as the decider needs it, from its own stream (null: no such organization). */
export const provinceFromLog = async (reads: DecisionReads, provinceId: string): Promise<ProvinceLookup | null> => {
  const province = await organizationFromLog(reads, provinceId);
  return province && { kind: province.kind, status: province.status, dissolvedAt: province.dissolvedAt };
};

/**
 * The documents in force that a registration would duplicate, from the streams of its set's
 * members as they stand in the log; the new document joins the set with the registration.
 */
export const duplicateCandidatesFromLog = async (
  reads: DecisionReads,
  set: GuardedSet,
  registration: DocumentToMatch,
  documentId: string,
): Promise<string[]> => {
  const members = await reads.members(set, { joining: documentId });
  const documents = await Promise.all(members.map((id) => documentFromLog(reads, id)));
  const registered = documents.filter((document): document is RegisteredCooperationDocument => document !== null);
  return duplicateCandidates(registration, registered).map((document) => document.documentId);
};
