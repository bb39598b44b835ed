import { Arg, Authorized, Ctx, Extensions, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context';
import { MAY_AUDIT } from '../graphql/auth-checker';
import { ANSWERED_FROM_THE_LOG } from '../graphql/service-unavailability';
import { ExpectedHeadInput } from './audit.inputs';
import { ledgerHead, verifyLedger } from './integrity';
import { IntegrityReport, LedgerHead, LedgerIntegrity } from './integrity.types';

@Resolver()
export class IntegrityResolver {
  @Authorized(MAY_AUDIT)
  @Extensions(ANSWERED_FROM_THE_LOG)
  @Query(() => IntegrityReport, { description: 'Walks the hash chain over the whole log; any change to a stored event breaks it there.' })
  async verifyIntegrity(
    @Arg('expectedHead', () => ExpectedHeadInput, { nullable: true, description: 'A head kept earlier: the log must still hold it, unchanged.' })
    expectedHead: ExpectedHeadInput | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    const report = await verifyLedger(ctx.app.store, { expectedHead: expectedHead ?? undefined });
    if (!report.ok) ctx.app.logger.warn({ report, requestId: ctx.requestId }, 'integrity check failed');
    return Object.assign(new IntegrityReport(), report);
  }

  @Authorized(MAY_AUDIT)
  @Extensions(ANSWERED_FROM_THE_LOG)
  @Query(() => LedgerHead, { nullable: true, description: 'The last event of the log (null while it is empty).' })
  async ledgerHead(@Ctx() ctx: GraphQLContext) {
    const head = await ledgerHead(ctx.app.store);
    return head && Object.assign(new LedgerHead(), head, { integrity: Object.assign(new LedgerIntegrity(), ctx.app.chain.state) });
  }
}
