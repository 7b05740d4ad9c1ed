import type { Database } from "./db/database.ts";
import { ageOn, birthdayAt, maxDate, minDate, toIsoDate, yearOf, type IsoDate } from "./dates.ts";
import { AppError } from "./errors.ts";
import { periodContaining, type PeriodSpan } from "./periods.ts";
import type { SchemeConfig } from "./config.ts";

export type AgeRules = Pick<SchemeConfig, "ageRule" | "minAge" | "maxAge">;

export interface ChildFacts {
  birthDate: IsoDate | null;
  residentFrom: IsoDate | null;
  residentUntil: IsoDate | null; // exclusive
}

export type Eligibility =
  | { eligible: true; period: string }
  | { eligible: false; period: string; reason: "NO_BIRTH_DATE" | "NOT_RESIDENT" }
  /** `from` is the first day the child can have the card. */
  | { eligible: false; period: string; reason: "TOO_YOUNG"; from: IsoDate }
  /** `lastYear` (birth-year rule) or `until` (exact-age rule, exclusive) says when it ended. */
  | { eligible: false; period: string; reason: "TOO_OLD"; lastYear?: number; until?: IsoDate };

/**
 * The scheme's age rule for one period:
 * - BIRTH_YEAR (Drammen): eligible if the child turns minAge..maxAge in the period's calendar year,
 *   so in 2026 children born 2008–2020, whatever the day.
 * - EXACT_AGE (national text, "6 until the 18th birthday"): eligible if some day of the period falls on
 *   or after the minAge birthday and before the maxAge birthday.
 */
export function ageEligibility(birthDate: IsoDate, period: PeriodSpan, rules: AgeRules): Eligibility {
  if (rules.ageRule === "BIRTH_YEAR") {
    const turns = period.year - yearOf(birthDate);
    if (turns < rules.minAge) {
      return { eligible: false, period: period.code, reason: "TOO_YOUNG", from: `${yearOf(birthDate) + rules.minAge}-01-01` };
    }
    if (turns > rules.maxAge) return { eligible: false, period: period.code, reason: "TOO_OLD", lastYear: yearOf(birthDate) + rules.maxAge };
    return { eligible: true, period: period.code };
  }
  const from = birthdayAt(birthDate, rules.minAge);
  const until = birthdayAt(birthDate, rules.maxAge);
  if (from > period.endsOn) return { eligible: false, period: period.code, reason: "TOO_YOUNG", from };
  if (until <= period.startsOn) return { eligible: false, period: period.code, reason: "TOO_OLD", until };
  return { eligible: true, period: period.code };
}

/**
 * Eligibility of a child for a period, judged on `asOf` (today, held inside the period): the child
 * must be registered as resident in the municipality that day, and the age rule must hold. A child
 * who moves in mid-period becomes eligible from the day of registration.
 */
export function assessEligibility(child: ChildFacts, period: PeriodSpan, rules: AgeRules, asOf: IsoDate): Eligibility {
  if (!child.birthDate) return { eligible: false, period: period.code, reason: "NO_BIRTH_DATE" };
  const day = minDate(maxDate(asOf, period.startsOn), period.endsOn);
  const resident = child.residentFrom !== null && child.residentFrom <= day && (child.residentUntil === null || day < child.residentUntil);
  if (!resident) return { eligible: false, period: period.code, reason: "NOT_RESIDENT" };
  return ageEligibility(child.birthDate, period, rules);
}

export interface CheckEligibilityOptions {
  childId: string;
  /** Defaults to the period containing `today`. */
  period?: PeriodSpan;
  today: IsoDate;
  rules: SchemeConfig;
}

/** Use case: is this child eligible for the card in this period, and if not, why (and from when). */
export async function checkEligibility(db: Database, options: CheckEligibilityOptions) {
  const child = await db.prisma.person.findUnique({
    where: { id: options.childId },
    select: { id: true, givenName: true, birthDate: true, residentFrom: true, residentUntil: true },
  });
  if (!child) throw new AppError("NOT_FOUND", "no such child", { childId: options.childId });
  const facts = childFacts(child);
  return {
    child: { id: child.id, givenName: child.givenName, age: facts.birthDate ? ageOn(facts.birthDate, options.today) : null },
    ...eligibilityNow(facts, options),
  };
}

/**
 * A child's eligibility from facts the caller has (a turn's identity brings its children's:
 * services/identity.ts), in the period given or the one containing `today`; PERIOD_CLOSED between periods.
 */
export function eligibilityNow(facts: ChildFacts, options: { period?: PeriodSpan; today: IsoDate; rules: SchemeConfig }): Eligibility {
  const period = options.period ?? periodContaining(options.today, options.rules);
  if (!period) throw new AppError("PERIOD_CLOSED", `no period is open on ${options.today}`);
  return assessEligibility(facts, period, options.rules, options.today);
}

export function childFacts(row: { birthDate: Date | null; residentFrom: Date | null; residentUntil: Date | null }): ChildFacts {
  return {
    birthDate: row.birthDate ? toIsoDate(row.birthDate) : null,
    residentFrom: row.residentFrom ? toIsoDate(row.residentFrom) : null,
    residentUntil: row.residentUntil ? toIsoDate(row.residentUntil) : null,
  };
}
