import { randomInt } from "node:crypto";
import type { Tx } from "../db/database.ts";
import { lockRow } from "../db/locks.ts";
import { queryRows } from "../db/query.ts";

/**
 * Reply codes: what a club contact answers a sign-up or accommodation notice with ("JA 4F2K"). Consonants and the
 * digits 2–9 only: no vowel, so a code never spells a word (and "nei takk" or "JA full" never
 * read as one), and no 0/O, 1/I/L to confuse. Four characters with at least one letter and one
 * digit give about 400 000 codes; a code is looked up only among the contact's own club's
 * sign-ups, and wrong codes are rate-limited (answer-sign-up.ts), so guessing gains nothing.
 */
const ALPHABET = "BCDFGHJKMNPQRSTVWXZ23456789";
const LENGTH = 4;

/** What a person may type as a code: 3–8 letters and digits, at least one of each (so "2015" or "full" is none). */
const CODE_SHAPE = /^(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{3,8}$/;

/** The code in a word someone typed ("4f2k", "4F2K."), upper-cased, or null if the word is not shaped as one. */
export function readReplyCode(word: string): string | null {
  const code = word.replace(/[.,:;!?)]+$/, "").toUpperCase();
  return CODE_SHAPE.test(code) ? code : null;
}

function randomCode(): string {
  for (;;) {
    let code = "";
    for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    if (CODE_SHAPE.test(code)) return code;
  }
}

/** Codes to choose from, drawn at once: one is almost always free (a club has a few open items among ~400 000 codes). */
const CANDIDATES = 16;

/**
 * Under the club's row lock (taken here): gives the row (a sign-up or an accommodation request) a
 * code unique among the club's open items — sign-ups waiting for an answer and accommodation
 * requests not closed share one code space, so "PRAT 4F2K" and "JA 4F2K" never mean two things.
 * Two items for the same club choose one after the other. The lock, then one statement that picks
 * the first free candidate and writes it (after the lock, so it sees the codes given before it).
 */
async function giveReplyCode(tx: Tx, table: "Enrollment" | "AccommodationRequest", id: string, providerId: string): Promise<string> {
  await lockRow(tx, "Provider", providerId);
  for (;;) {
    const candidates = Array.from({ length: CANDIDATES }, randomCode);
    const [row] = await queryRows<{ replyCode: string }>(
      tx,
      `WITH taken AS (
         SELECT e."replyCode" AS code FROM "Enrollment" e JOIN "Activity" a ON a.id = e."activityId"
         WHERE e.status = 'PENDING' AND e."replyCode" IS NOT NULL AND a."providerId" = $1
         UNION ALL
         SELECT r."replyCode" FROM "AccommodationRequest" r WHERE r."providerId" = $1 AND r.status <> 'CLOSED' AND r."replyCode" IS NOT NULL
       ), chosen AS (
         SELECT c.code FROM unnest($2::text[]) WITH ORDINALITY AS c(code, n) WHERE c.code NOT IN (SELECT code FROM taken) ORDER BY c.n LIMIT 1
       )
       UPDATE "${table}" SET "replyCode" = (SELECT code FROM chosen) WHERE id = $3 AND EXISTS (SELECT 1 FROM chosen) RETURNING "replyCode"`,
      [providerId, candidates, id],
    );
    if (row) return row.replyCode;
  }
}

/** Inside the sign-up's transaction: gives the enrollment a code unique among its club's open items. */
export async function assignReplyCode(tx: Tx, options: { enrollmentId: string; providerId: string }): Promise<string> {
  return giveReplyCode(tx, "Enrollment", options.enrollmentId, options.providerId);
}

/** Inside the request's transaction: gives an accommodation request a code unique among its club's open items. */
export async function assignRequestReplyCode(tx: Tx, options: { requestId: string; providerId: string }): Promise<string> {
  return giveReplyCode(tx, "AccommodationRequest", options.requestId, options.providerId);
}
