import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../logger';

/**
 * Requests refused before GraphQL sees them (too large, not JSON) still answer in GraphQL's error
 * shape with a code, rather than express's HTML page.
 */
export const bodyErrors =
  (logger: Logger): ErrorRequestHandler =>
  (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const requestId = res.getHeader('x-request-id');
    const status = typeof error?.status === 'number' ? error.status : 500;
    const code =
      error?.type === 'entity.too.large'
        ? 'PAYLOAD_TOO_LARGE'
        : status >= 400 && status < 500
          ? 'BAD_REQUEST'
          : 'INTERNAL_SERVER_ERROR';
    if (code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, path: req.path }, 'request failed');
    const message =
      code === 'PAYLOAD_TOO_LARGE'
        ? 'request body is too large'
        : code === 'BAD_REQUEST'
          ? 'request body is not valid JSON'
          : 'internal server error';
    res.status(status).json({ errors: [{ message, extensions: { code, ...(requestId ? { requestId } : {}) } }] });
  };
