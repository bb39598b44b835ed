import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context';
import { EventRecord } from '../graphql/event-record.types';
import { JSONScalar } from '../graphql/scalars';
import { exportedEnvelope } from './exports/event-export';
import { FieldChange } from './field-change.types';
import { streamFoldsOf } from './stream-folds';
import { inGraphQLTerms } from './graphql-paths';

@Resolver(() => EventRecord)
export class EventRecordResolver {
  /** Derived, never stored: the entity's stream folded through its read model before and after the event. */
  @FieldResolver(() => [FieldChange], {
    description:
      "The fields of the entity this event changed, by their GraphQL path (`status`, `outcomes[3].text`); bookkeeping (createdAt, createdBy, version) and what the schema does not show left out.",
  })
  async changes(@Root() record: EventRecord, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return inGraphQLTerms(info.schema, record.recorded.streamId, await streamFoldsOf(ctx).changesOf(record.recorded));
  }

  @FieldResolver(() => JSONScalar, {
    description:
      'The event exactly as stored (every field its hash covers, `metadata` whole), with `store`: one line of `npm run export --format ndjson`, which `npm run verify` checks.',
  })
  envelope(@Root() record: EventRecord, @Ctx() ctx: GraphQLContext): unknown {
    return exportedEnvelope(record.recorded, ctx.app.store.name);
  }
}
