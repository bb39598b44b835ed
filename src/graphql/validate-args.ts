import { validateOrReject, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

/** What type-graphql's own argument validation passes to class-validator with our settings. */
const OPTIONS: ValidatorOptions = {
  forbidUnknownValues: false,
  skipMissingProperties: true,
  validationError: { target: false, value: false },
};

const isValidatable = (value: unknown): value is object => value !== null && typeof value === 'object';

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
    else await validateOrReject(argValue, OPTIONS);
  } catch (error) {
    throw new ArgumentValidationError(error as ConstructorParameters<typeof ArgumentValidationError>[0]);
  }
};
