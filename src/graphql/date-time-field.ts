import { Field } from 'type-graphql';
import { DateTime } from './scalars';
import { JALALI_DAY_DESCRIPTION, JALALI_DESCRIPTION, toJalali, toJalaliDate } from './jalali';

export interface DateTimeFieldOptions {
  nullable?: boolean;
  description?: string;
  /** A date that carries no time of its own (a due date): the sibling gives the day alone. */
  day?: boolean;
}

/**
 * A `DateTime` field of a view, declared once with its `<field>Jalali` sibling: the same instant in
 * the Solar Hijri calendar, Tehran time (every DateTime has one; test/graphql/jalali-siblings checks).
 * The view holds the ISO string; the sibling is a getter on the prototype, so it is worked out only
 * when a query asks for it, and reads a frozen, shared view as well as a fresh one.
 */
export const DateTimeField =
  ({ day = false, ...options }: DateTimeFieldOptions = {}) =>
  (prototype: object, field: string): void => {
    Field(() => DateTime, options)(prototype, field);
    const sibling = `${field}Jalali`;
    const toPeople = day ? toJalaliDate : toJalali;
    const nullable = options.nullable === true;
    const getter: PropertyDescriptor = {
      configurable: true,
      get(this: Record<string, string | null | undefined>) {
        const value = this[field];
        return nullable && (value === null || value === undefined) ? null : toPeople(value!);
      },
    };
    Object.defineProperty(prototype, sibling, getter);
    // Given the accessor, as TypeScript gives a decorated getter, so type-graphql records the same field.
    const description = day ? JALALI_DAY_DESCRIPTION : JALALI_DESCRIPTION;
    Field(() => String, { ...(nullable && { nullable }), description })(prototype, sibling, getter);
  };
