/**
 * Dates for people: the Solar Hijri (Jalali) calendar, Tehran time, Persian digits, in one fixed
 * shape (`۱۴۰۳/۰۱/۰۲ ۱۴:۳۰:۰۵`) assembled from parts so it does not shift with ICU's punctuation.
 */
const format = new Intl.DateTimeFormat('fa-IR-u-ca-persian', {
  timeZone: 'Asia/Tehran',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export const JALALI_DESCRIPTION = 'The same instant in the Solar Hijri calendar, Tehran time: ۱۴۰۳/۰۱/۰۲ ۱۴:۳۰:۰۵.';
export const JALALI_DAY_DESCRIPTION = 'The same day in the Solar Hijri calendar: ۱۴۰۳/۰۱/۰۲.';

export const toJalali = (value: string | Date): string => {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date-time: ${String(value)}`);
  const part = Object.fromEntries(format.formatToParts(date).map(({ type, value: text }) => [type, text]));
  return `${part.year}/${part.month}/${part.day} ${part.hour}:${part.minute}:${part.second}`;
};

/** For optional dates: null stays null. */
export const toJalaliOrNull = (value: string | Date | null | undefined): string | null =>
  value === null || value === undefined ? null : toJalali(value);

/** The calendar day alone (`۱۴۰۳/۰۱/۰۲`), for dates that carry no time of their own (a due date). */
export const toJalaliDate = (value: string | Date): string => toJalali(value).slice(0, 10);
