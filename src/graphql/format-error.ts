import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { DomainError, type FieldProblem } from '../core/errors';
import { storageUnavailable } from '../core/storage-failure';
import type { Logger } from '../logger';
import { abuseLimitCodeOf } from './abuse-limits';
import { argumentPathsIn } from './argument-path';
import { DateTimeInputError } from './scalars';

const flatten = (errors: ValidationError[], prefix = ''): FieldProblem[] =>
  errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });

/**
 * Which input field a variable-coercion error is about ("… at "input.role"; …", "Field "title" of
 * required type …"), so that type errors name their field like validation errors do.
 */
const coercionFieldOf = (message: string): string => {
  const at = /at "[^".]+\.([^"]+)"/.exec(message)?.[1];
  const field = /Field "([^"]+)" (?:of required type|is not defined)/.exec(message)?.[1];
  const variable = /Variable "\$([^"]+)"/.exec(message)?.[1];
  return [at, field].filter(Boolean).join('.') || variable || 'input';
};

/** Apollo's own request-level codes (parse, validation, variable coercion, limits) pass through as they are. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/** The error a resolver or a plugin hook threw (Apollo wraps what a hook throws without a path). */
const thrownBy = (error: unknown): unknown => {
  const original = unwrapResolverError(error);
  return original instanceof GraphQLError && original.originalError instanceof DomainError ? original.originalError : original;
};

/**
 * A DateTime argument that is not one, written in the query (a validation error) or sent in a
 * variable: BAD_USER_INPUT naming the argument and the input field, as validation errors do.
 */
const dateTimeInputProblem = (error: unknown): { path: string; field: string; message: string } | null => {
  if (!(error instanceof GraphQLError) || !(error.originalError instanceof DateTimeInputError)) return null;
  const why = error.originalError.message;
  const variable = /^Variable "\$([^"]+)" got invalid value .*? at "[^".]+((?:\.[^".]+)*)";/.exec(error.message) ?? /^Variable "\$([^"]+)"/.exec(error.message);
  let path: string | undefined;
  if (error.source && variable) {
    const uses = argumentPathsIn(error.source, { variable: variable[1] });
    path = `${uses.length === 1 ? uses[0] : `$${variable[1]}`}${variable[2] ?? ''}`;
  } else if (error.source && error.positions?.length) path = argumentPathsIn(error.source, { position: error.positions[0] })[0];
  path ??= 'input';
  // Inside an input object the field is named as class-validator names it: without the argument.
  const field = path.includes('.') && !path.startsWith('$') ? path.slice(path.indexOf('.') + 1) : path;
  return { path, field, message: why };
};

/**
 * Every error leaves with a code from API.md: domain errors keep theirs, validation errors name their
 * fields, a store that cannot be used (disk full, read-only, locked, damaged: SQLite's codes) is
 * SERVICE_UNAVAILABLE with its reason, in production too; anything else is a fault whose details
 * stay in the log (keyed by the request id) and out of the response in production.
 */
export const createFormatError =
  (logger: Logger, production: boolean) =>
  (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = thrownBy(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError)
      return { ...base, message: original.message, extensions: { ...original.extensions, code: original.code } };
    if (original instanceof ArgumentValidationError) {
      const fields = flatten(original.extensions.validationErrors);
      return { ...base, message: 'input is not valid', extensions: { code: 'BAD_USER_INPUT', fields } };
    }
    const dateTime = dateTimeInputProblem(error);
    if (dateTime)
      return {
        ...base,
        message: `${dateTime.path}: ${dateTime.message}`,
        extensions: { code: 'BAD_USER_INPUT', fields: [{ field: dateTime.field, message: dateTime.message }] },
      };
    if (original instanceof AuthenticationError) return { ...base, extensions: { code: 'UNAUTHENTICATED' } };
    if (original instanceof AuthorizationError) return { ...base, extensions: { code: 'FORBIDDEN' } };
    const limitCode = abuseLimitCodeOf(formatted.message);
    // The limits report through the parser's error type ("Syntax Error: Query depth limit …"): the
    // query is well formed, only too big, and the message should not say otherwise.
    if (limitCode) return { ...base, message: formatted.message.replace(/^Syntax Error: /, ''), extensions: { code: limitCode } };
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      if (code === 'BAD_USER_INPUT' && !extensions.fields)
        return { ...base, extensions: { ...extensions, code, fields: [{ field: coercionFieldOf(formatted.message), message: formatted.message }] } };
      return { ...base, extensions: { ...extensions, code } };
    }
    const unavailable = storageUnavailable(original, 'the storage');
    if (unavailable) {
      logger.error({ err: original, path: formatted.path, reason: unavailable.reason }, 'storage failure');
      return { ...base, message: unavailable.message, extensions: { ...unavailable.extensions, code: unavailable.code } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return {
      ...base,
      message: production ? 'internal server error' : formatted.message,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
