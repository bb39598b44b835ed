import { jalaaliMonthLength } from 'jalaali-js';
import { fromJalali, JALALI_INPUT_YEARS, looksJalali, toJalali, toJalaliDate, toJalaliOrNull } from '../../src/graphql/jalali';

describe('toJalali', () => {
  it('renders the first minutes of Nowruz 1403 in Tehran time (UTC+03:30)', () =>
    expect(toJalali('2024-03-19T20:30:05Z')).toBe('۱۴۰۳/۰۱/۰۱ ۰۰:۰۰:۰۵'));

  it('puts an instant late on the UTC day on the next Tehran day', () =>
    expect(toJalali(new Date('2025-06-01T21:00:00.000Z'))).toBe('۱۴۰۴/۰۳/۱۲ ۰۰:۳۰:۰۰'));

  it('keeps the offset of the date itself, whatever the offset it was written with', () =>
    expect(toJalali('2024-03-20T00:00:05+03:30')).toBe(toJalali('2024-03-19T20:30:05Z')));

  it('refuses what is not a date rather than printing a wrong one', () => expect(() => toJalali('yesterday')).toThrow(RangeError));

  it('gives the day alone for a date without a time of its own', () => expect(toJalaliDate('2025-03-21')).toBe('۱۴۰۴/۰۱/۰۱'));

  it('leaves a missing date missing', () => {
    expect(toJalaliOrNull(null)).toBeNull();
    expect(toJalaliOrNull(undefined)).toBeNull();
  });
});

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const persian = (text: string) => text.replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)]);
const two = (n: number) => String(n).padStart(2, '0');

describe('fromJalali: a Solar Hijri date as input, in Tehran time', () => {
  it('reads a day as its first moment in Tehran, in Persian or Latin digits', () => {
    expect(fromJalali('۱۴۰۴/۰۱/۰۱').toISOString()).toBe('2025-03-20T20:30:00.000Z');
    expect(fromJalali('1404/01/01').toISOString()).toBe('2025-03-20T20:30:00.000Z');
    expect(fromJalali('1404/1/1').toISOString()).toBe('2025-03-20T20:30:00.000Z');
  });

  it('reads a date and time, with or without seconds, and Arabic-Indic digits too', () => {
    expect(fromJalali('1404/01/01 14:30').toISOString()).toBe('2025-03-21T11:00:00.000Z');
    expect(fromJalali('۱۴۰۴/۰۱/۰۱ ۱۴:۳۰:۰۵').toISOString()).toBe('2025-03-21T11:00:05.000Z');
    expect(fromJalali('١٤٠٤/٠١/٠١T14:30').toISOString()).toBe('2025-03-21T11:00:00.000Z');
  });

  it('reads a summer date of the years Iran kept summer time (until 1401) at +04:30', () =>
    expect(fromJalali('1395/06/01 14:30').toISOString()).toBe('2016-08-22T10:00:00.000Z'));

  it('reads the midnight that summer time skipped as the hour it became', () =>
    expect(toJalali(fromJalali('1395/01/02'))).toBe('۱۳۹۵/۰۱/۰۲ ۰۱:۰۰:۰۰'));

  it('reads the hour that came twice when summer time ended as its first pass', () => {
    const first = fromJalali('1395/06/30 23:30');
    expect(toJalali(first)).toBe('۱۳۹۵/۰۶/۳۰ ۲۳:۳۰:۰۰');
    expect(toJalali(new Date(first.getTime() + 60 * 60 * 1000))).toBe('۱۳۹۵/۰۶/۳۰ ۲۳:۳۰:۰۰');
  });

  it('gives back every first and last day of every month it reads as the day toJalali shows', () => {
    for (let year = JALALI_INPUT_YEARS.min; year <= JALALI_INPUT_YEARS.max; year += 1)
      for (let month = 1; month <= 12; month += 1)
        for (const day of [1, jalaaliMonthLength(year, month)]) {
          const written = `${year}/${two(month)}/${two(day)} 12:00:00`;
          expect(toJalali(fromJalali(written))).toBe(persian(written));
        }
  });

  it('gives back every day of 1395–1405 as toJalali shows it', () => {
    for (let year = 1395; year <= 1405; year += 1)
      for (let month = 1; month <= 12; month += 1)
        for (let day = 1; day <= jalaaliMonthLength(year, month); day += 1) {
          const written = `${year}/${two(month)}/${two(day)} 00:00:00`;
          // The midnight skipped when summer time began is the one day that reads as 01:00.
          expect(toJalali(fromJalali(written)).slice(0, 10)).toBe(persian(written).slice(0, 10));
        }
  });

  it.each([
    ['1404/13/01', 'there is no month 13'],
    ['1404/12/30', 'month 12 of 1404 has 29 days'],
    ['1404/07/31', 'month 7 of 1404 has 30 days'],
    ['1404/01/01 24:00', 'is not a time of day'],
    ['1404/01/01 14:60', 'is not a time of day'],
    ['2025/03/21', 'the Solar Hijri year must be from 1200 to 1499'],
    ['1404/01/01 2pm', 'is not a Solar Hijri date'],
    ['1404/01', 'is not a Solar Hijri date'],
  ])('refuses %j, saying why (%s)', (text, why) => expect(() => fromJalali(text)).toThrow(why));

  it('tells a Solar Hijri date from ISO 8601 by its slash', () => {
    expect(looksJalali('۱۴۰۴/۰۱/۰۱')).toBe(true);
    expect(looksJalali(' 1404/01/01 14:30')).toBe(true);
    expect(looksJalali('2025-03-21T00:00:00Z')).toBe(false);
  });
});
