import { SegmentedMessage } from "sms-segments-calculator";

/**
 * Cost-aware SMS text. Every segment is paid for: GSM-7 carries 160 characters in one segment and
 * 153 per segment when split; a single character outside GSM-7 (a curly quote, an emoji, any Arabic
 * letter) switches the whole message to UCS-2 with 70 / 67. Æ Ø Å æ ø å are GSM-7, and the
 * extension-table characters (€ [ ] { } | ^ ~ \) cost two septets each.
 */
export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsCost {
  encoding: SmsEncoding;
  segments: number;
  /** Septets for GSM-7 (an extension character counts 2), characters for UCS-2. */
  length: number;
}

/**
 * A long reply is sent as several SMS of at most this many segments each, cut at line or sentence
 * ends, so that every part reads on its own (separate SMS may arrive out of order). Twilio refuses
 * bodies over 1600 characters; 4 segments stay far below that in either encoding.
 */
export const MAX_SEGMENTS_PER_SMS = 4;

/** What a phone receives: Unicode composed (a decomposed å would be UCS-2) and LF line ends. */
export function normalizeSmsText(text: string): string {
  return text.normalize("NFC").replace(/\r\n?/g, "\n");
}

// The GSM 03.38 default alphabet and its extension table (€ [ ] { } | ^ ~ \: an escape and the
// character, two septets, never split across segments).
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;
const GSM7_EXTENSION = new Set("^{}\\[~]|€");

/**
 * Segments for a message made of these pieces, each `sizeOf` units (septets, or UTF-16 code units):
 * one segment holds `single` units; split, each holds `perSegment` and is filled up to the piece
 * that would not fit, since a piece (an escape and its character, a letter and its marks) is never cut.
 */
function segmentsOf<T>(parts: Iterable<T>, sizeOf: (part: T) => number, single: number, perSegment: number): { units: number; pieces: number; segments: number } {
  let units = 0;
  let pieces = 0;
  let segments = 1;
  let used = 0;
  for (const part of parts) {
    const size = sizeOf(part);
    units += size;
    pieces++;
    if (used + size > perSegment) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return { units, pieces, segments: units <= single ? 1 : segments };
}

const septets = (character: string) => (GSM7_EXTENSION.has(character) ? 2 : 1);

/** GSM-7: 160 septets in one segment, 153 per segment beyond; its length is in septets. */
function gsm7Cost(text: string): SmsCost {
  const { units, segments } = segmentsOf(text, septets, 160, 153);
  return { encoding: "GSM-7", segments, length: units };
}

/** A character neither in the GSM-7 alphabet nor in its extension table: the message is UCS-2. */
const NOT_GSM7 = /[^@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€\f]/;
const SURROGATE = /[\uD800-\uDFFF]/;
const COMBINING_MARK = /\p{M}/u;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** UCS-2: 70 code units in one segment, 67 per segment beyond. Its length counts a letter with its marks as one, as the library does. */
function ucs2Cost(text: string): SmsCost {
  if (!COMBINING_MARK.test(text)) return { encoding: "UCS-2", segments: text.length <= 70 ? 1 : Math.ceil(text.length / 67), length: text.length };
  const { pieces, segments } = segmentsOf(graphemes.segment(text), (grapheme) => grapheme.segment.length, 70, 67);
  return { encoding: "UCS-2", segments, length: pieces };
}

export function smsCost(text: string): SmsCost {
  const normalized = normalizeSmsText(text);
  // Most replies (Norwegian, English) are GSM-7: counted here, as the library counts them (tested
  // against it), at a fraction of its cost per turn (docs/performance.md).
  if (GSM7.test(normalized)) return gsm7Cost(normalized);
  // UCS-2 without surrogate pairs (Arabic, Urdu, Cyrillic, Ge'ez, Polish, Turkish replies): 70 in
  // one segment, 67 per segment beyond, a letter never parted from its combining marks (harakat).
  // Pairs (emoji, rare scripts): the library.
  if (NOT_GSM7.test(normalized) && !SURROGATE.test(normalized)) return ucs2Cost(normalized);
  const message = new SegmentedMessage(normalized, "auto");
  return { encoding: message.encodingName, segments: message.segmentsCount, length: message.numberOfCharacters };
}

// Typography that has a GSM-7 equivalent. Letters are never changed: a Polish ł or a Turkish ş
// stays, even though it makes the message UCS-2 — the text must stay right in its language.
const GSM_SUBSTITUTES: [RegExp, string][] = [
  [/[\u2018\u2019\u201a\u201b\u2032\u00b4\u0060\u02bc]/g, "'"],
  [/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"'],
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, "-"],
  [/\u2026/g, "..."],
  [/[\u2022\u00b7\u25aa\u25cf]/g, "-"],
  [/[\u00a0\u2007\u2009\u202f\u2002\u2003]/g, " "],
  [/[\u00ad\u200b\u2060]/g, ""],
];

// Emoji and their glue (variation selectors, zero-width joiner, skin tones, keycaps, flags).
const EMOJI = /(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F\u200D\u20E3])+/gu;

/**
 * Makes text as cheap as its language allows: typographic quotes, dashes, ellipses and special
 * spaces become their GSM-7 equivalents and emoji are dropped, so a Norwegian or English reply stays
 * GSM-7. Text in a script that needs UCS-2 (Arabic, Cyrillic, Ge'ez, Polish or Turkish letters) keeps
 * its letters.
 */
export function toGsmSafe(text: string): string {
  let result = normalizeSmsText(text);
  for (const [pattern, replacement] of GSM_SUBSTITUTES) result = result.replace(pattern, replacement);
  return result
    .replace(EMOJI, "")
    .replace(/[ \t]{2,}/g, " ")
    .replace(/[ \t]+([.,!?;:)\n])/g, "$1")
    .replace(/[ \t]+$/gm, "")
    .trim();
}

// Sentence ends in the service's scripts: Latin, Arabic (؟), Urdu (۔), Ge'ez (። ፧).
const SENTENCE_END = /(?<=[.!?…؟۔።፧]["')\]]*\s+)/u;
const LINE_END = /(?<=\n)/;
const WORD_END = /(?<=\s)(?=\S)/;
const BOUNDARIES = [LINE_END, SENTENCE_END, WORD_END];

/**
 * Splits a reply into SMS of at most `maxSegments` segments each: at line ends first, then at
 * sentence ends, then between words — never inside a word (unless one "word" alone is longer than
 * a whole SMS, like a pasted URL, which is then cut).
 */
export function splitSms(text: string, maxSegments = MAX_SEGMENTS_PER_SMS): string[] {
  const normalized = normalizeSmsText(text).trim();
  if (normalized === "") return [];
  const fits = (part: string) => smsCost(part.trim()).segments <= maxSegments;
  return pack(normalized, fits, 0)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** Chunks of `text` that each fit, cut at the coarsest boundary that works; separators kept. */
function pack(text: string, fits: (part: string) => boolean, level: number): string[] {
  if (fits(text)) return [text];
  const boundary = BOUNDARIES[level];
  if (!boundary) return hardCut(text, fits);
  const pieces = text.split(boundary).filter((piece) => piece !== "");
  if (pieces.length <= 1) return pack(text, fits, level + 1);

  const parts: string[] = [];
  let current = "";
  for (const piece of pieces) {
    if (fits(current + piece)) {
      current += piece;
      continue;
    }
    if (current.trim()) parts.push(current);
    if (fits(piece)) {
      current = piece;
    } else {
      const smaller = pack(piece, fits, level + 1);
      parts.push(...smaller.slice(0, -1));
      current = smaller.at(-1) ?? "";
    }
  }
  if (current.trim()) parts.push(current);
  return parts;
}

/** Last resort for a single unbreakable run: the longest prefixes that fit, by whole characters. */
function hardCut(text: string, fits: (part: string) => boolean): string[] {
  const characters = [...text];
  const parts: string[] = [];
  let start = 0;
  while (start < characters.length) {
    // Segments grow with length, so the longest fitting prefix can be found by halving.
    let low = start + 1;
    let high = characters.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (fits(characters.slice(start, middle).join(""))) low = middle;
      else high = middle - 1;
    }
    parts.push(characters.slice(start, low).join(""));
    start = low;
  }
  return parts;
}

/**
 * The SMS a reply becomes: GSM-safe typography, then split into parts that each fit
 * `maxSegments`. Several replies of one turn are joined first (one SMS costs less than several).
 */
export function prepareSms(replies: string[], maxSegments = MAX_SEGMENTS_PER_SMS): string[] {
  const text = replies.map(toGsmSafe).filter((reply) => reply !== "").join("\n");
  return splitSms(text, maxSegments);
}
