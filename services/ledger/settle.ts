import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { lockRow } from "../db/locks.ts";
import { AppError } from "../errors.ts";
import { recordAudit } from "../audit.ts";
import { toIsoDate } from "../dates.ts";
import { accountIds, ensureMunicipalityAccounts } from "./accounts.ts";
import { transfers } from "./transfers.ts";

export interface SettleOptions {
  municipalityId: string;
  /** Caller-chosen: running the same settlement again returns the same batch. */
  batchId: string;
  /** Posted transfers created in [from, to) are considered. */
  from: Date;
  to: Date;
  /** The service's clock: the settlement transfers' date. */
  now: Date;
  actorId?: string | null;
}

export interface SettlementPayment {
  providerId: string;
  amountOre: number;
  items: number;
}

export interface SettlementResult {
  batchId: string;
  /** `empty`: nothing was payable, so no batch was made (the id stays free for a later run). */
  status: "created" | "exists" | "empty";
  payments: SettlementPayment[];
  totalOre: number;
}

/**
 * Use case: pay the clubs. Takes every posted movement on a club's account not yet settled — card
 * money (POST), the family's remainder (FAMILY_PAYMENT), and refunds taken back (REFUND, negative) —
 * and pays each club its net in one SETTLEMENT transfer. An enrollment's money — its posts and its
 * refunds alike — waits while the family's part is still owed: the club is paid the whole fee only
 * when both parts are in, and a sign-up cancelled before the family paid nets to nothing. A club whose net is
 * not positive waits for a later batch. Each transfer is settled exactly once (SettlementItem is
 * keyed by transfer), even when two runs race.
 */
export async function settle(db: Database, options: SettleOptions): Promise<SettlementResult> {
  if (!(options.from < options.to)) throw new AppError("INVALID_REQUEST", "a settlement range needs from < to");
  // It becomes the pain.001 MsgId (at most 35 characters) and part of each EndToEndId.
  if (!/^[A-Za-z0-9-]{1,24}$/.test(options.batchId)) throw new AppError("INVALID_REQUEST", "a batch id is 1–24 letters, digits or '-'");
  const existing = await db.prisma.payoutBatch.findUnique({ where: { id: options.batchId }, include: { items: true } });
  if (existing) return sameBatch(existing, options);
  // The payout account's row lock is what serialises settlement runs: it must exist.
  await ensureMunicipalityAccounts(db.prisma, options.municipalityId);

  return inTransaction(db, async (tx) => {
    // One settlement at a time per municipality: the second waits, then finds its items taken.
    await lockRow(tx, "LedgerAccount", accountIds.payout(options.municipalityId));
    // A concurrent run of the same batch may have committed while we waited for the lock.
    const raced = await tx.payoutBatch.findUnique({ where: { id: options.batchId }, include: { items: true } });
    if (raced) return sameBatch(raced, options);
    const candidates = await tx.$queryRaw<{ id: string; providerId: string; signedOre: number }[]>`
      SELECT t.id, a."providerId", (CASE WHEN t."creditAccountId" = a.id THEN t."amountOre" ELSE -t."amountOre" END)::int AS "signedOre"
      FROM "LedgerTransfer" t
      JOIN "LedgerAccount" a ON a.kind = 'PROVIDER' AND a."municipalityId" = ${options.municipalityId}
                            AND (a.id = t."creditAccountId" OR a.id = t."debitAccountId")
      LEFT JOIN "SettlementItem" s ON s."transferId" = t.id
      LEFT JOIN "FamilyPayment" fp ON fp."enrollmentId" = t."enrollmentId"
      WHERE t.kind IN ('POST', 'FAMILY_PAYMENT', 'REFUND')
        AND s."transferId" IS NULL
        AND t."createdAt" >= ${options.from} AND t."createdAt" < ${options.to}
        -- Hold an enrollment's money back only while the family's part is still to come; once it is
        -- paid, refunded or cancelled (the sign-up ended), its posts and refunds are final and net.
        AND (fp.id IS NULL OR fp.status NOT IN ('OWED', 'PENDING'))
      ORDER BY t.id`;
    const byProvider = new Map<string, { items: { transferId: string; amountOre: number }[]; net: number }>();
    for (const row of candidates) {
      const entry = byProvider.get(row.providerId) ?? { items: [], net: 0 };
      entry.items.push({ transferId: row.id, amountOre: Number(row.signedOre) });
      entry.net += Number(row.signedOre);
      byProvider.set(row.providerId, entry);
    }
    // A club without a valid bank account cannot be paid: its money waits for a later batch.
    const payableProviders = new Set(
      (await tx.provider.findMany({ where: { id: { in: [...byProvider.keys()] }, bankAccount: { not: null } }, select: { id: true } })).map((p) => p.id),
    );
    const payable = [...byProvider.entries()].filter(([providerId, entry]) => entry.net > 0 && payableProviders.has(providerId)).sort(([a], [b]) => a.localeCompare(b));
    const totalOre = payable.reduce((sum, [, entry]) => sum + entry.net, 0);
    // A batch with no payment would be an empty file for the bank: make none.
    if (payable.length === 0) return { batchId: options.batchId, status: "empty" as const, payments: [], totalOre: 0 };
    await tx.payoutBatch.create({
      data: { id: options.batchId, municipalityId: options.municipalityId, fromDate: options.from, toDate: options.to, numberOfPayments: payable.length, totalOre: BigInt(totalOre), createdAt: options.now },
    });
    await transfers(tx, {
      municipalityId: options.municipalityId,
      kind: "SETTLEMENT",
      now: options.now,
      audit: { actorId: options.actorId ?? null, data: { batchId: options.batchId } },
      transfers: payable.map(([providerId, entry]) => ({
        id: `settle:${options.batchId}:${providerId}`,
        debitAccountId: accountIds.provider(providerId),
        creditAccountId: accountIds.payout(options.municipalityId),
        amountOre: entry.net,
      })),
    });
    await tx.settlementItem.createMany({ data: payable.flatMap(([providerId, entry]) => entry.items.map((item) => ({ ...item, batchId: options.batchId, providerId }))) });
    await recordAudit(tx, {
      municipalityId: options.municipalityId,
      actorId: options.actorId ?? null,
      action: "settlement.created",
      entityType: "PayoutBatch",
      entityId: options.batchId,
      data: { payments: payable.length, totalOre },
      at: options.now,
    });
    return { batchId: options.batchId, status: "created" as const, payments: payable.map(([providerId, entry]) => ({ providerId, amountOre: entry.net, items: entry.items.length })), totalOre };
  }, { timeoutMs: 60_000 });
}

/** The same batch id again: the same batch if it names the same range, else a mistake to refuse. */
function sameBatch(batch: { id: string; fromDate: Date; toDate: Date; items: { providerId: string; amountOre: number }[] }, options: SettleOptions): SettlementResult {
  if (batch.fromDate.getTime() !== options.from.getTime() || batch.toDate.getTime() !== options.to.getTime()) {
    const range = (from: Date, to: Date) => `${toIsoDate(from)}..${toIsoDate(to)}`;
    throw new AppError("CONFLICT", `batch ${batch.id} was made for ${range(batch.fromDate, batch.toDate)}, not ${range(options.from, options.to)}: choose a new batch id`, { batchId: batch.id });
  }
  return describe(batch.id, "exists", batch.items);
}

function describe(batchId: string, status: "exists", items: { providerId: string; amountOre: number }[]): SettlementResult {
  const byProvider = new Map<string, SettlementPayment>();
  for (const item of items) {
    const payment = byProvider.get(item.providerId) ?? { providerId: item.providerId, amountOre: 0, items: 0 };
    payment.amountOre += item.amountOre;
    payment.items += 1;
    byProvider.set(item.providerId, payment);
  }
  const payments = [...byProvider.values()].sort((a, b) => a.providerId.localeCompare(b.providerId));
  return { batchId, status, payments, totalOre: payments.reduce((sum, p) => sum + p.amountOre, 0) };
}
