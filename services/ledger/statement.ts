import type { Database } from "../db/database.ts";
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

/**
 * Use case: a child's card for one period as the family sees it — what it can still spend, what is
 * reserved for sign-ups the club has not confirmed, and every movement with dates, activity and club
 * names. Holds that were released leave no line (nothing was spent).
 */
export async function cardStatement(db: Database, options: { childId: string; periodId: string } | { childId: string; period: { id: string; code: string; endsOn: Date } }): Promise<CardStatement> {
  const period = "period" in options ? options.period : await db.prisma.period.findUniqueOrThrow({ where: { id: options.periodId }, select: { id: true, code: true, endsOn: true } });
  const accountId = accountIds.card(period.id, options.childId);
  // Two statements, run together: the balance, and every movement with the names it shows and whether
  // a hold was resolved (the family's most common question: docs/performance.md).
  const [balance, transfers] = await Promise.all([
    balanceOf(db, accountId),
    db.sql<{ id: string; kind: string; amountOre: number; creditAccountId: string; enrollmentId: string | null; createdAt: Date; resolved: boolean; activity: string | null; provider: string | null }>(
      `SELECT t.id, t.kind::text AS kind, t."amountOre", t."creditAccountId", t."enrollmentId", t."createdAt",
         EXISTS (SELECT 1 FROM "LedgerTransfer" r WHERE r."pendingId" = t.id) AS resolved, a.title AS activity, pr.name AS provider
       FROM "LedgerTransfer" t
         LEFT JOIN "Enrollment" e ON e.id = t."enrollmentId" LEFT JOIN "Activity" a ON a.id = e."activityId" LEFT JOIN "Provider" pr ON pr.id = a."providerId"
       WHERE (t."debitAccountId" = $1 OR t."creditAccountId" = $1) AND t.kind NOT IN ('VOID', 'EXPIRE')
       ORDER BY t."createdAt", t.seq`,
      [accountId],
    ),
  ]);
  const movements: CardMovement[] = [];
  for (const t of transfers) {
    if (t.kind === "HOLD" && t.resolved) continue;
    const kind: CardMovementKind | null =
      t.kind === "ALLOCATION" ? "allocation" : t.kind === "TOPUP" ? "topup" : t.kind === "HOLD" ? "reserved" : t.kind === "POST" ? "paid" : t.kind === "REFUND" ? "refund" : t.kind === "EXPIRY" ? "expired" : null;
    if (!kind) continue;
    const named = t.enrollmentId !== null && t.activity !== null;
    movements.push({
      date: toIsoDate(t.createdAt),
      kind,
      amountNok: t.creditAccountId === accountId ? nok(t.amountOre) : -nok(t.amountOre),
      activity: named ? t.activity : null,
      provider: named ? t.provider : null,
      enrollmentId: t.enrollmentId,
    });
  }
  return { period: period.code, expiresAfter: toIsoDate(period.endsOn), availableNok: nok(balance.availableOre), reservedNok: nok(balance.pendingDebitsOre), movements };
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
