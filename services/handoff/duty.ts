import { randomInt } from "node:crypto";
import type { Tx } from "../db/database.ts";
import { lockRow } from "../db/locks.ts";
import { notifyPersons } from "../outbox/notify-persons.ts";
import { quoteForSms, type HandOffNotices } from "./hand-off-text.ts";

/**
 * The caseworkers on duty for a municipality's hand-offs: every staff member with the role
 * CASEWORKER (a caseworker is on duty in staffed hours; STAFFED_HOURS says when those are). An
 * admin may answer hand-offs but is not on the duty list.
 */
export async function caseworkersOnDuty(tx: Tx, municipalityId: string): Promise<string[]> {
  const rows = await tx.staffMember.findMany({ where: { municipalityId, role: "CASEWORKER" }, select: { personId: true }, orderBy: { personId: "asc" } });
  return rows.map((row) => row.personId);
}

// The club reply codes' alphabet (services/clubs/reply-codes.ts): no vowels, no 0/O/1/I/L.
const ALPHABET = "BCDFGHJKMNPQRSTVWXZ23456789";
const SHAPE = /^(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]+$/;

/**
 * Under the municipality's row lock: a code unique among its hand-offs that are not closed. Five
 * characters (about 14 million), so a code is unguessable in practice, and a code is looked up only
 * among the acting caseworker's own municipality's hand-offs.
 */
export async function freeHandOffCode(tx: Tx, municipalityId: string): Promise<string> {
  await lockRow(tx, "Municipality", municipalityId);
  const open = await tx.handOff.findMany({ where: { municipalityId, status: { not: "CLOSED" } }, select: { code: true } });
  const taken = new Set(open.map((row) => row.code));
  for (;;) {
    let code = "";
    for (let i = 0; i < 5; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    if (SHAPE.test(code) && !taken.has(code)) return code;
  }
}

/** Inside the caller's transaction: tells the caseworkers on duty of a hand-off (new, or a reminder). Returns those reached. */
export async function announceToDuty(
  tx: Tx,
  handOff: { municipalityId: string; code: string; channel: string; language: string; reason: string | null; personName: string },
  kind: "new" | "reminder",
  notices: HandOffNotices,
  now: Date,
): Promise<string[]> {
  const duty = await caseworkersOnDuty(tx, handOff.municipalityId);
  const values = { code: handOff.code, name: handOff.personName, language: handOff.language, channel: channelName(handOff.channel), url: notices.inboxUrl };
  return notifyPersons(
    tx,
    duty,
    (language) => ({
      text: [
        notices.text(language, kind === "new" ? "handoff:staff.notice" : "handoff:staff.reminder", values),
        ...(handOff.reason && kind === "new" ? [notices.text(language, "handoff:staff.notice_reason", { reason: quoteForSms(handOff.reason) })] : []),
        notices.text(language, "handoff:staff.how_to_answer", values),
      ].join("\n"),
      // In Teams an Adaptive Card: the answer typed in its field goes as "SVAR <code> <text>", the
      // command an SMS user types (one code path, bot/channels/teams/notice-card.ts).
      answers: {
        choices: [
          { title: notices.text(language, "cards:hand_off_answer"), command: `SVAR ${handOff.code}` },
          { title: notices.text(language, "cards:hand_off_close"), command: `LUKK ${handOff.code}` },
        ],
        input: notices.text(language, "cards:hand_off_answer_label"),
      },
    }),
    now,
  );
}

export function channelName(channel: string): string {
  return channel === "SMS" ? "SMS" : channel === "TEAMS" ? "Teams" : "web chat";
}
