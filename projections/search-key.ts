import { joinsWithoutSpace, normalizeForSearch } from '../src/core/persian-text';

/** Pieces whose folded form is remembered: a meeting's outcome texts, unchanged from one version of it to the next. */
const REMEMBERED_PIECES = 20_000;
const folded = new Map<string, string>();

const foldPiece = (piece: string): string => {
  let key = folded.get(piece);
  if (key === undefined) {
    key = normalizeForSearch(piece);
    if (folded.size >= REMEMBERED_PIECES) folded.delete(folded.keys().next().value!);
    folded.set(piece, key);
  }
  return key;
};

/**
 * The stored search key of a document's search text. Given as pieces, each is folded on its own
 * and remembered, and the folded pieces are joined by a space (none between two Persian letters): the same key as folding the pieces
 * joined (folding collapses white space and trims), without folding a meeting's hundreds of
 * unchanged outcome texts again each time one is added.
 */
export const searchKeyOf = (text: string | readonly string[]): string =>
  typeof text === 'string'
    ? normalizeForSearch(text)
    : // A piece a document lacks (null or undefined) is left out, as joining the pieces would.
      text
        .map((piece: string | null | undefined) => (typeof piece === 'string' ? foldPiece(piece) : ''))
        .filter((piece) => piece !== '')
        .reduce((key, piece) => (key === '' ? piece : `${key}${joinsWithoutSpace(key, piece) ? '' : ' '}${piece}`), '');
