import type { Database } from "../db/database.ts";
import { queryRows, type Queryable } from "../db/query.ts";
import { AppError } from "../errors.ts";
import { toIsoDate, type IsoDate } from "../dates.ts";
import { accountIds, balanceOf } from "./accounts.ts";

export type CardMovementKind = "allocation" | "topup" | "reserved" | "paid" | "refund" | "expired";

export interface CardMovement {
  date: IsoDate;
  kind: CardMovementKind;
  /** Signed NOK: money onto the card is positive. */
  amountNok: number;
  activity: string | null;
  provider: string | null;
  enrollmentId: string | null;
}

export interface CardStatement {
  period: string;
  /** Unused money goes back to the fund after this day. */
  expiresAfter: IsoDate;
  availableNok: number;
  reservedNok: number;
  movements: CardMovement[];
}

const nok = (ore: number | bigint) => Number(ore) / 100;

/** Which period: by id, or by the municipality and the period's code (the one running today). */
export type PeriodRef = { periodId: string } | { municipalityId: string; periodCode: string };

interface CardRow {
  childId: string;
  period: string;
  expiresAfter: IsoDate;
  postedOre: number;
  pendingDebitsOre: number;
  movements: { kind: string; amountOre: number; credit: boolean; enrollmentId: string | null; date: IsoDate; resolved: boolean; activity: string | null; provider: string | null }[];
}

/**
 * The children's cards in one period, in ONE statement (the family's most common question:
 * docs/performance.md): each card's balance and every movement with the names it shows and whether
 * a hold was resolved. No row for a period that does not exist yet.
 */
const CARDS_SQL = `
  WITH period AS (
    SELECT id, code, "endsOn" FROM "Period" WHERE CASE WHEN $1::text IS NOT NULL THEN id = $1 ELSE "municipalityId" = $2 AND code = $3 END
  ), card AS (
    SELECT c."childId", p.code, p."endsOn", 'card:' || p.id || ':' || c."childId" AS account
    FROM period p CROSS JOIN unnest($4::text[]) AS c("childId")
  )
  SELECT card."childId", card.code AS period, to_char(card."endsOn", 'YYYY-MM-DD') AS "expiresAfter",
    COALESCE(a."creditsPosted" - a."debitsPosted", 0)::float8 AS "postedOre", COALESCE(a."debitsPending", 0)::float8 AS "pendingDebitsOre",
    COALESCE((
      SELECT json_agg(json_build_object(
        'kind', t.kind, 'amountOre', t."amountOre", 'credit', t."creditAccountId" = card.account, 'enrollmentId', t."enrollmentId",
        'date', to_char(t."createdAt", 'YYYY-MM-DD'),
        'resolved', EXISTS (SELECT 1 FROM "LedgerTransfer" r WHERE r."pendingId" = t.id),
        'activity', act.title, 'provider', pr.name) ORDER BY t."createdAt", t.seq)
      FROM "LedgerTransfer" t
        LEFT JOIN "Enrollment" e ON e.id = t."enrollmentId" LEFT JOIN "Activity" act ON act.id = e."activityId" LEFT JOIN "Provider" pr ON pr.id = act."providerId"
      WHERE (t."debitAccountId" = card.account OR t."creditAccountId" = card.account) AND t.kind NOT IN ('VOID', 'EXPIRE')
    ), '[]'::json) AS movements
  FROM card LEFT JOIN "LedgerAccount" a ON a.id = card.account`;

/**
 * Use case: children's cards for one period as the family sees them — what each can still spend,
 * what is reserved for sign-ups the club has not confirmed, and every movement with dates, activity
 * and club names. Holds that were released leave no line (nothing was spent). One statement for all
 * the children; a child missing from the map has no card because the period has no row.
 */
export async function cardStatements(db: Queryable, options: PeriodRef & { childIds: string[] }): Promise<Map<string, CardStatement>> {
  const byId = "periodId" in options;
  const rows = await queryRows<CardRow>(db, CARDS_SQL, [byId ? options.periodId : null, byId ? null : options.municipalityId, byId ? null : options.periodCode, options.childIds]);
  return new Map(rows.map((row) => [row.childId, toStatement(row)]));
}

/** One child's card in one period (the period must exist). */
export async function cardStatement(db: Queryable, options: { childId: string; periodId: string }): Promise<CardStatement> {
  const statement = (await cardStatements(db, { periodId: options.periodId, childIds: [options.childId] })).get(options.childId);
  if (!statement) throw new AppError("NOT_FOUND", "no such period", { periodId: options.periodId });
  return statement;
}

const MOVEMENT_KINDS: Record<string, CardMovementKind> = { ALLOCATION: "allocation", TOPUP: "topup", HOLD: "reserved", POST: "paid", REFUND: "refund", EXPIRY: "expired" };

function toStatement(row: CardRow): CardStatement {
  const movements: CardMovement[] = [];
  for (const t of row.movements) {
    const kind = MOVEMENT_KINDS[t.kind];
    if (!kind || (t.kind === "HOLD" && t.resolved)) continue;
    const named = t.enrollmentId !== null && t.activity !== null;
    movements.push({
      date: t.date,
      kind,
      amountNok: t.credit ? nok(t.amountOre) : -nok(t.amountOre),
      activity: named ? t.activity : null,
      provider: named ? t.provider : null,
      enrollmentId: t.enrollmentId,
    });
  }
  return { period: row.period, expiresAfter: row.expiresAfter, availableNok: nok(row.postedOre - row.pendingDebitsOre), reservedNok: nok(row.pendingDebitsOre), movements };
}

export type ProviderMovementKind = "card_payment" | "family_payment" | "refund" | "payout";

export interface ProviderStatement {
  /** Posted to the club and not yet paid out. */
  owedNok: number;
  /** Reserved on cards for sign-ups the club has not confirmed yet. */
  expectedNok: number;
  movements: { date: IsoDate; kind: ProviderMovementKind; amountNok: number; activity: string | null; enrollmentId: string | null }[];
}

/**
 * Use case: a club's account as the club sees it. Card payments look the same whatever filled the
 * card: a top-up (Fritidskortet+) is confidential and cannot be told from the statement.
 */
export async function providerStatement(db: Database, options: { providerId: string }): Promise<ProviderStatement> {
  const accountId = accountIds.provider(options.providerId);
  const balance = await balanceOf(db, accountId);
  const transfers = await db.prisma.ledgerTransfer.findMany({
    where: { OR: [{ debitAccountId: accountId }, { creditAccountId: accountId }], kind: { in: ["POST", "FAMILY_PAYMENT", "REFUND", "SETTLEMENT"] } },
    orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
  });
  const enrollments = await enrollmentNames(db, transfers.map((t) => t.enrollmentId));
  return {
    owedNok: nok(balance.postedOre),
    expectedNok: nok(balance.pendingCreditsOre),
    movements: transfers.map((t) => ({
      date: toIsoDate(t.createdAt),
      kind: t.kind === "POST" ? "card_payment" : t.kind === "FAMILY_PAYMENT" ? "family_payment" : t.kind === "REFUND" ? "refund" : "payout",
      amountNok: t.creditAccountId === accountId ? nok(t.amountOre) : -nok(t.amountOre),
      activity: t.enrollmentId ? (enrollments.get(t.enrollmentId)?.activity ?? null) : null,
      enrollmentId: t.enrollmentId,
    })),
  };
}

async function enrollmentNames(db: Database, ids: (string | null)[]): Promise<Map<string, { activity: string; provider: string }>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.prisma.enrollment.findMany({ where: { id: { in: wanted } }, select: { id: true, activity: { select: { title: true, provider: { select: { name: true } } } } } });
  return new Map(rows.map((row) => [row.id, { activity: row.activity.title, provider: row.activity.provider.name }]));
}
