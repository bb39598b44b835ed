/**
 * Freezes a parsed JSON value and everything inside it, so one parsed document can be handed to
 * every request that reads it: a resolver that tried to change it would throw (strict mode)
 * instead of silently changing what the next request sees.
 */
export const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
};
