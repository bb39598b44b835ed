import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { refusedBody } from './body-errors';

type Next = (error?: unknown) => void;

/** Both paths set the request id header before any body is read. */
const requestIdOf = (res: ServerResponse): string | undefined => res.getHeader('x-request-id') as string | undefined;

/**
 * Answers 413 PAYLOAD_TOO_LARGE and closes the connection once the answer is sent: the rest of the
 * body is never read (keeping the connection would mean reading it to find the next request).
 */
export const refuseBodyTooLarge = (res: ServerResponse, requestId: string | undefined): void => {
  if (res.headersSent) return void res.destroy();
  const answer = refusedBody({ status: 413, type: 'entity.too.large' }, requestId);
  res.statusCode = answer.status;
  if (requestId) res.setHeader('x-request-id', requestId);
  res.setHeader('connection', 'close');
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(answer.body));
};

/** A body whose declared `content-length` is past the limit, refused before a byte of it is read. */
export const declaresBodyTooLarge = (req: IncomingMessage, maxBytes: number): boolean => {
  const declared = req.headers['content-length'];
  return declared !== undefined && Number(declared) > maxBytes;
};

/**
 * body-parser's JSON reader, with the limit enforced as the bytes arrive. body-parser notices a body
 * too large as soon as it passes the limit, but then reads the rest of it to the end before it
 * answers, so a client sending megabytes slowly held the connection for all of them. Here the bytes
 * are counted beside the reader (both start listening in the same tick, so no chunk goes uncounted)
 * and the request is answered 413 and cut off at the first byte past the limit.
 */
export const jsonBodyWithin = (maxBytes: number) => {
  const parseJson = express.json({ limit: maxBytes });
  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    if (declaresBodyTooLarge(req, maxBytes)) return refuseBodyTooLarge(res, requestIdOf(res));
    let received = 0;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) return;
      req.off('data', count);
      refuseBodyTooLarge(res, requestIdOf(res));
    };
    req.on('data', count);
    parseJson(req as never, res as never, (error?: unknown) => {
      // Refused above already: body-parser reports the same body once the connection is gone.
      if (received > maxBytes) return;
      next(error);
    });
  };
};
