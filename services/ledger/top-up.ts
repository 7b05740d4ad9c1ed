import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import type { PeriodSpan } from "../periods.ts";
import { ensurePeriod } from "../periods.ts";
import { accountIds, ensureCardAccounts, ensureMunicipalityAccounts } from "./accounts.ts";
import { transfer, type TransferOutcome } from "./transfers.ts";

export interface TopUpOptions {
  /** Caller-chosen, so a repeated request (a double click, a retry) tops up once. */
  requestId: string;
  municipalityId: string;
  childId: string;
  period: PeriodSpan;
  amountPerPeriodOre: number;
  amountOre: number;
  /** Why (kept in the audit log only: a top-up is confidential). */
  reason: string;
  caseworkerId: string;
  now: Date;
}

/**
 * Use case (Fritidskortet+): a caseworker grants one child extra money for a period, from the
 * top-up fund. Confidential: the reason is only in the audit log, and nothing a club sees (its
 * statement, its payouts) can tell a topped-up card from another.
 */
export async function topUp(db: Database, options: TopUpOptions): Promise<TransferOutcome> {
  const reason = options.reason.trim();
  if (reason.length < 3 || reason.length > 500) throw new AppError("INVALID_REQUEST", "a top-up needs a reason (3–500 characters)");
  return inTransaction(db, async (tx) => {
    const staff = await tx.staffMember.findUnique({ where: { personId: options.caseworkerId } });
    if (!staff || staff.municipalityId !== options.municipalityId) throw new AppError("FORBIDDEN", "only the municipality's caseworkers grant top-ups");
    const child = await tx.person.findUnique({ where: { id: options.childId }, select: { municipalityId: true } });
    if (!child || child.municipalityId !== options.municipalityId) throw new AppError("NOT_FOUND", "no such child", { childId: options.childId });
    const period = await ensurePeriod(tx, options.municipalityId, options.period, options.amountPerPeriodOre);
    if (period.state !== "OPEN") throw new AppError("PERIOD_CLOSED", `${period.code} is closed`);
    await ensureMunicipalityAccounts(tx, options.municipalityId);
    await ensureCardAccounts(tx, options.municipalityId, period.id, [options.childId]);
    return transfer(tx, {
      id: `topup:${options.requestId}`,
      municipalityId: options.municipalityId,
      kind: "TOPUP",
      debitAccountId: accountIds.topUpFund(options.municipalityId),
      creditAccountId: accountIds.card(period.id, options.childId),
      amountOre: options.amountOre,
      periodId: period.id,
      now: options.now,
      audit: { actorId: options.caseworkerId, data: { reason, service: staff.service ?? null } },
    });
  });
}
