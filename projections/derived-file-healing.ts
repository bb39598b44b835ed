import type { Logger } from '../src/logger';
import type { RebuildFrom } from './projection-runner';
import type { ReadModelDamaged } from './read-model-store';
import { quickCheckInWorker } from './quick-check-in-worker';

/** A file derived from the log rebuilt while the server ran: which, why, when, and whether it is done. */
export interface RebuiltWhileServing {
  file: string;
  reason: string;
  at: string;
  from: RebuildFrom;
  /** Where a replaced file went, kept for a post-mortem. */
  movedTo: string | null;
  rebuilt: boolean;
}

/** What is healed, and how: the read models (by their runner) or the snapshots (by their builder). */
export interface HealingTarget {
  /** Names it in log lines: `the read-model file`. */
  what: string;
  file: string;
  /** Empties it (in place, or into a new file) and folds it again from the log, in the background. */
  rebuild(reason: string, from: RebuildFrom): Promise<{ emptied: RebuildFrom; movedTo: string | null }>;
  /** Still folding the log again after the last rebuild. */
  isRebuilding(): boolean;
}

/** Damage suspected by a failed read is checked at most this often: a damaged file fails many reads. */
const SUSPICION_CHECK_EVERY_MS = 30_000;

/**
 * Heals a file derived from the log while the server runs, without a restart: pages SQLite's
 * quick_check finds damaged (checked on a thread of their own once the server is up, and again
 * when a read or a fold meets SQLite's "malformed"), or a read-model document whose checksum
 * fails, make it folded again from the log, in place or into a new file. Read-model queries are
 * refused with SERVICE_UNAVAILABLE (READ_MODELS_REBUILDING) meanwhile; as-of reads fold from the
 * log while the snapshots are rebuilt. One rebuild at a time: damage found during one is healed by it.
 */
export class DerivedFileHealing {
  private readonly damagedDocuments: ReadModelDamaged[] = [];
  private readonly rebuilds: Omit<RebuiltWhileServing, 'rebuilt'>[] = [];
  private healing: Promise<void> | null = null;
  private lastSuspicionCheck = 0;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly target: HealingTarget,
    private readonly logger: Logger,
  ) {}

  /** The file while its pages are being checked on their thread (seconds per gigabyte), else null. */
  get fileBeingChecked(): string | null {
    return this.checking ? this.target.file : null;
  }

  /** A read found a document changed on disk: it was not served; the file is folded again in place. */
  documentDamaged(damage: ReadModelDamaged): void {
    this.damagedDocuments.push(damage);
    this.logger.error({ collection: damage.collection, id: damage.id }, `a document of ${this.target.what} was damaged on disk: it is not served; rebuilding it from the log`);
    this.rebuild(`a document of ${damage.collection} was damaged`, 'cleared file');
  }

  /** The file's pages, read on a thread of their own: at start, so that a start need not wait for them. */
  checkFileInBackground(): Promise<void> {
    if (this.checking) return this.checking;
    const { what, file } = this.target;
    this.checking = quickCheckInWorker(file)
      .then((damage) => {
        if (damage) {
          this.logger.error({ file, damage }, `${what} is damaged: moving it aside and rebuilding it from the log`);
          this.rebuild(`${what} was damaged (${damage})`, 'new file');
        }
      })
      .catch((error: unknown) => this.logger.warn({ err: error, file }, `${what} could not be checked`))
      .finally(() => {
        this.checking = null;
      });
    return this.checking;
  }

  /** A read or a fold failed as SQLite does on a damaged page: the file is checked, at most every 30 s. */
  damageSuspected(): void {
    const now = Date.now();
    if (now - this.lastSuspicionCheck < SUSPICION_CHECK_EVERY_MS) return;
    this.lastSuspicionCheck = now;
    void this.checkFileInBackground();
  }

  /**
   * Settles once no check or rebuild is being started, or after `checkWaitMs`: a stop waits a little
   * for a check to end (so that the owner's connection closes last and SQLite removes the WAL), but
   * not for the seconds per gigabyte a large file's check takes; a WAL left is taken up at next start.
   */
  async settled(checkWaitMs = Number.POSITIVE_INFINITY): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<void>((resolve) => {
      if (Number.isFinite(checkWaitMs)) timer = setTimeout(resolve, checkWaitMs);
    });
    await Promise.race([this.checking, giveUp]);
    clearTimeout(timer);
    await this.healing;
  }

  /** Damaged documents found, and not yet healed by a rebuild: what /healthz calls a problem. */
  get unhealedDamage(): boolean {
    return this.damagedDocuments.length > 0 && this.rebuilds.length === 0;
  }

  get damaged(): readonly ReadModelDamaged[] {
    return this.damagedDocuments;
  }

  get rebuiltWhileServing(): RebuiltWhileServing[] {
    // Only the latest can still be under way: a rebuild starts once the one before has been started.
    return this.rebuilds.map((rebuild, index) => ({ ...rebuild, rebuilt: index < this.rebuilds.length - 1 || !this.target.isRebuilding() }));
  }

  private rebuild(reason: string, from: RebuildFrom): void {
    if (this.healing) return;
    const at = new Date().toISOString();
    const { file, what } = this.target;
    this.healing = this.target
      .rebuild(reason, from)
      .then(({ emptied, movedTo }) => {
        this.rebuilds.push({ file, reason, at, from: emptied, movedTo });
      })
      .catch((error: unknown) => this.logger.error({ err: error, reason }, `${what} could not be rebuilt while serving: restart the server to rebuild it`))
      .finally(() => {
        this.healing = null;
      });
  }
}
