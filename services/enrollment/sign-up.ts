import type { Database, Tx } from "../db/database.ts";
import { ageOn, type IsoDate } from "../dates.ts";
import { assessEligibility, childFacts } from "../eligibility.ts";
import { AppError } from "../errors.ts";
import { ensurePeriod, periodContaining } from "../periods.ts";
import { recordAudit } from "../audit.ts";
import { inTransaction } from "../db/transaction.ts";
import { reserveForEnrollment } from "../ledger/enrollment-money.ts";
import type { SchemeConfig } from "../config.ts";

/** Youths from 13 may act for themselves; younger children only through a guardian (domain.md). */
export const SELF_SERVICE_AGE = 13;

export interface SignUpOptions {
  municipalityId: string;
  childId: string;
  activityId: string;
  /** Who asks: a guardian of the child, or the youth itself. */
  actorId: string;
  today: IsoDate;
  /** The service's clock (hold timeouts). */
  now: Date;
  scheme: SchemeConfig;
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
}

/**
 * Use case: sign a child up for an activity in the current period. Every rule of the scheme is
 * checked inside one transaction that holds the activity's row lock, so two sign-ups for the last
 * place cannot both succeed; the enrollment, the card's hold, the family's remainder and the audit
 * rows commit together or not at all.
 */
export async function signUpChild(db: Database, options: SignUpOptions): Promise<SignUpResult> {
  const span = periodContaining(options.today, options.scheme);
  if (!span) throw new AppError("PERIOD_CLOSED", `no period is open on ${options.today}`);
  try {
    return await inTransaction(db, async (tx) => {
      await lockActivity(tx, options.activityId);
      const activity = await tx.activity.findUnique({ where: { id: options.activityId }, include: { provider: true } });
      if (!activity || activity.provider.municipalityId !== options.municipalityId) {
        throw new AppError("NOT_FOUND", "no such activity", { activityId: options.activityId });
      }
      const child = await tx.person.findUnique({ where: { id: options.childId } });
      if (!child || child.municipalityId !== options.municipalityId) throw new AppError("NOT_FOUND", "no such child", { childId: options.childId });
      await assertMayActFor(tx, options.actorId, child.id, childFacts(child).birthDate, options.today);

      if (activity.provider.approvalState !== "APPROVED") throw new AppError("PROVIDER_NOT_APPROVED", "the club is not approved for the card", { providerId: activity.providerId });
      if (activity.approvalState !== "APPROVED") throw new AppError("ACTIVITY_NOT_APPROVED", "the activity is not approved for the card", { activityId: activity.id });
      if (options.scheme.excludedCategories.includes(activity.category)) {
        throw new AppError("CATEGORY_EXCLUDED", `the card does not pay for ${activity.category}`, { category: activity.category });
      }
      if (activity.sessionsPerPeriod < options.scheme.minSessionsPerPeriod) {
        throw new AppError("TOO_FEW_SESSIONS", `the activity meets ${activity.sessionsPerPeriod} times, the card needs ${options.scheme.minSessionsPerPeriod}`, {
          sessions: activity.sessionsPerPeriod,
          required: options.scheme.minSessionsPerPeriod,
        });
      }
      const facts = childFacts(child);
      const eligibility = assessEligibility(facts, span, options.scheme, options.today);
      if (!eligibility.eligible) throw new AppError("CHILD_NOT_ELIGIBLE", `the child is not eligible: ${eligibility.reason}`, { ...eligibility });
      const age = ageOn(facts.birthDate!, options.today);
      if (age < activity.minAge || age > activity.maxAge) {
        throw new AppError("AGE_OUTSIDE_ACTIVITY", `the activity is for ages ${activity.minAge}–${activity.maxAge}`, { age, minAge: activity.minAge, maxAge: activity.maxAge });
      }

      const period = await ensurePeriod(tx, options.municipalityId, span, options.scheme.amountPerPeriodOre);
      if (period.state !== "OPEN") throw new AppError("PERIOD_CLOSED", `${period.code} is closed`);
      const active = { activityId: activity.id, periodId: period.id, status: { in: ["PENDING" as const, "CONFIRMED" as const] } };
      if (await tx.enrollment.findFirst({ where: { ...active, childId: child.id }, select: { id: true } })) {
        throw new AppError("ALREADY_ENROLLED", "the child is already signed up for this activity", { activityId: activity.id });
      }
      const taken = await tx.enrollment.count({ where: active });
      if (taken >= activity.capacity) throw new AppError("ACTIVITY_FULL", "the activity is full", { capacity: activity.capacity });

      const enrollment = await tx.enrollment.create({
        data: { childId: child.id, activityId: activity.id, periodId: period.id, enrolledById: options.actorId },
      });
      const money = await reserveForEnrollment(tx, {
        municipalityId: options.municipalityId,
        enrollmentId: enrollment.id,
        childId: child.id,
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
        data: { childId: child.id, activityId: activity.id, period: period.code, feeOre: activity.feeOre, cardPaysOre: money.cardPaysOre, familyPaysOre: money.familyPaysOre },
      });
      return { enrollmentId: enrollment.id, periodCode: period.code, activityId: activity.id, feeOre: activity.feeOre, ...money };
    });
  } catch (error) {
    // The partial unique index is the last line of defence should two requests race past the check.
    if (isUniqueViolation(error)) throw new AppError("ALREADY_ENROLLED", "the child is already signed up for this activity", { activityId: options.activityId });
    throw error;
  }
}

async function lockActivity(tx: Tx, activityId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Activity" WHERE id = ${activityId} FOR UPDATE`;
}

async function assertMayActFor(tx: Tx, actorId: string, childId: string, birthDate: IsoDate | null, today: IsoDate): Promise<void> {
  if (actorId === childId) {
    if (birthDate && ageOn(birthDate, today) >= SELF_SERVICE_AGE) return;
    throw new AppError("FORBIDDEN", `a child under ${SELF_SERVICE_AGE} is signed up by a guardian`);
  }
  const guardianship = await tx.guardianship.findUnique({ where: { guardianId_childId: { guardianId: actorId, childId } } });
  if (!guardianship) throw new AppError("FORBIDDEN", "only a guardian or the youth itself can sign up this child");
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "P2002" || (typeof (error as Error)?.message === "string" && /unique constraint|23505/i.test((error as Error).message));
}
