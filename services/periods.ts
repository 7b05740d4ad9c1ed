import type { Database, Tx } from "./db/database.ts";
import { addDays, fromIsoDate, yearOf, type IsoDate } from "./dates.ts";
import { AppError } from "./errors.ts";
import type { SchemeConfig } from "./config.ts";

export type PeriodHalf = "SPRING" | "AUTUMN";

/** A half-year of the scheme. Spring runs from springStart to the day before autumnStart; autumn to 31 Dec. */
export interface PeriodSpan {
  code: string; // 2026-autumn
  year: number;
  half: PeriodHalf;
  startsOn: IsoDate;
  endsOn: IsoDate;
}

type PeriodRules = Pick<SchemeConfig, "springStart" | "autumnStart">;

const PERIOD_CODE = /^(\d{4})-(spring|autumn)$/;

export function periodSpan(year: number, half: PeriodHalf, rules: PeriodRules): PeriodSpan {
  const autumnStart = `${year}-${rules.autumnStart}`;
  return half === "SPRING"
    ? { code: `${year}-spring`, year, half, startsOn: `${year}-${rules.springStart}`, endsOn: addDays(autumnStart, -1) }
    : { code: `${year}-autumn`, year, half, startsOn: autumnStart, endsOn: `${year}-12-31` };
}

/** The period a date falls in; null before springStart (a municipality may start spring later than 1 Jan). */
export function periodContaining(date: IsoDate, rules: PeriodRules): PeriodSpan | null {
  const year = yearOf(date);
  for (const half of ["SPRING", "AUTUMN"] as const) {
    const span = periodSpan(year, half, rules);
    if (span.startsOn <= date && date <= span.endsOn) return span;
  }
  return null;
}

export function parsePeriodCode(code: string, rules: PeriodRules): PeriodSpan {
  const match = PERIOD_CODE.exec(code);
  if (!match) throw new AppError("INVALID_REQUEST", `period must be named <year>-spring or <year>-autumn, not "${code}"`);
  return periodSpan(Number(match[1]), match[2] === "spring" ? "SPRING" : "AUTUMN", rules);
}

/**
 * The Period row for a span, created on first use with the municipality's current amount
 * (a later change of configuration does not change a period already running).
 */
export async function ensurePeriod(db: Tx, municipalityId: string, span: PeriodSpan, amountOre: number) {
  return db.period.upsert({
    where: { municipalityId_code: { municipalityId, code: span.code } },
    update: {},
    create: {
      municipalityId,
      code: span.code,
      year: span.year,
      half: span.half,
      startsOn: fromIsoDate(span.startsOn),
      endsOn: fromIsoDate(span.endsOn),
      amountOre,
    },
  });
}

/**
 * Use case (reads only): the Period row of the period running today; null between periods and
 * before the row exists (configuration at start, allocation and the first sign-up create it).
 */
export async function findCurrentPeriod(db: Database, options: { municipalityId: string; today: IsoDate; rules: PeriodRules }) {
  const span = periodContaining(options.today, options.rules);
  if (!span) return null;
  return db.prisma.period.findUnique({ where: { municipalityId_code: { municipalityId: options.municipalityId, code: span.code } } });
}
