import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CHAIN_STATUSES, type ChainStatus, type ChainWatchState } from '../eventstore/chain-watch';
import { enumOf } from '../graphql/enum-of';
import { DateTime } from '../graphql/scalars';
import { JALALI_DESCRIPTION, toJalali, toJalaliOrNull } from '../graphql/jalali';
import type { IntegrityReportShape, LedgerHead as LedgerHeadShape } from './integrity';

@ObjectType({ simpleResolvers: true, description: 'The hash chain walked over the whole log, in global order.' })
export class IntegrityReport implements IntegrityReportShape {
  @Field({ description: 'Every event verifies and links to the one before it (and the expected head, if given, is still there unchanged).' })
  ok: boolean;

  @Field(() => Int)
  checkedEvents: number;

  @Field(() => String, { nullable: true, description: 'The first event that fails, or the position of an expected head the log no longer holds.' })
  firstBrokenPosition: string | null;

  @Field(() => String, { nullable: true, description: 'The last event of the verified chain (up to the break, or the end of the log).' })
  headPosition: string | null;

  @Field(() => String, { nullable: true, description: 'Its hash: keep it, with headPosition, to prove later that the log still extends it.' })
  headHash: string | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => Boolean, { nullable: true, description: 'With expectedHead: whether the log still holds it unchanged.' })
  expectedHeadFound: boolean | null;
}

export const ChainStatusEnum = enumOf(CHAIN_STATUSES);
registerEnumType(ChainStatusEnum, {
  name: 'ChainStatus',
  description: 'VERIFYING until the first check since start reached the head; INTACT; BROKEN from a break on.',
});

@ObjectType({
  simpleResolvers: true,
  description:
    'The server\'s own watch over the hash chain: verified from the last verified event at start and every INTEGRITY_CHECK_EVERY, ' +
    'with a slice of older events verified again at each check. verifyIntegrity walks the whole log on demand.',
})
export class LedgerIntegrity implements Omit<ChainWatchState, 'rescannedPosition'> {
  @Field(() => ChainStatusEnum)
  status: ChainStatus;

  @Field(() => String, { nullable: true, description: 'The chain holds from the first event up to this one.' })
  verifiedPosition: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When a check last reached the head.' })
  checkedAt: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get checkedAtJalali(): string | null {
    return toJalaliOrNull(this.checkedAt);
  }

  @Field(() => String, { nullable: true, description: 'The first position that fails: altered, unlinked or unreadable.' })
  brokenPosition: string | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When the break was found.' })
  brokenSince: string | null;

  @Field(() => String, { nullable: true, description: JALALI_DESCRIPTION })
  get brokenSinceJalali(): string | null {
    return toJalaliOrNull(this.brokenSince);
  }
}

@ObjectType({ simpleResolvers: true, description: 'The last event of the log: keep it, then pass it to verifyIntegrity(expectedHead:) later.' })
export class LedgerHead implements LedgerHeadShape {
  @Field()
  position: string;

  @Field()
  hash: string;

  @Field(() => DateTime)
  recordedAt: string;

  @Field(() => LedgerIntegrity, { description: 'Whether the chain up to here is known intact, and where it broke if not.' })
  integrity: LedgerIntegrity;

  @Field({ description: JALALI_DESCRIPTION })
  get recordedAtJalali(): string {
    return toJalali(this.recordedAt);
  }
}
