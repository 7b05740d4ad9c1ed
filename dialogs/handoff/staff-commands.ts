import type { DialogContext } from "botbuilder-dialogs";
import { findContactClubs } from "../../services/clubs/find-contact-clubs.ts";
import { readReplyCode } from "../../services/clubs/reply-codes.ts";
import { answersHandOffs } from "../../services/handoff/hand-off-text.ts";
import { isOpenHandOffCode } from "../../services/handoff/find-hand-offs.ts";
import { findStaffMember, type StaffPrincipal } from "../../services/staff/find-staff-member.ts";
import { foldText } from "../../services/text.ts";
import type { DialogDependencies } from "../dependencies.ts";
import { turnInfo } from "../turn-info.ts";

/** What a caseworker asks for in chat (docs/conversation.md, "Hand-off to a person"). */
export type StaffCommand = { kind: "answer"; code: string; text: string } | { kind: "close"; code: string } | { kind: "list" };

// SVAR/LUKK are the notice's words in every language (as the clubs' JA/NEI); REPLY/CLOSE too.
const ANSWER = /^(?:svar|reply)[\s.,:;!-]+(\S+)\s+(\S[\s\S]*)$/iu;
const CLOSE = /^(?:lukk|close)[\s.,:;!-]+(\S+)[.!]?$/iu;
const LIST = /^(?:saker|henvendelser|cases)$/;

/** The staff command a message is, or null: the whole message must be one, with a code where it takes one. */
export function staffCommandOf(text: string): StaffCommand | null {
  const message = text.trim();
  const answer = ANSWER.exec(message);
  const answerCode = answer ? readReplyCode(answer[1]!) : null;
  if (answer && answerCode) return { kind: "answer", code: answerCode, text: answer[2]!.trim() };
  const close = CLOSE.exec(message);
  const closeCode = close ? readReplyCode(close[1]!) : null;
  if (close && closeCode) return { kind: "close", code: closeCode };
  return LIST.test(foldText(message).replace(/[.!?]+$/, "").trim()) ? { kind: "list" } : null;
}

/**
 * Whether this turn is a staff command, and the staff member giving it: the message is shaped as a
 * staff command and the person writing is verified and a caseworker or an admin. A code that is no
 * open hand-off of theirs goes on to the club journeys when the person is also a club contact (a
 * club's LUKK <code>); otherwise it is the staff's, and answered as unknown.
 */
export async function staffCommandFor(dc: DialogContext, deps: DialogDependencies): Promise<{ command: StaffCommand; staff: StaffPrincipal } | null> {
  const { identity } = turnInfo(dc.context);
  if (!identity.verified || !identity.person) return null;
  const command = staffCommandOf(dc.context.activity.text ?? "");
  if (!command) return null;
  const staff = await findStaffMember(deps.db, { personId: identity.person.id });
  if (!staff || !answersHandOffs(staff.role)) return null;
  if (command.kind !== "list" && !(await isOpenHandOffCode(deps.db, { municipalityId: staff.municipalityId, code: command.code }))) {
    const clubs = await findContactClubs(deps.db, { personId: identity.person.id });
    if (clubs.length > 0) return null;
  }
  return { command, staff };
}
