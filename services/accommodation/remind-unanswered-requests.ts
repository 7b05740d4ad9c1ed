import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { lockRow } from "../db/locks.ts";
import { recordAudit } from "../audit.ts";
import { notifyPersons } from "../outbox/notify-persons.ts";
import type { NoticeText } from "../clubs/notice-text.ts";
import { tellSide, threadAnswers, threadOf } from "./thread-notices.ts";

const HOUR_MS = 3_600_000;

export interface RemindUnansweredRequestsOptions {
  now: Date;
  /** After this many hours without an answer from the club, the club is reminded once. */
  reminderHours: number;
  /** After this many hours (from the request) still without one, it is escalated to a caseworker. */
  escalationHours: number;
  text: NoticeText;
}

/**
 * Use case (a scheduled job): accommodation requests the club has not answered (still OPEN: no
 * JA/PRAT/NEI) remind the club once, with the request's answers, after `reminderHours`; still
 * unanswered after `escalationHours` (and reminded), the request is escalated: recorded
 * (`escalatedAt`, audited) and a caseworker of the municipality told through the outbox — the first
 * one notifyPersons can reach. Each request under its row lock, each step once (its timestamp).
 */
export async function remindUnansweredRequests(db: Database, options: RemindUnansweredRequestsOptions): Promise<{ reminded: number; escalated: number }> {
  const remindBefore = new Date(options.now.getTime() - options.reminderHours * HOUR_MS);
  const escalateBefore = new Date(options.now.getTime() - options.escalationHours * HOUR_MS);
  const due = await db.prisma.accommodationRequest.findMany({
    where: { status: "OPEN", replyCode: { not: null }, OR: [{ clubRemindedAt: null, createdAt: { lt: remindBefore } }, { clubRemindedAt: { not: null }, escalatedAt: null, createdAt: { lt: escalateBefore } }] },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  let reminded = 0;
  let escalated = 0;
  for (const { id } of due) {
    const step = await inTransaction(db, async (tx) => {
      await lockRow(tx, "AccommodationRequest", id);
      const request = await tx.accommodationRequest.findUniqueOrThrow({ where: { id }, select: { status: true, createdAt: true, clubRemindedAt: true, escalatedAt: true } });
      if (request.status !== "OPEN") return null;
      const thread = await threadOf(tx, id);
      const code = thread.replyCode!;
      if (!request.clubRemindedAt && request.createdAt < remindBefore) {
        await tx.accommodationRequest.update({ where: { id }, data: { clubRemindedAt: options.now } });
        await tellSide(tx, thread, "club", {
          now: options.now,
          text: options.text,
          lines: (say, activity) => [say("club_tab:request_reminder", { child: thread.child.givenName, activity }), say("accommodation:club.how_to_answer", { code })],
          answers: (say) => threadAnswers(say, code),
        });
        await recordAudit(tx, { municipalityId: thread.provider.municipalityId, actorId: null, action: "accommodation.club_reminded", entityType: "AccommodationRequest", entityId: id, at: options.now });
        return "reminded" as const;
      }
      if (request.clubRemindedAt && !request.escalatedAt && request.createdAt < escalateBefore) {
        await tx.accommodationRequest.update({ where: { id }, data: { escalatedAt: options.now } });
        const caseworkers = await tx.staffMember.findMany({ where: { municipalityId: thread.provider.municipalityId, role: "CASEWORKER" }, select: { personId: true }, orderBy: { personId: "asc" } });
        let told: string[] = [];
        for (const caseworker of caseworkers) {
          told = await notifyPersons(tx, [caseworker.personId], (language) => options.text(language, "club_tab:request_escalated", { child: thread.child.givenName, club: thread.provider.name, activity: thread.activity.title, code, hours: options.escalationHours }), options.now);
          if (told.length > 0) break;
        }
        await recordAudit(tx, { municipalityId: thread.provider.municipalityId, actorId: null, action: "accommodation.escalated", entityType: "AccommodationRequest", entityId: id, data: { caseworkersTold: told }, at: options.now });
        return "escalated" as const;
      }
      return null;
    });
    if (step === "reminded") reminded += 1;
    if (step === "escalated") escalated += 1;
  }
  return { reminded, escalated };
}
