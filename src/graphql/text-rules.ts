/**
 * A text is blank when nothing but white space, zero-width joiners and bidi controls is left: a lone
 * ZWNJ (U+200C) looks empty to a clerk and must be refused like spaces are.
 */
export const NOT_BLANK = /[^\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
