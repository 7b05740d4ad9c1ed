import type { DialogContext } from "botbuilder-dialogs";
import { readReplyCode } from "../../services/clubs/reply-codes.ts";
import { foldText } from "../../services/text.ts";
import { turnInfo } from "../turn-info.ts";

/** What a club contact asks for: the whole message is a command (docs/conversation.md, "Clubs"). */
export type ClubCommand =
  /** JA/NEI answer a sign-up or an accommodation request; PRAT and LUKK (with a code) only a request. `message` is the club's words after the code. */
  | { kind: "answer"; answer: "confirm" | "decline" | "talk" | "close"; code?: string; reason?: string; message?: string }
  | { kind: "participants"; activityNumber?: number }
  | { kind: "open" }
  | { kind: "accommodation" };

// JA/NEI are the notice's words in every language; YES/NO are taken too. "JA4F2K" and
// "nei: 4f2k full" are read as "JA 4F2K" and "NEI 4F2K full".
const ANSWER = /^(ja|yes|nei|no)(?=$|[\s.,:;!-]|\d)[\s.,:;!-]*(.*)$/iu;
// An accommodation thread's other words: PRAT <code> <message> (we need to talk), LUKK <code> (close).
const THREAD = /^(prat|lukk)[\s.,:;!-]+(\S+)\s*(.*)$/iu;
const PARTICIPANTS = /^(?:deltakere|deltagere|deltakarar|participants)(?:\s+(?:nr\.?\s*|no\.?\s*)?(\d{1,3}))?$/;
const OPEN = /^(?:pameldinger|pameldingar|sign-?ups)$/;
const ACCOMMODATION = /^(?:tilrettelegging|tilrettelegginger|accommodation|accommodations)$/;
/** Words that are courtesy, not a reason to tell the family ("nei takk"). */
const COURTESY = new Set(["takk", "tack", "thanks", "thank you", "ok"]);

/** The club command a message is, or null. Case, spacing and trailing punctuation do not matter. */
export function clubCommandOf(text: string): ClubCommand | null {
  const message = text.replace(/\s+/g, " ").trim();
  const answer = ANSWER.exec(message);
  if (answer) {
    const decline = /^n/i.test(answer[1]!);
    const rest = answer[2]!.trim();
    const [first = "", ...others] = rest.split(" ");
    const code = readReplyCode(first);
    const said = (code ? others.join(" ") : rest).trim();
    const reason = said && !COURTESY.has(foldText(said).replace(/[.!]+$/, "")) ? said : undefined;
    return { kind: "answer", answer: decline ? "decline" : "confirm", ...(code ? { code } : {}), ...(decline && reason ? { reason } : {}), ...(code && said ? { message: said } : {}) };
  }
  const thread = THREAD.exec(message);
  const threadCode = thread ? readReplyCode(thread[2]!) : null;
  if (thread && threadCode) {
    const said = thread[3]!.trim();
    return { kind: "answer", answer: /^p/i.test(thread[1]!) ? "talk" : "close", code: threadCode, ...(said ? { message: said } : {}) };
  }
  const folded = foldText(message).replace(/[.!?]+$/, "").trim();
  const participants = PARTICIPANTS.exec(folded);
  if (participants) return { kind: "participants", ...(participants[1] ? { activityNumber: Number(participants[1]) } : {}) };
  if (OPEN.test(folded)) return { kind: "open" };
  if (ACCOMMODATION.test(folded)) return { kind: "accommodation" };
  return null;
}

/**
 * Whether this turn goes to the club journeys, and as which command: the message is a club
 * command and the person writing is a verified contact of a club (known with the identity, no query). A bare JA/NEI (no code) while a
 * journey waits for an answer answers that journey; with a code it is the club's.
 */
export function clubCommandFor(dc: DialogContext, options: { journeyWaiting: boolean }): ClubCommand | null {
  const { identity } = turnInfo(dc.context);
  if (!identity.verified || !identity.person || !identity.clubContact) return null;
  const command = clubCommandOf(dc.context.activity.text ?? "");
  if (!command) return null;
  if (options.journeyWaiting && command.kind === "answer" && command.code === undefined) return null;
  return command;
}
