import { ConcurrencyConflict } from '../core/errors';
import { StreamRevisionConflict } from '../eventstore/errors';

/**
 * How often a decision is made again after another command changed a stream it read (a guard, a
 * referenced aggregate). Each such conflict means the other command got through, so the retries
 * only run out when that many commands over the same facts land while this one decides.
 */
export const RACE_RETRIES = 20;

/** The conflict, when it is on a stream the decision read rather than on its own stream. */
export const lostRaceOn = (error: unknown, ownStreamId: string): StreamRevisionConflict | null =>
  error instanceof StreamRevisionConflict && error.streamId !== ownStreamId ? error : null;

/**
 * A short random pause before deciding again, growing with each lost race, so that writers in
 * several processes contending for one guard do not keep colliding in step.
 */
export const pauseAfterLostRace = (races: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** races, 64)));

/** What the client hears when the retries ran out: nothing was written, and which stream kept moving. */
export class CrossStreamConflict extends ConcurrencyConflict {
  constructor(lost: StreamRevisionConflict) {
    super(lost.streamId, lost.expected, lost.actual);
    this.message = `concurrent commands kept changing ${lost.streamId}, which this command rests on: nothing was written, send it again`;
    Object.assign(this.extensions, { streamId: lost.streamId });
  }
}
