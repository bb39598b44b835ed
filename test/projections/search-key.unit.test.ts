import fc from 'fast-check';
import { normalizeForSearch } from '../../src/core/persian-text';
import { searchKeyOf } from '../../projections/search-key';

/** Characters folding treats specially, with plain letters and white space between them. */
const CHARACTERS = ['a', 'B', 'ی', 'ي', 'ك', 'ة', 'ۀ', 'أ', '۱', '٢', '3', ' ', '  ', '\t', '\n', '\u200c', '\u200f', '\u0640', '\u064e', 'e', '\u0301', 'ﻻ'];
const piece = fc.array(fc.constantFrom(...CHARACTERS), { maxLength: 12 }).map((characters) => characters.join(''));

describe('search keys', () => {
  it('folds pieces to the key of the pieces joined by a space, whatever they hold', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        expect(searchKeyOf(pieces)).toBe(normalizeForSearch(pieces.join(' ')));
        // A second time, from what it remembers: the same.
        expect(searchKeyOf(pieces)).toBe(normalizeForSearch(pieces.join(' ')));
      }),
      { numRuns: 2_000, seed: 20261127 },
    );
  });

  it('folds a whole text as normalizeForSearch does', () => {
    expect(searchKeyOf('  نشست  منطقه‌ای ي ۱۴۰۲ ')).toBe(normalizeForSearch('  نشست  منطقه‌ای ي ۱۴۰۲ '));
    expect(searchKeyOf([])).toBe('');
    // A document missing a piece (an event of an older shape) folds as the pieces joined did.
    const withGaps = ['نشست', undefined, null, 'تبریز'] as unknown as string[];
    expect(searchKeyOf(withGaps)).toBe(normalizeForSearch(withGaps.join(' ')));
  });
});
