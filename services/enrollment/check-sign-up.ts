import type { SchemeConfig } from "../config.ts";
import type { Database } from "../db/database.ts";
import { queryRows, type Queryable } from "../db/query.ts";
import { ageOn, type IsoDate } from "../dates.ts";
import { assessEligibility, type ChildFacts, type Eligibility } from "../eligibility.ts";
import { AppError } from "../errors.ts";
import { mayActForGiven } from "../family/may-act-for.ts";
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
 * signUpChild asks the same rules again inside its own transaction. One statement on the driver.
 */
export async function checkSignUp(db: Database, options: CheckSignUpOptions): Promise<SignUpCheck> {
  return judgeSignUp(db, options);
}

/** Every fact the rules read, in one row (a row of nulls for what does not exist). */
interface SignUpFacts {
  activityId: string | null;
  providerId: string | null;
  category: string | null;
  minAge: number | null;
  maxAge: number | null;
  sessionsPerPeriod: number | null;
  feeOre: number | null;
  capacity: number | null;
  activityApproval: string | null;
  providerMunicipalityId: string | null;
  providerApproval: string | null;
  childId: string | null;
  childMunicipalityId: string | null;
  /** Dates as YYYY-MM-DD text: the driver and Prisma's raw path read `date` columns differently. */
  birthDate: IsoDate | null;
  residentFrom: IsoDate | null;
  residentUntil: IsoDate | null;
  actorIsGuardian: boolean;
  periodId: string | null;
  periodState: string | null;
  alreadyEnrolled: boolean;
  taken: number;
}

/**
 * $1 activity, $2 child, $3 actor, $4 municipality, $5 the period's code (null between periods).
 * One row whatever exists: the activity with its club, the child, whether the actor is the child's
 * guardian, the period's row, and the child's and everyone's active sign-ups in that period.
 */
const FACTS_SQL = `
  SELECT a.id AS "activityId", a."providerId", a.category, a."minAge", a."maxAge", a."sessionsPerPeriod", a."feeOre", a.capacity,
         a."approvalState"::text AS "activityApproval", p."municipalityId" AS "providerMunicipalityId", p."approvalState"::text AS "providerApproval",
         c.id AS "childId", c."municipalityId" AS "childMunicipalityId",
         to_char(c."birthDate", 'YYYY-MM-DD') AS "birthDate",
         to_char(c."residentFrom", 'YYYY-MM-DD') AS "residentFrom",
         to_char(c."residentUntil", 'YYYY-MM-DD') AS "residentUntil",
         EXISTS (SELECT 1 FROM "Guardianship" g WHERE g."guardianId" = $3::text AND g."childId" = $2::text) AS "actorIsGuardian",
         pe.id AS "periodId", pe.state::text AS "periodState",
         EXISTS (SELECT 1 FROM "Enrollment" e WHERE e."activityId" = $1::text AND e."periodId" = pe.id AND e."childId" = $2::text AND e.status IN ('PENDING', 'CONFIRMED')) AS "alreadyEnrolled",
         (SELECT count(*)::int FROM "Enrollment" e WHERE e."activityId" = $1::text AND e."periodId" = pe.id AND e.status IN ('PENDING', 'CONFIRMED')) AS taken
  FROM (VALUES (1)) AS one (x)
  LEFT JOIN "Activity" a ON a.id = $1::text
  LEFT JOIN "Provider" p ON p.id = a."providerId"
  LEFT JOIN "Person" c ON c.id = $2::text
  LEFT JOIN "Period" pe ON pe."municipalityId" = $4::text AND pe.code = $5::text`;

/**
 * The sign-up rules, in order, on the facts of one statement: on the driver (checkSignUp), or
 * inside the caller's transaction (signUpChild holds the activity's row lock, so the places counted
 * are the places left). Reads only: a period without a row yet has no sign-ups, so every place in
 * it is left.
 */
export async function judgeSignUp(db: Queryable, options: CheckSignUpOptions): Promise<SignUpCheck> {
  const refuse = (refusal: SignUpRefusal): SignUpCheck => ({ allowed: false, refusal });
  const { scheme, today } = options;
  const span = periodContaining(today, scheme);
  const params = [options.activityId, options.childId, options.actorId, options.municipalityId, span?.code ?? null];
  const f = (await queryRows<SignUpFacts>(db, FACTS_SQL, params))[0]!; // always one row
  if (f.activityId === null || f.providerMunicipalityId !== options.municipalityId) return refuse({ code: "NOT_FOUND", activityId: options.activityId });
  const activity = { id: f.activityId, providerId: f.providerId!, category: f.category!, minAge: f.minAge!, maxAge: f.maxAge!, sessionsPerPeriod: f.sessionsPerPeriod!, feeOre: f.feeOre!, capacity: f.capacity! };
  if (f.childId === null || f.childMunicipalityId !== options.municipalityId) return refuse({ code: "NOT_FOUND", childId: options.childId });
  // The dates come as text (to_char), which is what the rules take.
  const child: ChildFacts = { birthDate: f.birthDate, residentFrom: f.residentFrom, residentUntil: f.residentUntil };
  if (!mayActForGiven({ actorId: options.actorId, child: { id: f.childId, birthDate: child.birthDate }, actorIsGuardian: f.actorIsGuardian }, today)) return refuse({ code: "FORBIDDEN" });

  if (!span || (f.periodId !== null && f.periodState !== "OPEN")) return refuse({ code: "PERIOD_CLOSED" });

  if (f.providerApproval !== "APPROVED") return refuse({ code: "PROVIDER_NOT_APPROVED", providerId: activity.providerId });
  if (f.activityApproval !== "APPROVED") return refuse({ code: "ACTIVITY_NOT_APPROVED", activityId: activity.id });
  if (scheme.excludedCategories.includes(activity.category)) return refuse({ code: "CATEGORY_EXCLUDED", category: activity.category });
  if (activity.sessionsPerPeriod < scheme.minSessionsPerPeriod) {
    return refuse({ code: "TOO_FEW_SESSIONS", sessions: activity.sessionsPerPeriod, required: scheme.minSessionsPerPeriod });
  }
  const eligibility = assessEligibility(child, span, scheme, today);
  if (!eligibility.eligible) return refuse({ code: "CHILD_NOT_ELIGIBLE", ...eligibility });
  const age = ageOn(child.birthDate!, today);
  if (age < activity.minAge || age > activity.maxAge) return refuse({ code: "AGE_OUTSIDE_ACTIVITY", age, minAge: activity.minAge, maxAge: activity.maxAge });

  // Without a period row both are false/0: nobody is signed up in a period that does not exist yet.
  if (f.alreadyEnrolled) return refuse({ code: "ALREADY_ENROLLED", activityId: activity.id });
  if (f.taken >= activity.capacity) return refuse({ code: "ACTIVITY_FULL", capacity: activity.capacity });
  return { allowed: true, period: span, activity: { id: activity.id, providerId: activity.providerId, feeOre: activity.feeOre } };
}
