import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { newId } from '../core/ids';
import type { GraphQLContext } from '../graphql/context';
import { MAY_READ, MAY_WRITE } from '../graphql/auth-checker';
import { PageArgs } from '../graphql/connection';
import { IdArgs, ReadArgs } from '../graphql/read-args';
import { DateTime } from '../graphql/scalars';
import { JALALI_DESCRIPTION, toJalaliOrNull } from '../graphql/jalali';
import { commandRunner, entityAfterCommand } from '../graphql/payload';
import { ENTITY_QUERY, readEntity, readModelsFor, readPage } from '../graphql/entity-reads';
import { pointOfRead } from '../graphql/read-point';
import { WithHistory } from '../graphql/entity-history';
import type { Filter, ReadModelStore } from '../../projections/read-model-store';
import {
  cooperationDocumentsProjection,
  type CooperationDocumentDocument,
} from './cooperation-documents.projection';
import { Organization } from '../organizations/organization.types';
import { organizationAt } from '../organizations/organization-lookup';
import { COOPERATION_DOCUMENT_CATEGORY, OPEN_STATUSES } from './cooperation-document';
import {
  cooperationDocumentDecider,
  type RegisterCooperationDocument,
  type ReviewCooperationDocument,
  type SupersedeCooperationDocument,
} from './cooperation-document.decide';
import { duplicateCandidates, type DocumentToMatch } from './duplicate-candidates';
import { documentFromLog, documentsOfProvinceAndCountry, duplicateCandidatesFromLog, provinceFromLog } from './cooperation-document-facts';
import {
  CooperationDocumentFilter,
  DuplicateCandidatesInput,
  RegisterCooperationDocumentInput,
  ReviewCooperationDocumentInput,
  SupersedeCooperationDocumentInput,
} from './cooperation-document.inputs';
import {
  CooperationDocument,
  CooperationDocumentConnection,
  CooperationDocumentPayload,
  toCooperationDocument,
} from './cooperation-document.types';

const DAY_MS = 24 * 60 * 60 * 1000;
const collection = cooperationDocumentsProjection.collection;

/** The next review falls due REVIEW_OVERDUE_DAYS after the review clock started; none is owed without a clock. */
const reviewDueAtOf = (document: CooperationDocument, ctx: GraphQLContext): string | null =>
  document.reviewClockFrom
    ? new Date(Date.parse(document.reviewClockFrom) + ctx.app.config.REVIEW_OVERDUE_DAYS * DAY_MS).toISOString()
    : null;

const loadCooperationDocument = (ctx: GraphQLContext, id: string, read?: ReadArgs) =>
  readEntity<CooperationDocumentDocument>(ctx, cooperationDocumentsProjection, COOPERATION_DOCUMENT_CATEGORY, 'cooperation document', id, read);

const runOnCooperationDocument = commandRunner(
  cooperationDocumentDecider,
  COOPERATION_DOCUMENT_CATEGORY,
  'cooperationDocument',
  async (ctx, result) => toCooperationDocument(await entityAfterCommand(ctx, result, cooperationDocumentsProjection, 'cooperation document')),
);

/** The documents in force a registration would duplicate, from the read model of its province and country. */
const findDuplicateCandidates = (readModels: ReadModelStore, registration: DocumentToMatch): CooperationDocumentDocument[] => {
  const { docs } = readModels.find<CooperationDocumentDocument>(collection, {
    filters: [
      { path: '$.state.provinceId', equals: registration.provinceId },
      { path: '$.state.counterpartCountry', equals: registration.counterpartCountry.toUpperCase() },
      { path: '$.state.status', in: OPEN_STATUSES },
    ],
  });
  const matches = new Set(duplicateCandidates(registration, docs.map((doc) => doc.state)).map((state) => state.documentId));
  return docs.filter((doc) => matches.has(doc.id));
};

/**
 * Overdue is measured against the time the question is asked for: now, or the `asOf` the records
 * are read at. A plain `atPosition` read has no time of its own, so it is measured against now.
 */
const reviewOverdueFilter = (ctx: GraphQLContext, overdue: boolean, read: ReadArgs): Filter[] => {
  const reference = read.asOf ?? ctx.app.clock.now();
  const cutoff = new Date(reference.getTime() - ctx.app.config.REVIEW_OVERDUE_DAYS * DAY_MS).toISOString();
  // A null clock (terminated, superseded) satisfies neither comparison in SQL: such documents owe no review.
  return [{ path: '$.state.reviewClockFrom', ...(overdue ? { lt: cutoff } : { gte: cutoff }) }];
};

@Resolver(() => CooperationDocument)
export class CooperationDocumentResolver extends WithHistory(CooperationDocument, COOPERATION_DOCUMENT_CATEGORY) {
  @Authorized(MAY_READ)
  @Query(() => CooperationDocument, ENTITY_QUERY)
  async cooperationDocument(@Args() { id }: IdArgs, @Args() read: ReadArgs, @Ctx() ctx: GraphQLContext) {
    return toCooperationDocument(await loadCooperationDocument(ctx, id, read), pointOfRead(read));
  }

  @Authorized(MAY_READ)
  @Query(() => CooperationDocumentConnection)
  cooperationDocuments(
    @Arg('filter', () => CooperationDocumentFilter, { nullable: true }) filter: CooperationDocumentFilter | undefined,
    @Args() page: PageArgs,
    @Args() read: ReadArgs,
    @Ctx() ctx: GraphQLContext,
  ) {
    return readPage(
      ctx,
      collection,
      {
        filters: [
          ...(filter?.provinceId ? [{ path: '$.state.provinceId', equals: filter.provinceId }] : []),
          ...(filter?.counterpartCountry
            ? [{ path: '$.state.counterpartCountry', equals: filter.counterpartCountry.toUpperCase() }]
            : []),
          ...(filter?.status ? [{ path: '$.state.status', equals: filter.status }] : []),
          ...(filter?.documentType ? [{ path: '$.state.documentType', equals: filter.documentType }] : []),
          ...(typeof filter?.reviewOverdue === 'boolean' ? reviewOverdueFilter(ctx, filter.reviewOverdue, read) : []),
        ],
        text: filter?.text,
      },
      page,
      read,
      (doc: CooperationDocumentDocument) => toCooperationDocument(doc, pointOfRead(read)),
    );
  }

  @Authorized(MAY_READ)
  @Query(() => [CooperationDocument], {
    description: 'The documents in force a registration with these fields would be refused as duplicating (DUPLICATE_SUSPECTED).',
  })
  async duplicateCandidates(
    @Arg('input', () => DuplicateCandidatesInput) input: DuplicateCandidatesInput,
    @Args() read: ReadArgs,
    @Ctx() ctx: GraphQLContext,
  ) {
    return findDuplicateCandidates(await readModelsFor(ctx, read), input).map((doc) => toCooperationDocument(doc, pointOfRead(read)));
  }

  @FieldResolver(() => Organization, { nullable: true })
  province(@Root() document: CooperationDocument, @Ctx() ctx: GraphQLContext) {
    return organizationAt(ctx, document.provinceId);
  }

  @FieldResolver(() => CooperationDocument, { nullable: true })
  supersededBy(@Root() document: CooperationDocument, @Ctx() ctx: GraphQLContext) {
    if (!document.supersededById) return null;
    const doc = ctx.app.readModels.get<CooperationDocumentDocument>(collection, document.supersededById);
    return doc ? toCooperationDocument(doc) : null;
  }

  @FieldResolver(() => [CooperationDocument], { description: 'The documents this one replaced.' })
  supersedes(@Root() document: CooperationDocument, @Ctx() ctx: GraphQLContext) {
    return ctx.app.readModels
      .find<CooperationDocumentDocument>(collection, { filters: [{ path: '$.state.supersededById', equals: document.entityId }] })
      .docs.map((doc) => toCooperationDocument(doc));
  }

  @FieldResolver(() => DateTime, {
    nullable: true,
    description: 'When the next review falls due (REVIEW_OVERDUE_DAYS after reviewClockFrom); null when none is owed.',
  })
  reviewDueAt(@Root() document: CooperationDocument, @Ctx() ctx: GraphQLContext) {
    return reviewDueAtOf(document, ctx);
  }

  @FieldResolver(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  reviewDueAtJalali(@Root() document: CooperationDocument, @Ctx() ctx: GraphQLContext) {
    return toJalaliOrNull(reviewDueAtOf(document, ctx));
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => CooperationDocumentPayload)
  async registerCooperationDocument(@Arg('input') input: RegisterCooperationDocumentInput, @Ctx() ctx: GraphQLContext) {
    const documentId = newId();
    const documentsOfSet = documentsOfProvinceAndCountry(ctx, input.provinceId, input.counterpartCountry);
    return runOnCooperationDocument(
      ctx,
      documentId,
      // Facts from the log, checked by the append: a registration racing this one cannot slip past the duplicate rule.
      async (metadata, reads): Promise<RegisterCooperationDocument> => {
        const province = await provinceFromLog(reads, input.provinceId);
        // No such province: refused for that before duplicates are looked for, so its set is not read.
        const candidates = province ? await duplicateCandidatesFromLog(reads, documentsOfSet, input, documentId) : [];
        return {
          type: 'RegisterCooperationDocument',
          data: {
            documentId,
            provinceId: input.provinceId,
            counterpartCountry: input.counterpartCountry.toUpperCase(),
            ...(input.counterpartName != null && { counterpartName: input.counterpartName }),
            title: input.title,
            documentType: input.documentType,
            subjects: input.subjects,
            signedAt: input.signedAt.toISOString(),
            acknowledgeDuplicateOf: input.acknowledgeDuplicateOf ?? undefined,
            justification: input.justification ?? undefined,
            province,
            duplicateCandidateIds: candidates,
          },
          metadata,
        };
      },
      input,
    );
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => CooperationDocumentPayload)
  async reviewCooperationDocument(@Arg('input') input: ReviewCooperationDocumentInput, @Ctx() ctx: GraphQLContext) {
    return runOnCooperationDocument(
      ctx,
      input.documentId,
      (metadata): ReviewCooperationDocument => ({
        type: 'ReviewCooperationDocument',
        data: {
          documentId: input.documentId,
          status: input.status,
          ...(input.finding != null && { finding: input.finding }),
        },
        metadata,
      }),
      input,
    );
  }

  @Authorized(MAY_WRITE)
  @Mutation(() => CooperationDocumentPayload)
  async supersedeCooperationDocument(@Arg('input') input: SupersedeCooperationDocumentInput, @Ctx() ctx: GraphQLContext) {
    return runOnCooperationDocument(
      ctx,
      input.documentId,
      async (metadata, reads): Promise<SupersedeCooperationDocument> => {
        const replacement = await documentFromLog(reads, input.supersededById);
        return {
          type: 'SupersedeCooperationDocument',
          data: {
            documentId: input.documentId,
            supersededById: input.supersededById,
            replacement: replacement && { provinceId: replacement.provinceId, status: replacement.status },
          },
          metadata,
        };
      },
      input,
    );
  }
}
