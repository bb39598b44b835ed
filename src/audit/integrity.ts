import type { EventStore } from '../eventstore/event-store';
import { ChainVerifier, describeChainBreak, hashEvent, type HashRule } from '../eventstore/hash-chain';
import { hashEsdbEvent } from '../eventstore/esdb/hash';
import { comparePositions } from '../eventstore/position';
import { readUntilDamage } from '../eventstore/read-until-damage';

/**
 * The hash rule of each store. EventStoreDB learns an event's position only after the write, so its
 * adapter hashes with the position blank; every other store knows the position inside its write
 * transaction and hashes it too, and is checked that way (a blank-position hash does not verify
 * there). A new kind of store does not compile until its rule is named here.
 */
const HASH_RULES: Record<EventStore['name'], HashRule> = {
  sqlite: hashEvent,
  memory: hashEvent,
  postgres: hashEvent,
  esdb: hashEsdbEvent,
};

export const hashRuleOf = (store: Pick<EventStore, 'name'>): HashRule => HASH_RULES[store.name];

export interface LedgerHead {
  position: string;
  hash: string;
  recordedAt: string;
}

export interface IntegrityReportShape {
  ok: boolean;
  checkedEvents: number;
  /** Where the log stops being what was recorded: the first event that fails, or the kept head that is gone. */
  firstBrokenPosition: string | null;
  /** The last event of the verified chain: up to the break, or the end of the log. */
  headPosition: string | null;
  headHash: string | null;
  /** Why it is not ok, in words an auditor can act on. */
  reason: string | null;
  /** With an expected head: whether the log still holds it, unchanged. */
  expectedHeadFound: boolean | null;
}

export interface VerifyOptions {
  /** A head kept earlier (`ledgerHead`): the log must still contain it, unchanged, to be ok. */
  expectedHead?: { position: string; hash: string };
  batchSize?: number;
}

/**
 * The whole log, in global order and in batches, through the hash chain: the first break is
 * reported, and so is the first event that cannot be read at all (a damaged page, a stored event
 * that no longer parses): damage is an answer (`ok: false`), never an error.
 */
export const verifyLedger = async (store: Pick<EventStore, 'name' | 'readAll'>, options: VerifyOptions = {}): Promise<IntegrityReportShape> => {
  const { expectedHead, batchSize = 1000 } = options;
  const verifier = new ChainVerifier(undefined, hashRuleOf(store));
  let headPosition: string | null = null;
  let expectedHeadFound = false;

  const report = (firstBrokenPosition: string | null, reason: string | null): IntegrityReportShape => ({
    ok: firstBrokenPosition === null,
    checkedEvents: verifier.checked,
    firstBrokenPosition,
    headPosition,
    headHash: headPosition === null ? null : verifier.headHash,
    reason,
    expectedHeadFound: expectedHead ? expectedHeadFound : null,
  });

  let fromPosition: string | undefined;
  for (;;) {
    const { events, unreadable } = await readUntilDamage(store, fromPosition, batchSize);
    for (const event of events) {
      if (expectedHead && !expectedHeadFound && comparePositions(event.position, expectedHead.position) > 0)
        return report(expectedHead.position, `the kept head at position ${expectedHead.position} is no longer in the log: it was removed`);
      const chainBreak = verifier.check(event);
      if (chainBreak) return report(chainBreak.position, describeChainBreak(chainBreak));
      headPosition = event.position;
      if (expectedHead && comparePositions(event.position, expectedHead.position) === 0) {
        if (event.hash !== expectedHead.hash)
          return report(
            event.position,
            `the event at the kept head's position ${event.position} has another hash than the one kept: the log was rewritten up to there`,
          );
        expectedHeadFound = true;
      }
    }
    if (unreadable) return report(unreadable.position, unreadable.reason);
    if (events.length < batchSize) break;
    fromPosition = events[events.length - 1].position;
  }
  if (expectedHead && !expectedHeadFound)
    return report(
      expectedHead.position,
      `the log ends at position ${headPosition ?? 'none (it is empty)'}, before the kept head at position ${expectedHead.position}: its tail was removed`,
    );
  return report(null, null);
};

/** The last event of the log, to keep and later prove the log still extends it. */
export const ledgerHead = async (store: Pick<EventStore, 'readAll'>): Promise<LedgerHead | null> => {
  const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
  return last ? { position: last.position, hash: last.hash, recordedAt: last.recordedAt } : null;
};
