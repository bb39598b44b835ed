import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeField } from '../graphql/date-time-field';
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

@ObjectType({ simpleResolvers: true, description: 'The last event of the log: keep it, then pass it to verifyIntegrity(expectedHead:) later.' })
export class LedgerHead implements LedgerHeadShape {
  @Field()
  position: string;

  @Field()
  hash: string;

  @DateTimeField()
  recordedAt: string;
}
