import { randomInt } from "node:crypto";
import type { Tx } from "../db/database.ts";
import { lockRow } from "../db/locks.ts";

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

/**
 * Under the club's row lock (taken here): a code unique among the club's open items — sign-ups
 * waiting for an answer and accommodation requests not closed share one code space, so "PRAT 4F2K"
 * and "JA 4F2K" never mean two things. Two items for the same club choose one after the other.
 */
async function freeReplyCode(tx: Tx, providerId: string): Promise<string> {
  await lockRow(tx, "Provider", providerId);
  const [signUps, requests] = await Promise.all([
    tx.enrollment.findMany({ where: { status: "PENDING", replyCode: { not: null }, activity: { providerId } }, select: { replyCode: true } }),
    tx.accommodationRequest.findMany({ where: { providerId, status: { not: "CLOSED" }, replyCode: { not: null } }, select: { replyCode: true } }),
  ]);
  const taken = new Set([...signUps, ...requests].map((row) => row.replyCode));
  let code = randomCode();
  while (taken.has(code)) code = randomCode();
  return code;
}

/** Inside the sign-up's transaction: gives the enrollment a code unique among its club's open items. */
export async function assignReplyCode(tx: Tx, options: { enrollmentId: string; providerId: string }): Promise<string> {
  const code = await freeReplyCode(tx, options.providerId);
  await tx.enrollment.update({ where: { id: options.enrollmentId }, data: { replyCode: code } });
  return code;
}

/** Inside the request's transaction: gives an accommodation request a code unique among its club's open items. */
export async function assignRequestReplyCode(tx: Tx, options: { requestId: string; providerId: string }): Promise<string> {
  const code = await freeReplyCode(tx, options.providerId);
  await tx.accommodationRequest.update({ where: { id: options.requestId }, data: { replyCode: code } });
  return code;
}
