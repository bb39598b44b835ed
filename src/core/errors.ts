/** The codes of API.md; each maps one-to-one to `errors[].extensions.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONCURRENCY_CONFLICT'
  | 'INVALID_TRANSITION'
  | 'DUPLICATE_SUSPECTED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'TIMEOUT'
  | 'SERVICE_UNAVAILABLE'
  | 'EVENT_LOG_DAMAGED'
  | 'READ_MODEL_DAMAGED'
  | 'INTERNAL_SERVER_ERROR';

export class DomainError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

export class ValidationFailed extends DomainError {
  constructor(message: string, fields: FieldProblem[]) {
    super(message, 'BAD_USER_INPUT', { fields });
  }
}

/** One field is wrong: the common case of a business rule about a single input. */
export const invalidField = (field: string, message: string): ValidationFailed =>
  new ValidationFailed(message, [{ field, message }]);

export class NotFound extends DomainError {
  constructor(entity: string, id: string) {
    super(`${entity} ${id} not found`, 'NOT_FOUND', { entity, id });
  }
}

export class InvalidTransition extends DomainError {
  constructor(message: string, state: string) {
    super(message, 'INVALID_TRANSITION', { state });
  }
}

export class ConcurrencyConflict extends DomainError {
  constructor(streamId: string, expectedVersion: string | number, actualVersion: number | null) {
    super(
      `${streamId} is at version ${actualVersion ?? 'none'}, expected ${expectedVersion}`,
      'CONCURRENCY_CONFLICT',
      { expectedVersion, actualVersion },
    );
  }
}

export class DuplicateSuspected extends DomainError {
  constructor(message: string, candidates: string[]) {
    super(message, 'DUPLICATE_SUSPECTED', { candidates });
  }
}

export class Unauthenticated extends DomainError {
  constructor(message = 'a valid bearer token is required') {
    super(message, 'UNAUTHENTICATED');
  }
}

export class Forbidden extends DomainError {
  /** `roles`: every role that would have been allowed (`extensions.roles`). */
  constructor(message = 'your role may not do this', roles?: readonly string[]) {
    super(message, 'FORBIDDEN', roles ? { roles } : {});
  }
}

export class Timeout extends DomainError {
  constructor(message: string) {
    super(message, 'TIMEOUT');
  }
}

/**
 * The server cannot answer this now but will by itself: the read models are not live, or a store
 * cannot be written or read (`reason` says which). Answered with HTTP 503 and `retry-after`.
 */
export class ServiceUnavailable extends DomainError {
  constructor(
    message: string,
    readonly reason: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message, 'SERVICE_UNAVAILABLE', { reason, retryAfterSeconds });
  }
}

/**
 * The actor's idempotency key was first used for another operation or other arguments: answering
 * with that first result would tell the client its new request was done when it was not.
 */
export class IdempotencyKeyReused extends DomainError {
  constructor(idempotencyKey: string, firstPosition: string) {
    super(
      `idempotencyKey "${idempotencyKey}" was already used for a different operation or input (at position ${firstPosition}); nothing was appended: use a new key for a new request`,
      'IDEMPOTENCY_KEY_REUSED',
      { idempotencyKey, position: firstPosition },
    );
  }
}
