/** The codes of API.md; each maps one-to-one to `errors[].extensions.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONCURRENCY_CONFLICT'
  | 'INVALID_TRANSITION'
  | 'DUPLICATE_SUSPECTED'
  | 'TIMEOUT'
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
  constructor(message = 'your role may not do this') {
    super(message, 'FORBIDDEN');
  }
}

export class Timeout extends DomainError {
  constructor(message: string) {
    super(message, 'TIMEOUT');
  }
}
