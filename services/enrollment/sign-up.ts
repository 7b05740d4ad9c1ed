import type { Database } from "../db/database.ts";
import { lockRow } from "../db/locks.ts";
import { queryRows } from "../db/query.ts";
import type { IsoDate } from "../dates.ts";
import { ensurePeriod, periodContaining } from "../periods.ts";
import { recordAudit } from "../audit.ts";
import { inTransaction } from "../db/transaction.ts";
import { reserveForEnrollment } from "../ledger/enrollment-money.ts";
import type { SchemeConfig } from "../config.ts";
import { judgeSignUp, SignUpRefusedError } from "./check-sign-up.ts";
import { assignReplyCode } from "../clubs/reply-codes.ts";
import { announceSignUp } from "../clubs/announce-sign-up.ts";
import type { NoticeText } from "../clubs/notice-text.ts";

export interface SignUpOptions {
  municipalityId: string;
  childId: string;
  activityId: string;
  /** Who asks: a guardian of the child, or the youth itself. */
  actorId: string;
  today: IsoDate;
  /** The service's clock (hold timeouts, the audit row). */
  now: Date;
  scheme: SchemeConfig;
  /** The catalog's sentences: the club's contacts are told of the sign-up (services/clubs/announce-sign-up.ts). */
  notices?: NoticeText;
}

export interface SignUpResult {
  enrollmentId: string;
  periodCode: string;
  activityId: string;
  feeOre: number;
  /** Held on the card for the club (min of fee and balance). */
  cardPaysOre: number;
  /** The remainder, owed by the family (a FamilyPayment). */
  familyPaysOre: number;
  /** When the card's hold lapses if the club has not confirmed. */
  holdExpiresAt: Date | null;
  /** What the club answers with ("JA 4F2K"). */
  replyCode: string;
}

/**
 * Use case: sign a child up for an activity in the current period. Every rule of the scheme
 * (judgeSignUp, the same rules checkSignUp answers from) is checked inside one transaction that
 * holds the activity's row lock, so two sign-ups for the last place cannot both succeed; the
 * enrollment, the card's hold, the family's remainder, the audit rows, the club's reply code and
 * its notice commit together or not at all. A refusal is thrown as a SignUpRefusedError.
 */
export async function signUpChild(db: Database, options: SignUpOptions): Promise<SignUpResult> {
  try {
    return await inTransaction(db, async (tx) => {
      await lockRow(tx, "Activity", options.activityId);
      // The period's state decides too: expiry (which closes it, then lapses its pending sign-ups)
      // waits for sign-ups in flight, and a sign-up after it sees the period closed.
      const span = periodContaining(options.today, options.scheme);
      const [current] = span
        ? await queryRows<{ id: string; code: string }>(tx, `SELECT id, code FROM "Period" WHERE "municipalityId" = $1 AND code = $2 FOR SHARE`, [options.municipalityId, span.code])
        : [];
      const check = await judgeSignUp(tx, options);
      if (!check.allowed) throw new SignUpRefusedError(check.refusal);
      const { activity } = check;
      // The first sign-up of a period before its allocation creates the period's row.
      const period = current ?? (await ensurePeriod(tx, options.municipalityId, check.period, options.scheme.amountPerPeriodOre));
      const enrollment = await tx.enrollment.create({
        data: { childId: options.childId, activityId: activity.id, periodId: period.id, enrolledById: options.actorId, createdAt: options.now },
      });
      const money = await reserveForEnrollment(tx, {
        municipalityId: options.municipalityId,
        enrollmentId: enrollment.id,
        childId: options.childId,
        periodId: period.id,
        providerId: activity.providerId,
        feeOre: activity.feeOre,
        now: options.now,
        holdTimeoutDays: options.scheme.holdTimeoutDays,
        audit: { actorId: options.actorId },
      });
      await recordAudit(tx, {
        municipalityId: options.municipalityId,
        actorId: options.actorId,
        action: "enrollment.created",
        entityType: "Enrollment",
        entityId: enrollment.id,
        data: { childId: options.childId, activityId: activity.id, period: period.code, feeOre: activity.feeOre, cardPaysOre: money.cardPaysOre, familyPaysOre: money.familyPaysOre },
        at: options.now,
      });
      const replyCode = await assignReplyCode(tx, { enrollmentId: enrollment.id, providerId: activity.providerId });
      if (options.notices) await announceSignUp(tx, { enrollmentId: enrollment.id, replyCode, today: options.today, now: options.now, text: options.notices });
      return { enrollmentId: enrollment.id, periodCode: period.code, activityId: activity.id, feeOre: activity.feeOre, ...money, replyCode };
    });
  } catch (error) {
    // The partial unique index is the last line of defence should two requests race past the check.
    if (isUniqueViolation(error)) throw new SignUpRefusedError({ code: "ALREADY_ENROLLED", activityId: options.activityId });
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "P2002" || (typeof (error as Error)?.message === "string" && /unique constraint|23505/i.test((error as Error).message));
}
