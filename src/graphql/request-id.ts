import { randomUUID } from 'node:crypto';

/** A client's own request id is kept when it is sane, so its logs and ours can be joined. */
export const requestIdFrom = (supplied: string | string[] | undefined): string =>
  typeof supplied === 'string' && /^[\w.-]{1,100}$/.test(supplied) ? supplied : randomUUID();
