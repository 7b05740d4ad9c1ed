import type { SchemeConfig } from "../config.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { parsePeriodCode } from "../periods.ts";
import { suppressCount, suppressRows, type RawRow, type ShownRow } from "./suppression.ts";

/**
 * The evaluation the funder asks for, for one period, as published: every figure comes from SQL
 * aggregates over the ledger (who was allocated a card, what was spent, what expired), the persons
 * (age, district) and the sign-ups, and every cell is suppressed by the rule in suppression.ts.
 *
 * Definitions (docs/reports.md):
 * - eligible: children allocated a card for the period (the allocation is the eligibility decision);
 * - used the card: children whose card paid a club (posted payments less refunds to the card > 0);
 * - allocated: the allocations (top-ups only in the total, and only when five or more children got
 *   one — a top-up is confidential); used: posted payments less refunds; expired: returned to the fund.
 */
export interface PeriodReport {
  period: { code: string; startsOn: string; endsOn: string; amountOre: number; state: string };
  municipality: { number: string; name: string };
  total: ShownRow;
  /** Top-ups granted (øre) and to how many children; null when fewer than five children had one. */
  topUps: { children: number; amountOre: number } | null;
  byAgeGroup: ShownRow[];
  byDistrict: (ShownRow & { lowIncomeShare: number | null })[];
  /** Children who used the card for an activity of the category (a child may count in several). */
  byCategory: ShownRow[];
  /** Children signing up in each week (Monday) of the period; null is suppressed. */
  signUpsByWeek: { week: string; children: number | null }[];
  /** Whether any district has a low-income share (the municipality provides it). */
  hasLowIncomeShares: boolean;
  /** Uptake among families reached by outreach and not reached; null when there is no outreach data. */
  outreach: ShownRow[] | null;
}

/**
 * Which children's families the outreach reached in a period: null when the service holds no
 * outreach data for it (the report then says so). Provided by the outreach jobs.
 */
export type OutreachReach = (db: Database, options: { municipalityId: string; periodId: string }) => Promise<string[] | null>;

export const AGE_GROUPS = [
  { key: "6-9", from: 6, to: 9 },
  { key: "10-12", from: 10, to: 12 },
  { key: "13-15", from: 13, to: 15 },
  { key: "16-18", from: 16, to: 18 },
] as const;

interface GroupRow {
  grp: string | null;
  eligible: number;
  users: number;
  allocated: number;
  topped_up: number;
  topup_children: number;
  used: number;
  expired: number;
}

/** Use case (reads only): the evaluation report of a period, suppressed for publication. */
export async function buildPeriodReport(
  db: Database,
  options: { municipalityId: string; periodCode: string; scheme: Pick<SchemeConfig, "springStart" | "autumnStart">; outreach?: OutreachReach },
): Promise<PeriodReport> {
  const span = parsePeriodCode(options.periodCode, options.scheme);
  const municipality = await db.prisma.municipality.findUniqueOrThrow({ where: { id: options.municipalityId }, select: { number: true, name: true } });
  const period = await db.prisma.period.findUnique({ where: { municipalityId_code: { municipalityId: options.municipalityId, code: span.code } } });
  if (!period) throw new AppError("NOT_FOUND", `${span.code} has no cards yet: allocate it first`);
  const params = [options.municipalityId, period.id, span.year];

  // One row per child's card (allocated in the period), with its money; grouped three ways at once.
  const perCard = `
    WITH cards AS (
      SELECT a.id AS account_id, a."childId" AS child_id
      FROM "LedgerAccount" a
      WHERE a."municipalityId" = $1 AND a.kind = 'CARD' AND a."periodId" = $2
        AND EXISTS (SELECT 1 FROM "LedgerTransfer" al WHERE al."creditAccountId" = a.id AND al.kind = 'ALLOCATION')
    ),
    legs AS (
      SELECT c.child_id, t.kind, t."amountOre" AS amount, 'credit' AS side FROM cards c JOIN "LedgerTransfer" t ON t."creditAccountId" = c.account_id
      UNION ALL
      SELECT c.child_id, t.kind, t."amountOre" AS amount, 'debit' AS side FROM cards c JOIN "LedgerTransfer" t ON t."debitAccountId" = c.account_id
    ),
    money AS (
      SELECT child_id,
        COALESCE(SUM(amount) FILTER (WHERE kind = 'ALLOCATION' AND side = 'credit'), 0) AS allocated,
        COALESCE(SUM(amount) FILTER (WHERE kind = 'TOPUP' AND side = 'credit'), 0) AS topped_up,
        COALESCE(SUM(amount) FILTER (WHERE kind = 'POST' AND side = 'debit'), 0) - COALESCE(SUM(amount) FILTER (WHERE kind = 'REFUND' AND side = 'credit'), 0) AS used,
        COALESCE(SUM(amount) FILTER (WHERE kind = 'EXPIRY' AND side = 'debit'), 0) AS expired
      FROM legs GROUP BY child_id
    ),
    children AS (
      SELECT m.*, p."districtId" AS district_id,
        CASE ${AGE_GROUPS.map((g) => `WHEN $3::int - EXTRACT(YEAR FROM p."birthDate")::int <= ${g.to} THEN '${g.key}'`).join(" ")} ELSE '${AGE_GROUPS.at(-1)!.key}' END AS age_group
      FROM money m JOIN "Person" p ON p.id = m.child_id
    )`;
  const aggregates = `
      count(*)::int AS eligible,
      (count(*) FILTER (WHERE used > 0))::int AS users,
      COALESCE(SUM(allocated), 0)::float8 AS allocated,
      COALESCE(SUM(topped_up), 0)::float8 AS topped_up,
      (count(*) FILTER (WHERE topped_up > 0))::int AS topup_children,
      COALESCE(SUM(used), 0)::float8 AS used,
      COALESCE(SUM(expired), 0)::float8 AS expired`;
  const grouped = await db.sql<GroupRow & { by: string }>(
    `${perCard}
    SELECT CASE WHEN GROUPING(age_group) = 0 THEN 'age' WHEN GROUPING(district_id) = 0 THEN 'district' ELSE 'total' END AS by,
      COALESCE(age_group, district_id) AS grp, ${aggregates}
    FROM children GROUP BY GROUPING SETS ((age_group), (district_id), ())`,
    params,
  );
  const totalRow = grouped.find((r) => r.by === "total") ?? emptyGroup();
  const districts = await db.prisma.district.findMany({ where: { municipalityId: options.municipalityId }, orderBy: { name: "asc" }, select: { id: true, name: true, lowIncomeShare: true } });

  const raw = (key: string, label: string, row: GroupRow | undefined): RawRow => ({
    key,
    label,
    eligible: row?.eligible ?? 0,
    users: row?.users ?? 0,
    allocatedOre: row?.allocated ?? 0,
    usedOre: row?.used ?? 0,
    expiredOre: row?.expired ?? 0,
  });
  const [total] = suppressRows([raw("total", "total", totalRow)], { additive: [] });
  const byAgeGroup = suppressRows(
    AGE_GROUPS.map((g) => raw(g.key, g.key, grouped.find((r) => r.by === "age" && r.grp === g.key))),
    { additive: ["eligible", "users"] },
  );
  const districtRows = [
    ...districts.map((d) => raw(d.id, d.name, grouped.find((r) => r.by === "district" && r.grp === d.id))),
    // Children with no district in the register: a row of their own, so the rows add up to the total.
    raw("none", "", grouped.find((r) => r.by === "district" && r.grp === null)),
  ].filter((row) => row.key !== "none" || row.eligible > 0);
  const lowIncome = new Map(districts.map((d) => [d.id, d.lowIncomeShare]));
  const byDistrict = suppressRows(districtRows, { additive: ["eligible", "users"] }).map((row) => ({ ...row, lowIncomeShare: lowIncome.get(row.key) ?? null }));

  // Money used per activity category: each sign-up's posted card payment less refunds to the card.
  const categories = await db.sql<{ category: string; users: number; used: number }>(
    `WITH paid AS (
       SELECT e."childId" AS child_id, a.category,
         COALESCE(SUM(t."amountOre") FILTER (WHERE t.kind = 'POST' AND t."debitAccountId" LIKE 'card:%'), 0)
           - COALESCE(SUM(t."amountOre") FILTER (WHERE t.kind = 'REFUND' AND t."creditAccountId" LIKE 'card:%'), 0) AS used
       FROM "Enrollment" e
       JOIN "Activity" a ON a.id = e."activityId"
       JOIN "LedgerTransfer" t ON t."enrollmentId" = e.id
       WHERE e."periodId" = $2 AND t.kind IN ('POST', 'REFUND') AND t."municipalityId" = $1
       GROUP BY e.id, e."childId", a.category
     )
     SELECT category, (count(DISTINCT child_id) FILTER (WHERE used > 0))::int AS users, COALESCE(SUM(used), 0)::float8 AS used
     FROM paid GROUP BY category ORDER BY category`,
    params.slice(0, 2),
  );
  const byCategory = suppressRows(
    categories.map((c) => ({ key: c.category, label: c.category, eligible: totalRow.eligible, users: c.users, allocatedOre: 0, usedOre: c.used, expiredOre: 0 })),
    { additive: ["users"], eligibleIsTotal: true },
  );

  const weeks = await db.sql<{ week: string; children: number }>(
    `SELECT to_char(date_trunc('week', e."createdAt"), 'YYYY-MM-DD') AS week, count(DISTINCT e."childId")::int AS children
     FROM "Enrollment" e WHERE e."periodId" = $1 GROUP BY 1 ORDER BY 1`,
    [period.id],
  );

  let outreach: ShownRow[] | null = null;
  const reached = options.outreach ? await options.outreach(db, { municipalityId: options.municipalityId, periodId: period.id }) : null;
  if (reached !== null) {
    const rows = await db.sql<GroupRow>(
      `${perCard}
      SELECT CASE WHEN child_id = ANY($4::text[]) THEN 'reached' ELSE 'not-reached' END AS grp, ${aggregates}
      FROM children GROUP BY 1`,
      [...params, reached],
    );
    outreach = suppressRows(
      ["reached", "not-reached"].map((key) => raw(key, key, rows.find((r) => r.grp === key))),
      { additive: ["eligible", "users"] },
    );
  }

  return {
    period: { code: span.code, startsOn: span.startsOn, endsOn: span.endsOn, amountOre: period.amountOre, state: period.state },
    municipality,
    total: total!,
    topUps: totalRow.topup_children >= 5 ? { children: totalRow.topup_children, amountOre: totalRow.topped_up } : null,
    byAgeGroup,
    byDistrict,
    byCategory,
    signUpsByWeek: weeks.map((w) => ({ week: w.week, children: suppressCount(w.children) })),
    hasLowIncomeShares: districts.some((d) => d.lowIncomeShare !== null),
    outreach,
  };
}

function emptyGroup(): GroupRow {
  return { grp: null, eligible: 0, users: 0, allocated: 0, topped_up: 0, topup_children: 0, used: 0, expired: 0 };
}
