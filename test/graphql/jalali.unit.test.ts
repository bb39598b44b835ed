import { toJalali, toJalaliDate, toJalaliOrNull } from '../../src/graphql/jalali';

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
