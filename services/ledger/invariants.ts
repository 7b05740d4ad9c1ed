import type { Database } from "../db/database.ts";

export interface LedgerCheck {
  ok: boolean;
  /** Σ(credits − debits) over all accounts, posted and pending: always 0 in double entry. */
  postedSum: bigint;
  pendingSum: bigint;
  /** Accounts whose running totals differ from the sum of their transfers. */
  mismatches: { accountId: string; stored: string; derived: string }[];
  overdrawnCards: string[];
  /** Transfers paid out in more than one batch (the primary key makes this impossible; checked anyway). */
  doublySettled: string[];
}

/**
 * Recomputes every balance from the immutable transfers and compares it with the running totals:
 * the books balance when both agree and everything sums to zero. Read-only; one repeatable-read
 * snapshot would be ideal, but this runs on a quiet ledger (tests, nightly check).
 */
export async function checkLedger(db: Database, municipalityId?: string): Promise<LedgerCheck> {
  const scope = municipalityId ?? null;
  const rows = await db.prisma.$queryRaw<{ id: string; stored: string; derived: string; overdrawn: boolean }[]>`
    WITH resolved AS (
      SELECT "pendingId" FROM "LedgerTransfer" WHERE "pendingId" IS NOT NULL
    ), moves AS (
      SELECT "debitAccountId" AS account,
             CASE WHEN kind NOT IN ('HOLD', 'VOID', 'EXPIRE') THEN "amountOre" ELSE 0 END AS debit_posted,
             CASE WHEN kind = 'HOLD' AND id NOT IN (SELECT "pendingId" FROM resolved) THEN "amountOre" ELSE 0 END AS debit_pending,
             0 AS credit_posted, 0 AS credit_pending
      FROM "LedgerTransfer" WHERE ${scope}::text IS NULL OR "municipalityId" = ${scope}
      UNION ALL
      SELECT "creditAccountId",
             0, 0,
             CASE WHEN kind NOT IN ('HOLD', 'VOID', 'EXPIRE') THEN "amountOre" ELSE 0 END,
             CASE WHEN kind = 'HOLD' AND id NOT IN (SELECT "pendingId" FROM resolved) THEN "amountOre" ELSE 0 END
      FROM "LedgerTransfer" WHERE ${scope}::text IS NULL OR "municipalityId" = ${scope}
    ), derived AS (
      SELECT account, sum(debit_posted) AS dp, sum(debit_pending) AS dq, sum(credit_posted) AS cp, sum(credit_pending) AS cq FROM moves GROUP BY account
    )
    SELECT a.id,
           concat_ws('/', a."debitsPosted", a."debitsPending", a."creditsPosted", a."creditsPending") AS stored,
           concat_ws('/', coalesce(d.dp, 0), coalesce(d.dq, 0), coalesce(d.cp, 0), coalesce(d.cq, 0)) AS derived,
           (a."noOverdraft" AND a."debitsPosted" + a."debitsPending" > a."creditsPosted") AS overdrawn
    FROM "LedgerAccount" a LEFT JOIN derived d ON d.account = a.id
    WHERE ${scope}::text IS NULL OR a."municipalityId" = ${scope}`;
  const [sums] = await db.prisma.$queryRaw<{ posted: bigint | null; pending: bigint | null }[]>`
    SELECT sum("creditsPosted" - "debitsPosted")::bigint AS posted, sum("creditsPending" - "debitsPending")::bigint AS pending
    FROM "LedgerAccount" WHERE ${scope}::text IS NULL OR "municipalityId" = ${scope}`;
  const doubly = await db.prisma.$queryRaw<{ transferId: string }[]>`SELECT "transferId" FROM "SettlementItem" GROUP BY "transferId" HAVING count(*) > 1`;
  const mismatches = rows.filter((row) => row.stored !== row.derived).map(({ id, stored, derived }) => ({ accountId: id, stored, derived }));
  const overdrawnCards = rows.filter((row) => row.overdrawn).map((row) => row.id);
  const postedSum = BigInt(sums?.posted ?? 0);
  const pendingSum = BigInt(sums?.pending ?? 0);
  return {
    ok: mismatches.length === 0 && overdrawnCards.length === 0 && postedSum === 0n && pendingSum === 0n && doubly.length === 0,
    postedSum,
    pendingSum,
    mismatches,
    overdrawnCards,
    doublySettled: doubly.map((d) => d.transferId),
  };
}
