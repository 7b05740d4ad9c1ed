import type { SchemeConfig } from "../config.ts";
import type { Database, Tx } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { ageOn, type IsoDate } from "../dates.ts";
import { assessEligibility, childFacts, type Eligibility } from "../eligibility.ts";
import { AppError } from "../errors.ts";
import { mayActFor } from "../family/may-act-for.ts";
import { periodContaining, type PeriodSpan } from "../periods.ts";

export interface CheckSignUpOptions {
  municipalityId: string;
  childId: string;
  activityId: string;
  /** Who asks: a guardian of the child, or the youth itself. */
  actorId: string;
  today: IsoDate;
  scheme: SchemeConfig;
}

/** Why a sign-up is refused: the scheme's rule that failed, with what it takes to explain it. */
export type SignUpRefusal =
  | { code: "NOT_FOUND"; activityId: string }
  | { code: "NOT_FOUND"; childId: string }
  | { code: "FORBIDDEN" }
  | { code: "PERIOD_CLOSED" }
  | { code: "PROVIDER_NOT_APPROVED"; providerId: string }
  | { code: "ACTIVITY_NOT_APPROVED"; activityId: string }
  | { code: "CATEGORY_EXCLUDED"; category: string }
  | { code: "TOO_FEW_SESSIONS"; sessions: number; required: number }
  | ({ code: "CHILD_NOT_ELIGIBLE" } & Extract<Eligibility, { eligible: false }>)
  | { code: "AGE_OUTSIDE_ACTIVITY"; age: number; minAge: number; maxAge: number }
  | { code: "ALREADY_ENROLLED"; activityId: string }
  | { code: "ACTIVITY_FULL"; capacity: number };

export type SignUpCheck =
  | { allowed: true; period: PeriodSpan; activity: { id: string; providerId: string; feeOre: number } }
  | { allowed: false; refusal: SignUpRefusal };

/** signUpChild's refusal as an error: the AppError of the rule's code, carrying the typed refusal. */
export class SignUpRefusedError extends AppError {
  constructor(readonly refusal: SignUpRefusal) {
    const { code, ...details } = refusal;
    super(code, REASONS[code], details);
    this.name = "SignUpRefusedError";
  }
}

const REASONS: Record<SignUpRefusal["code"], string> = {
  NOT_FOUND: "no such activity or child in this municipality",
  FORBIDDEN: "only a guardian or the youth itself (13 or older) can sign up this child",
  PERIOD_CLOSED: "no period is open for sign-ups",
  PROVIDER_NOT_APPROVED: "the club is not approved for the card",
  ACTIVITY_NOT_APPROVED: "the activity is not approved for the card",
  CATEGORY_EXCLUDED: "the card does not pay for this category",
  TOO_FEW_SESSIONS: "the activity meets too few times for the card",
  CHILD_NOT_ELIGIBLE: "the child is not eligible",
  AGE_OUTSIDE_ACTIVITY: "the child's age is outside the activity's ages",
  ALREADY_ENROLLED: "the child is already signed up for this activity",
  ACTIVITY_FULL: "the activity is full",
};

/**
 * Use case (reads only): would signing this child up be allowed now, and if not, which rule says
 * no. The dialog asks before its yes/no question, so nobody says "yes" only to hear "no";
 * signUpChild asks the same rules again inside its own transaction.
 */
export async function checkSignUp(db: Database, options: CheckSignUpOptions): Promise<SignUpCheck> {
  return inTransaction(db, (tx) => judgeSignUp(tx, options));
}

/**
 * The sign-up rules, in order, inside the caller's transaction (signUpChild holds the activity's
 * row lock, so the places counted are the places left). Reads only: a period without a row yet has
 * no sign-ups, so every place in it is left.
 */
export async function judgeSignUp(tx: Tx, options: CheckSignUpOptions): Promise<SignUpCheck> {
  const refuse = (refusal: SignUpRefusal): SignUpCheck => ({ allowed: false, refusal });
  const { scheme, today } = options;
  const activity = await tx.activity.findUnique({ where: { id: options.activityId }, include: { provider: true } });
  if (!activity || activity.provider.municipalityId !== options.municipalityId) return refuse({ code: "NOT_FOUND", activityId: options.activityId });
  const child = await tx.person.findUnique({ where: { id: options.childId } });
  if (!child || child.municipalityId !== options.municipalityId) return refuse({ code: "NOT_FOUND", childId: options.childId });
  if (!(await mayActFor(tx, { actorId: options.actorId, childId: child.id, today }))) return refuse({ code: "FORBIDDEN" });

  const span = periodContaining(today, scheme);
  const period = span ? await tx.period.findUnique({ where: { municipalityId_code: { municipalityId: options.municipalityId, code: span.code } } }) : null;
  if (!span || (period !== null && period.state !== "OPEN")) return refuse({ code: "PERIOD_CLOSED" });

  if (activity.provider.approvalState !== "APPROVED") return refuse({ code: "PROVIDER_NOT_APPROVED", providerId: activity.providerId });
  if (activity.approvalState !== "APPROVED") return refuse({ code: "ACTIVITY_NOT_APPROVED", activityId: activity.id });
  if (scheme.excludedCategories.includes(activity.category)) return refuse({ code: "CATEGORY_EXCLUDED", category: activity.category });
  if (activity.sessionsPerPeriod < scheme.minSessionsPerPeriod) {
    return refuse({ code: "TOO_FEW_SESSIONS", sessions: activity.sessionsPerPeriod, required: scheme.minSessionsPerPeriod });
  }
  const facts = childFacts(child);
  const eligibility = assessEligibility(facts, span, scheme, today);
  if (!eligibility.eligible) return refuse({ code: "CHILD_NOT_ELIGIBLE", ...eligibility });
  const age = ageOn(facts.birthDate!, today);
  if (age < activity.minAge || age > activity.maxAge) return refuse({ code: "AGE_OUTSIDE_ACTIVITY", age, minAge: activity.minAge, maxAge: activity.maxAge });

  const active = period ? { activityId: activity.id, periodId: period.id, status: { in: ["PENDING" as const, "CONFIRMED" as const] } } : null;
  if (active && (await tx.enrollment.findFirst({ where: { ...active, childId: child.id }, select: { id: true } }))) return refuse({ code: "ALREADY_ENROLLED", activityId: activity.id });
  const taken = active ? await tx.enrollment.count({ where: active }) : 0;
  if (taken >= activity.capacity) return refuse({ code: "ACTIVITY_FULL", capacity: activity.capacity });
  return { allowed: true, period: span, activity: { id: activity.id, providerId: activity.providerId, feeOre: activity.feeOre } };
}
