import { useEffect, useState } from 'preact/hooks';
import { toJalaali } from 'jalaali-js';
import { fa, type MessageKey } from './fa';
import { en } from './en';

export type { MessageKey } from './fa';
export type Language = 'fa' | 'en';

const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { fa, en };
const STORAGE_KEY = 'daftar.console.language';
const listeners = new Set<(language: Language) => void>();

const stored = (): Language => {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'fa';
  } catch {
    return 'fa';
  }
};

let current: Language = stored();

const applyToDocument = (language: Language) => {
  document.documentElement.lang = language;
  document.documentElement.dir = language === 'fa' ? 'rtl' : 'ltr';
  document.title = DICTIONARIES[language]['app.title'];
};
applyToDocument(current);

export const language = (): Language => current;

/** Switches the language, keeps the choice in localStorage and flips `lang`/`dir` on <html>. */
export const setLanguage = (next: Language): void => {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Storage may be refused (private mode): the switch still holds for this page.
  }
  applyToDocument(next);
  for (const listener of listeners) listener(next);
};

/** The current language, re-rendering the component when it is switched. */
export const useLanguage = (): Language => {
  const [value, setValue] = useState(current);
  useEffect(() => {
    listeners.add(setValue);
    return () => void listeners.delete(setValue);
  }, []);
  return value;
};

/** The message for `key` in the current language; `{name}` placeholders are filled from `params`. */
export const t = (key: MessageKey, params: Record<string, string | number> = {}): string =>
  DICTIONARIES[current][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? digits(params[name]) : whole));

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** Latin digits written as Persian ones in Persian; unchanged in English. */
export const digits = (value: number | string): string =>
  current === 'fa' ? String(value).replace(/[0-9]/g, (digit) => PERSIAN_DIGITS[Number(digit)]) : String(value);

const TEHRAN = 'Asia/Tehran';

/** The wall-clock parts of an instant in Tehran (Gregorian), whatever the browser's own zone. */
const tehranParts = (date: Date) => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TEHRAN,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
};

const two = (n: number) => String(n).padStart(2, '0');

/** `1403/01/02 14:30` in the Solar Hijri calendar, Tehran time: what a Persian reader expects. */
export const formatJalali = (iso: string): string => {
  const p = tehranParts(new Date(iso));
  const j = toJalaali(p.year, p.month, p.day);
  return `${j.jy}/${two(j.jm)}/${two(j.jd)} ${two(p.hour)}:${two(p.minute)}`;
};

/** The Gregorian date and time in Tehran, with the zone named: the hover text under a Solar Hijri date. */
export const formatGregorian = (iso: string): string => {
  const p = tehranParts(new Date(iso));
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)} (${TEHRAN})`;
};

/** In Persian the Solar Hijri date (Tehran time, Persian digits); in English the Gregorian one. */
export const formatDateTime = (iso: string): string => (current === 'fa' ? digits(formatJalali(iso)) : formatGregorian(iso));
