import { getMetadataStorage, ValidationTypes, validateOrReject, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

/** What type-graphql's own argument validation passes to class-validator with our settings. */
const OPTIONS: ValidatorOptions = {
  forbidUnknownValues: false,
  skipMissingProperties: true,
  validationError: { target: false, value: false },
};

const isValidatable = (value: unknown): value is object => value !== null && typeof value === 'object';

/** An argument class, as class-validator keys its rules. */
type ArgumentClass = abstract new (...args: never[]) => unknown;

const demandsPresence = new WeakMap<ArgumentClass, boolean>();

/** Whether a class has a rule that fails on a missing value (`@IsDefined`): only those are checked when all is absent. */
const hasPresenceRule = (type: ArgumentClass): boolean => {
  let found = demandsPresence.get(type);
  if (found === undefined) {
    found = getMetadataStorage()
      .getTargetValidationMetadatas(type, '', true, false)
      .some((metadata) => metadata.type === ValidationTypes.IS_DEFINED);
    demandsPresence.set(type, found);
  }
  return found;
};

/**
 * With `skipMissingProperties`, class-validator checks nothing of an object whose values are all
 * absent (null or undefined) unless a rule demands presence; answering that without it matters
 * because its metadata lookup walks every validated class on every call, and most reads pass
 * argument objects with nothing set (`asOf`, `consistentWith`, paging left to defaults).
 */
const nothingToCheck = (value: object, fields: unknown[]): boolean =>
  fields.every((field) => field === undefined || field === null) && !hasPresenceRule(value.constructor as ArgumentClass);

const isPrimitive = (field: unknown): boolean => field === null || (typeof field !== 'object' && typeof field !== 'function');
const VERDICTS_PER_CLASS = 500;
/** Long values (a command's text) rarely repeat; remembering them would only hold memory. */
const MAX_KEY_LENGTH = 256;
const passedBefore = new WeakMap<ArgumentClass, Set<string>>();

/**
 * Every rule here is a pure function of the values (no rule reads a clock or the store), so an
 * argument object of plain values that passed once passes again: paging arguments such as
 * `first: 20` repeat on nearly every request. Only passes of short values are remembered, a bounded
 * number per class.
 */
const validateOnce = async (value: object, fields: unknown[]): Promise<void> => {
  if (!fields.every(isPrimitive)) return validateOrReject(value, OPTIONS);
  const key = JSON.stringify(Object.entries(value));
  if (key.length > MAX_KEY_LENGTH) return validateOrReject(value, OPTIONS);
  let passed = passedBefore.get(value.constructor as ArgumentClass);
  if (passed?.has(key)) return;
  await validateOrReject(value, OPTIONS);
  if (!passed) passedBefore.set(value.constructor as ArgumentClass, (passed = new Set()));
  if (passed.size >= VERDICTS_PER_CLASS) passed.clear();
  passed.add(key);
};

/**
 * Argument validation as type-graphql does it (class-validator, the same options, the same
 * ArgumentValidationError), with class-validator imported once: type-graphql's built-in path
 * requires it afresh for every argument of every field, a module resolution per call that showed
 * in the profile of every query.
 */
export const validateArgs: ValidatorFn = async (argValue) => {
  if (!isValidatable(argValue)) return;
  try {
    if (Array.isArray(argValue)) await Promise.all(argValue.filter(isValidatable).map((item) => validateOrReject(item, OPTIONS)));
    else {
      const fields = Object.values(argValue);
      if (!nothingToCheck(argValue, fields)) await validateOnce(argValue, fields);
    }
  } catch (error) {
    throw new ArgumentValidationError(error as ConstructorParameters<typeof ArgumentValidationError>[0]);
  }
};
