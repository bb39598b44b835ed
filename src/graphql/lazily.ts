import { deepFreeze } from '../core/deep-freeze';

/**
 * A property of a view computed when a query first asks for it (a list a mutation's answer seldom
 * reads), and frozen then if its view is shared (frozen) itself.
 */
export const lazily = <View extends object, Value>(view: View, name: string, compute: () => Value): void => {
  let value: Value | undefined;
  let computed = false;
  Object.defineProperty(view, name, {
    enumerable: false,
    get: () => {
      if (!computed) {
        value = compute();
        computed = true;
        if (Object.isFrozen(view)) deepFreeze(value);
      }
      return value;
    },
  });
};
