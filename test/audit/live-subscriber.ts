import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscriber {
  /** The next result (data or errors) the server sent, or the error that ended the subscription. */
  next(timeoutMs?: number): Promise<{ data?: any; errors?: any[] }>;
  /** Results received and not yet taken by `next` (for "nothing else arrived" checks). */
  pending(): { data?: any; errors?: any[] }[];
  close(): Promise<void>;
}

/** A graphql-ws client on the server's /graphql, with the bearer token in connectionParams. */
export const subscribe = (httpUrl: string, token: string | null, query: string, variables?: Record<string, unknown>): Subscriber => {
  const client: Client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
  const results: { data?: any; errors?: any[] }[] = [];
  const waiters: { resolve: (value: { data?: any; errors?: any[] }) => void; reject: (error: unknown) => void }[] = [];
  let failure: unknown = null;
  const dispose = client.subscribe(
    { query, variables },
    {
      next: (result) => {
        const waiter = waiters.shift();
        if (waiter) waiter.resolve(result as never);
        else results.push(result as never);
      },
      error: (error) => {
        failure = error;
        for (const waiter of waiters.splice(0)) waiter.reject(error);
      },
      complete: () => undefined,
    },
  );
  return {
    next: (timeoutMs = 10_000) => {
      if (results.length > 0) return Promise.resolve(results.shift()!);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const waiter = {
          resolve: (value: { data?: any; errors?: any[] }) => (clearTimeout(timer), resolve(value)),
          reject: (error: unknown) => (clearTimeout(timer), reject(error)),
        };
        // A waiter that gave up leaves the queue, so that the next result goes to the next caller.
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no subscription result within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    pending: () => results.splice(0),
    close: async () => {
      dispose();
      await client.dispose();
    },
  };
};
