import { isValidJalaaliDate, jalaaliMonthLength, toGregorian } from 'jalaali-js';

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

/**
 * The Solar Hijri years read as input. Node's ICU (which `toJalali` shows dates with) and
 * jalaali-js agree on every day of 1200–1502 and part ways after; a wider range would let a date
 * read in differ from the same date shown back. It also keeps a Gregorian date written with
 * slashes (2025/03/21) from being read silently as the Solar Hijri year 2025.
 */
export const JALALI_INPUT_YEARS = { min: 1200, max: 1499 } as const;

/** `1404/01/01`, `1404/1/1 14:30`, `1404/01/01T14:30:05`, once the digits are Latin. */
const JALALI_INPUT = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const latinDigits = (text: string): string =>
  text.replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));

/** Whether a DateTime input is meant as a Solar Hijri date (year, slash, …) rather than ISO 8601. */
export const looksJalali = (text: string): boolean => /^\d{4}\//.test(latinDigits(text.trim()));

const tehranClock = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Tehran',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/** How far Tehran's clock was ahead of UTC at an instant, in ms (+3:30, or +4:30 in summer until 2022). */
const tehranOffsetAt = (instant: number): number => {
  const part = Object.fromEntries(tehranClock.formatToParts(new Date(instant)).map(({ type, value }) => [type, Number(value)]));
  const wall = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
  return wall - Math.floor(instant / 1000) * 1000;
};

const DAY = 24 * 60 * 60 * 1000;

/**
 * The instant a Tehran wall-clock time names, chosen as Temporal's `compatible` does: in the hour
 * repeated when summer time ended, the first; in the hour skipped when it began (a day that started
 * at 01:00), the time as if the clock had not yet moved, which lands on the same moment an hour later.
 */
const instantOfTehranWallClock = (wall: number): number => {
  const offsets = [tehranOffsetAt(wall - DAY), tehranOffsetAt(wall + DAY)];
  const candidates = offsets.map((offset) => wall - offset).filter((instant) => instant + tehranOffsetAt(instant) === wall);
  return candidates.length > 0 ? Math.min(...candidates) : wall - offsets[0];
};

/**
 * A Solar Hijri date (`۱۴۰۴/۰۱/۰۱`: its first moment) or date and time (`1404/01/01 14:30`), in
 * Persian, Arabic-Indic or Latin digits, read in Tehran time. Throws a RangeError saying what is wrong.
 */
export const fromJalali = (text: string): Date => {
  const match = JALALI_INPUT.exec(latinDigits(text.trim()));
  if (!match)
    throw new RangeError(`"${text}" is not a Solar Hijri date: write year/month/day, optionally with hour:minute[:second] (۱۴۰۴/۰۱/۰۱, 1404/01/01 14:30)`);
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  if (year < JALALI_INPUT_YEARS.min || year > JALALI_INPUT_YEARS.max)
    throw new RangeError(
      `"${text}": the Solar Hijri year must be from ${JALALI_INPUT_YEARS.min} to ${JALALI_INPUT_YEARS.max} (write a Gregorian date in ISO 8601, e.g. 2025-03-21T00:00:00+03:30)`,
    );
  if (!isValidJalaaliDate(year, month, day)) {
    const days = month >= 1 && month <= 12 ? jalaaliMonthLength(year, month) : undefined;
    throw new RangeError(
      days === undefined ? `"${text}": there is no month ${month} (1 to 12)` : `"${text}": month ${month} of ${year} has ${days} days`,
    );
  }
  if (hour > 23 || minute > 59 || second > 59) throw new RangeError(`"${text}": ${hour}:${minute}:${second} is not a time of day (00:00 to 23:59:59)`);
  const { gy, gm, gd } = toGregorian(year, month, day);
  return new Date(instantOfTehranWallClock(Date.UTC(gy, gm - 1, gd, hour, minute, second)));
};
