import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../logger';

export interface RefusedBody {
  status: number;
  body: { errors: { message: string; extensions: { code: string; requestId?: string } }[] };
}

/**
 * Requests refused before GraphQL sees them (too large, not JSON) still answer in GraphQL's error
 * shape with a code, rather than an HTML page.
 */
export const refusedBody = (error: { status?: unknown; type?: unknown } | null | undefined, requestId: string | undefined): RefusedBody => {
  const status = typeof error?.status === 'number' ? error.status : 500;
  const code =
    error?.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
  const message =
    code === 'PAYLOAD_TOO_LARGE' ? 'request body is too large' : code === 'BAD_REQUEST' ? 'request body is not valid JSON' : 'internal server error';
  return { status, body: { errors: [{ message, extensions: { code, ...(requestId ? { requestId } : {}) } }] } };
};

/** The same answer for the routes express serves. */
export const bodyErrors =
  (logger: Logger): ErrorRequestHandler =>
  (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const answer = refusedBody(error, res.getHeader('x-request-id') as string | undefined);
    if (answer.status >= 500) logger.error({ err: error, path: req.path }, 'request failed');
    res.status(answer.status).json(answer.body);
  };
