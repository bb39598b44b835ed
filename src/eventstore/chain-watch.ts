import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { EventStore } from './event-store';
import { ChainVerifier, describeChainBreak, GENESIS_HASH, type HashRule } from './hash-chain';
import { readUntilDamage } from './read-until-damage';
import { comparePositions } from './position';

/** The last event the chain was verified up to: everything before it links, and it hashes to this. */
export interface VerifiedHead {
  position: string;
  hash: string;
}

/** Where the verified head is kept between checks and across restarts. */
export interface VerifiedHeadKeeper {
  load(): VerifiedHead | null;
  save(head: VerifiedHead): void;
}

export const CHAIN_STATUSES = ['VERIFYING', 'INTACT', 'BROKEN'] as const;
export type ChainStatus = (typeof CHAIN_STATUSES)[number];

export interface ChainWatchState {
  /** VERIFYING until the first check reaches the head; BROKEN from the first break on, until a restart. */
  status: ChainStatus;
  /** The last event verified: the chain holds from the first event up to it. */
  verifiedPosition: string | null;
  /** When a check last reached the head. */
  checkedAt: string | null;
  /** The first position that fails (altered, unlinked or unreadable). */
  brokenPosition: string | null;
  reason: string | null;
  /** When the break was found. */
  brokenSince: string | null;
  /** How far the rescan of verified events has come in its current round (null: at the first event). */
  rescannedPosition: string | null;
}

export interface ChainWatchOptions {
  batchSize?: number;
  /** Events already verified that each check verifies again, resuming where the last one stopped. */
  rescanPerCheck?: number;
}

/**
 * Per check, this many verified events are read and verified again. At the default interval (a
 * minute) a million-event log is gone through every few hours, at a few tenths of a second of
 * work a check.
 */
export const RESCAN_PER_CHECK = 5_000;

/**
 * Events read and verified between two turns of the event loop. A check shares the thread with the
 * requests: after a cold start it verifies the whole log once, and each batch holds up every
 * request waiting on the loop. Measured on a million events (`bench -- asof` while that first
 * verification ran, p50): batches of 1,000 made an entity as-of 29 ms, an audit page 26 ms and a
 * list's next page 31 ms (7, 3 and 7 ms without a check running); batches of 100, 10–13, 7 and
 * 11 ms, as much as with no check running at the time. Verifying the million took 8.7 s either way.
 */
export const CHECK_BATCH = 100;

/**
 * Verifies the hash chain incrementally: each check starts at the last verified event (kept by
 * `keeper`, so a restart does not start over), re-checks that event (it must still be there, with
 * the same hash, and still hash to it), then walks on to the head in batches, yielding between
 * them so requests are served meanwhile. Then it verifies again a slice of the events verified
 * before (`rescanPerCheck`, from the first event on, round after round), so an edit of an old
 * event (the SQLite log's triggers dropped first) is found within a round, not only by a full
 * `verifyIntegrity`. A check runs at start and then every interval; a break is logged once, shown
 * in /healthz and in `ledgerHead`, and stays until a restart.
 */
export class ChainWatch {
  private current: ChainWatchState;
  private running: Promise<ChainWatchState> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The event the rescan resumes after (null: from the first event), with the hash the next must link to. */
  private rescanFrom: VerifiedHead | null = null;

  constructor(
    private readonly store: Pick<EventStore, 'readAll'>,
    private readonly hashRule: HashRule,
    private readonly keeper: VerifiedHeadKeeper,
    private readonly logger: Logger,
    private readonly options: ChainWatchOptions = {},
  ) {
    const verified = keeper.load();
    this.current = {
      status: 'VERIFYING',
      verifiedPosition: verified?.position ?? null,
      checkedAt: null,
      brokenPosition: null,
      reason: null,
      brokenSince: null,
      rescannedPosition: null,
    };
  }

  get state(): ChainWatchState {
    return { ...this.current };
  }

  /** Checks now, then every `everyMs`. */
  start(everyMs: number): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), everyMs);
    this.timer.unref();
  }

  /** One check up to the head; a check already running is joined, not doubled. */
  check(): Promise<ChainWatchState> {
    this.running ??= this.checkToHead().finally(() => (this.running = null));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async checkToHead(): Promise<ChainWatchState> {
    if (this.current.status === 'BROKEN' || this.stopped) return this.state;
    const batchSize = this.options.batchSize ?? CHECK_BATCH;
    try {
      let verified = this.keeper.load();
      if (verified && !(await this.stillThere(verified))) return this.state;
      const verifier = new ChainVerifier(verified?.hash ?? GENESIS_HASH, this.hashRule);
      for (;;) {
        const { events, unreadable } = await readUntilDamage(this.store, verified?.position, batchSize);
        for (const event of events) {
          const chainBreak = verifier.check(event);
          if (chainBreak) return this.broken(chainBreak.position, describeChainBreak(chainBreak));
          verified = { position: event.position, hash: event.hash };
        }
        if (verified && events.length > 0) {
          this.keeper.save(verified);
          this.current.verifiedPosition = verified.position;
        }
        if (unreadable) return this.broken(unreadable.position, unreadable.reason);
        if (events.length < batchSize || this.stopped) break;
        await nextTurn();
      }
      // The rescan's first batch must not follow the last one read without a turn in between.
      await nextTurn();
      if (verified && !(await this.rescan(verified, batchSize))) return this.state;
      if (!this.stopped) this.current = { ...this.current, status: 'INTACT', checkedAt: new Date().toISOString() };
    } catch (error) {
      // Not damage (that is answered above): the store is closing or unreachable. The next check tries again.
      if (!this.stopped) this.logger.warn({ err: error }, 'integrity check: the log could not be read; trying again at the next check');
    }
    return this.state;
  }

  /** Verifies the next slice of events verified before, up to `head`; false when it found a break. */
  private async rescan(head: VerifiedHead, batchSize: number): Promise<boolean> {
    let budget = this.options.rescanPerCheck ?? RESCAN_PER_CHECK;
    const verifier = new ChainVerifier(this.rescanFrom?.hash ?? GENESIS_HASH, this.hashRule);
    while (budget > 0 && !this.stopped) {
      const after = this.rescanFrom?.position;
      const { events, unreadable } = await readUntilDamage(this.store, after, Math.min(batchSize, budget));
      for (const event of events) {
        if (comparePositions(event.position, head.position) > 0) break;
        const chainBreak = verifier.check(event);
        if (chainBreak) {
          this.broken(chainBreak.position, describeChainBreak(chainBreak));
          return false;
        }
        this.rescanFrom = { position: event.position, hash: event.hash };
        budget--;
      }
      if (unreadable) {
        this.broken(unreadable.position, unreadable.reason);
        return false;
      }
      this.current.rescannedPosition = this.rescanFrom?.position ?? null;
      if (!this.rescanFrom || comparePositions(this.rescanFrom.position, head.position) >= 0 || events.length === 0) {
        // A round is done: the next check starts the next one at the first event.
        this.rescanFrom = null;
        break;
      }
      await nextTurn();
    }
    return true;
  }

  /** The last verified event must still be in the log, unchanged: else the log was cut back, replaced or edited there. */
  private async stillThere(verified: VerifiedHead): Promise<boolean> {
    const [event] = await this.store.readAll({ untilPosition: verified.position, direction: 'backwards', maxCount: 1 });
    if (!event || event.position !== verified.position) {
      this.broken(verified.position, `the event at position ${verified.position}, verified before, is no longer in the log: the log was cut back`);
      return false;
    }
    if (event.hash !== verified.hash || this.hashRule(event) !== event.hash) {
      this.broken(verified.position, `the event at position ${verified.position} was altered after it was verified: its content or hash changed`);
      return false;
    }
    return true;
  }

  private broken(position: string, reason: string): ChainWatchState {
    this.current = { ...this.current, status: 'BROKEN', brokenPosition: position, reason, brokenSince: new Date().toISOString() };
    this.logger.error({ brokenPosition: position, reason, verifiedPosition: this.current.verifiedPosition }, `the event log's hash chain is broken: ${reason}`);
    return this.state;
  }
}
