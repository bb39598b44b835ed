import { normalizeForSearch } from '../core/persian-text';

/**
 * Powers are named by clerks in free text ("تصویب طرح‌های سرمایه‌گذاری"), so two spellings of the same
 * name (Arabic or Persian yeh, with or without ZWNJ, extra spaces) must count as one power: they are
 * kept as first written and compared by their folded key.
 */
export const powerKey = (power: string): string => normalizeForSearch(power);

/** Trims, collapses inner whitespace and drops blanks and repeats (by folded key), keeping the first spelling. */
export const normalizePowers = (powers: readonly string[]): string[] => {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of powers) {
    const power = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
    const key = powerKey(power);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    kept.push(power);
  }
  return kept;
};

export const includesPower = (powers: readonly string[], power: string): boolean => {
  const key = powerKey(power);
  return powers.some((held) => powerKey(held) === key);
};

/** The requested powers that `held` does not include, as requested. */
export const missingPowers = (held: readonly string[], requested: readonly string[]): string[] =>
  requested.filter((power) => !includesPower(held, power));
