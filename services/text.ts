/**
 * Folds text for matching what people type: lower case, Norwegian letters spelled as youths write
 * them without a Norwegian keyboard (æ→ae, ø→o, å→a), other diacritics dropped.
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/[øö]/g, "o")
    .replace(/å/g, "a")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "");
}

/** Words of at least `minLength` letters or digits, folded. */
export function words(text: string, minLength = 1): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= minLength);
}
