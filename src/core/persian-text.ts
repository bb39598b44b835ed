/**
 * Search keys for Persian text. The seed report itself has lost its ZWNJs, and clerks type Arabic
 * or Persian forms of the same letter, so matching folds: ي→ی, ك→ک, ة→ه, Arabic-Indic and Persian
 * digits → ASCII, ZWNJ and other joiners/bidi controls → nothing, tatweel and diacritics → nothing,
 * whitespace runs → one space, Latin → lower case.
 *
 * A space between two letters of the Arabic script also folds to nothing: Persian writers put a
 * space, a ZWNJ or nothing between the parts of one word (`بین المللی`, `بین‌المللی`,
 * `بینالمللی`), and since a lost ZWNJ must match a ZWNJ, a space must match both. Latin words keep
 * their spaces (`new york` is not `newyork`).
 */
const FOLDS: Record<string, string> = {
  'ي': 'ی',
  'ى': 'ی',
  'ك': 'ک',
  'ة': 'ه',
  'ۀ': 'ه',
  'أ': 'ا',
  'إ': 'ا',
  'ٱ': 'ا',
  'ؤ': 'و',
};

// Arabic diacritics are combining marks by design: listing them in a class is exactly the intent here.
// eslint-disable-next-line no-misleading-character-class
const IGNORABLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u0640\u064b-\u065f\u0670\ufeff]/g;

const SPACE_INSIDE_PERSIAN = /(?<=\p{Script=Arabic}) (?=\p{Script=Arabic})/gu;
const ARABIC_LETTER_AT_END = /\p{Script=Arabic}$/u;
const ARABIC_LETTER_AT_START = /^\p{Script=Arabic}/u;

/**
 * The fold without joining Persian words: for measures that count letters, such as how alike two
 * titles are (a cooperation document's duplicate rule draws its line at 85% of the letters).
 */
export const foldLetters = (text: string): string =>
  text
    .normalize('NFC')
    .replace(IGNORABLE, '')
    .replace(/[يىكةۀأإٱؤ]/g, (ch) => FOLDS[ch] ?? ch)
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

export const normalizeForSearch = (text: string): string => foldLetters(text).replace(SPACE_INSIDE_PERSIAN, '');

/** Whether a folded key joined to another by a space loses that space (see normalizeForSearch). */
export const joinsWithoutSpace = (left: string, right: string): boolean => ARABIC_LETTER_AT_END.test(left) && ARABIC_LETTER_AT_START.test(right);
