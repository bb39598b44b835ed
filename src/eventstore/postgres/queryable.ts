import type { ClientBase } from 'pg';

/** A pool (each query on whichever connection is free, in its own transaction) or one connection. */
export type Queryable = Pick<ClientBase, 'query'>;
