import { connect, type Socket } from 'node:net';

/**
 * One TCP connection to the server, written to byte by byte as a test decides: for what an HTTP
 * client library would not do (stop mid-header, send a body slowly, hold a connection open).
 */
export interface RawConnection {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves once the connection is closed (by either side, or reset), with what was received. */
  closed: Promise<string>;
  isClosed(): boolean;
  /** Writes and waits until the bytes are handed to the kernel; false when the connection is gone. */
  write(bytes: string | Buffer): Promise<boolean>;
  /** Resolves, with all received, once what the server sent from offset `from` on contains `text`. */
  until(text: string, from?: number): Promise<string>;
}

export const openConnection = (port: number): Promise<RawConnection> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let closed = false;
    const watchers: { text: string; from: number; resolve: (received: string) => void }[] = [];
    const closedPromise = new Promise<string>((resolveClosed) =>
      socket.once('close', () => {
        closed = true;
        resolveClosed(received);
      }),
    );
    // A reset after the server closed is how a cut-off shows from this side: the close tells the test.
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      for (const watcher of watchers.filter((w) => received.includes(w.text, w.from))) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve(received);
      }
    });
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => received,
        closed: closedPromise,
        isClosed: () => closed,
        write: (bytes) =>
          new Promise((resolveWrite) => {
            if (closed || socket.destroyed || !socket.writable) return resolveWrite(false);
            socket.write(bytes, (error) => resolveWrite(!error));
          }),
        until: (text, from = 0) =>
          received.includes(text, from)
            ? Promise.resolve(received)
            : new Promise((resolveUntil) => watchers.push({ text, from, resolve: resolveUntil })),
      }),
    );
    socket.once('error', reject);
  });

/** A complete HTTP/1.1 request with no body, keeping the connection open. */
export const getRequest = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`;

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
