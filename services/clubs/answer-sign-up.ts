import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { recordAudit } from "../audit.ts";
import type { IsoDate } from "../dates.ts";
import { isAppError } from "../errors.ts";
import type { Language } from "../languages.ts";
import { confirmEnrollment, declineEnrollment } from "../enrollment/respond.ts";
import { CLUB_SIGN_UP_SELECT, clubSignUp, openSignUpsOf, type ClubSignUp } from "./find-open-sign-ups.ts";
import type { NoticeText } from "./notice-text.ts";

/** Wrong codes a contact may type in WRONG_CODE_WINDOW_MINUTES before codes are refused for a while. */
export const WRONG_CODES_ALLOWED = 5;
export const WRONG_CODE_WINDOW_MINUTES = 15;
const REFUSED = "club.reply_code_refused";
/** A decline's reason is told to the family by SMS: kept to a sentence or two. */
const REASON_MAX = 200;

export interface AnswerSignUpOptions {
  /** The club contact answering. */
  personId: string;
  answer: "confirm" | "decline";
  /** The code of the notice ("4F2K"); without it, the one open sign-up if there is exactly one. */
  code?: string | undefined;
  /** A decline's reason, in the club's words. */
  reason?: string | undefined;
  language: Language;
  today: IsoDate;
  now: Date;
  /** The catalog's sentences: the family is told of the answer. */
  notices: NoticeText;
}

export type AnswerOutcome =
  | { outcome: "CONFIRMED" | "DECLINED" | "ALREADY_CONFIRMED" | "ALREADY_DECLINED" | "CANCELLED" | "EXPIRED"; signUp: ClubSignUp }
  | { outcome: "UNKNOWN_CODE"; code: string }
  | { outcome: "RATE_LIMITED"; minutes: number }
  | { outcome: "NOTHING_OPEN" }
  | { outcome: "WHICH"; open: ClubSignUp[] }
  | { outcome: "NOT_A_CONTACT" };

/**
 * Use case: a club contact answers a sign-up notice — JA (confirm: the card's hold is posted, the
 * money is the club's) or NEI (decline: the hold is voided and the family told, with the club's
 * reason). A code is looked up among the contact's own clubs' sign-ups only, so another club's
 * code is simply unknown; every unknown code is recorded, and after WRONG_CODES_ALLOWED in
 * WRONG_CODE_WINDOW_MINUTES no code is taken until the window has passed.
 */
export async function answerSignUp(db: Database, options: AnswerSignUpOptions): Promise<AnswerOutcome> {
  const contacts = await db.prisma.providerContact.findMany({ where: { personId: options.personId }, select: { providerId: true, provider: { select: { municipalityId: true } } } });
  if (contacts.length === 0) return { outcome: "NOT_A_CONTACT" };
  const providerIds = contacts.map((contact) => contact.providerId);

  let target: ClubSignUp;
  if (options.code !== undefined) {
    const code = options.code.toUpperCase();
    if (await tooManyWrongCodes(db, options.personId, options.now)) return { outcome: "RATE_LIMITED", minutes: WRONG_CODE_WINDOW_MINUTES };
    // Open sign-ups first: a code is unique among the club's open ones, and may be reused later.
    const row = await db.prisma.enrollment.findFirst({
      where: { replyCode: code, activity: { providerId: { in: providerIds } } },
      select: CLUB_SIGN_UP_SELECT,
      orderBy: [{ status: "asc" }, { createdAt: "desc" }],
    });
    if (!row) {
      await refuseCode(db, { municipalityId: contacts[0]!.provider.municipalityId, personId: options.personId, code, now: options.now });
      return { outcome: "UNKNOWN_CODE", code };
    }
    target = clubSignUp(row, options.language, options.today);
  } else {
    const open = await openSignUpsOf(db, providerIds, options.language, options.today);
    if (open.length === 0) return { outcome: "NOTHING_OPEN" };
    if (open.length > 1) return { outcome: "WHICH", open };
    target = open[0]!;
  }
  return respond(db, target, options);
}

/** Whether a contact typed WRONG_CODES_ALLOWED unknown codes in the last WRONG_CODE_WINDOW_MINUTES (sign-ups and accommodation requests count together). */
export async function tooManyWrongCodes(db: Database, personId: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - WRONG_CODE_WINDOW_MINUTES * 60_000);
  return (await db.prisma.auditLog.count({ where: { actorId: personId, action: REFUSED, at: { gt: since } } })) >= WRONG_CODES_ALLOWED;
}

/** Records a code that is none of the contact's clubs' (audited; counted by tooManyWrongCodes). */
export async function refuseCode(db: Database, options: { municipalityId: string; personId: string; code: string; now: Date }): Promise<void> {
  await inTransaction(db, (tx) =>
    recordAudit(tx, { municipalityId: options.municipalityId, actorId: options.personId, action: REFUSED, entityType: "Person", entityId: options.personId, data: { code: options.code }, at: options.now }),
  );
}

async function respond(db: Database, signUp: ClubSignUp, options: AnswerSignUpOptions): Promise<AnswerOutcome> {
  const settled = settledOutcome(signUp.status);
  if (settled) return { outcome: settled, signUp };
  const response = { enrollmentId: signUp.enrollmentId, actorId: options.personId, now: options.now, notices: options.notices };
  try {
    if (options.answer === "confirm") {
      await confirmEnrollment(db, response);
      return { outcome: "CONFIRMED", signUp: { ...signUp, status: "CONFIRMED" } };
    }
    const reason = options.reason?.replace(/\s+/g, " ").trim().slice(0, REASON_MAX) || undefined;
    await declineEnrollment(db, { ...response, reason });
    return { outcome: "DECLINED", signUp: { ...signUp, status: "DECLINED" } };
  } catch (error) {
    // The family cancelled, or the hold lapsed, between the look-up and the answer.
    if (!isAppError(error, "CONFLICT")) throw error;
    const status = (error.details as { status?: ClubSignUp["status"] } | undefined)?.status ?? "CANCELLED";
    return { outcome: settledOutcome(status) ?? "CANCELLED", signUp: { ...signUp, status } };
  }
}

/** What an answer to a sign-up that is no longer open says, or null while it is open. */
function settledOutcome(status: ClubSignUp["status"]) {
  if (status === "PENDING") return null;
  // A confirmed place is not taken back with NEI: that is a cancellation with a refund (later work).
  if (status === "CONFIRMED") return "ALREADY_CONFIRMED" as const;
  if (status === "DECLINED") return "ALREADY_DECLINED" as const;
  return status === "EXPIRED" ? ("EXPIRED" as const) : ("CANCELLED" as const);
}
