import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { lockRow } from "../db/locks.ts";
import type { IsoDate } from "../dates.ts";
import { assessEligibility, childFacts, type AgeRules } from "../eligibility.ts";
import { AppError } from "../errors.ts";
import type { PeriodSpan } from "../periods.ts";
import { ensurePeriod } from "../periods.ts";
import { assertCaseworkerOf, assertStaffRole } from "../staff/caseworker-of.ts";
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
  /** The acting person: a caseworker of the child's family (never a token, never an admin). */
  caseworkerId: string;
  /** The scheme's age rule: only a child eligible in the period gets a top-up. */
  ageRules: AgeRules;
  /** TOPUP_MAX_NOK: all top-ups of one child's card in one period together, at most. */
  maxPerChildPerPeriodOre: number;
  today: IsoDate;
  now: Date;
}

/**
 * Use case (Fritidskortet+): a caseworker grants one child extra money for a period, from the
 * top-up fund. Refused (nothing written) unless: the caller is a caseworker of the municipality
 * (an admin or privacy officer is not), the child is in one of the caseworker's families
 * (services/staff/caseworker-of.ts), the period has not ended, the child is eligible in it (an
 * adult guardian, a too-young or too-old child is not), and the child's top-ups in the period stay
 * within the limit. Confidential: the reason is only in the audit log, and nothing a club sees
 * (its statement, its payouts) can tell a topped-up card from another.
 */
export async function topUp(db: Database, options: TopUpOptions): Promise<TransferOutcome> {
  const reason = options.reason.trim();
  if (reason.length < 3 || reason.length > 500) throw new AppError("INVALID_REQUEST", "a top-up needs a reason (3–500 characters)");
  if (!Number.isInteger(options.amountOre) || options.amountOre <= 0) throw new AppError("INVALID_REQUEST", "a top-up is a positive whole amount");
  const transferId = `topup:${options.requestId}`;
  return inTransaction(db, async (tx) => {
    const staff = await assertStaffRole(tx, { actorId: options.caseworkerId, municipalityId: options.municipalityId, roles: ["CASEWORKER"], action: "grant top-ups" });
    const child = await tx.person.findUnique({ where: { id: options.childId }, select: { municipalityId: true, birthDate: true, residentFrom: true, residentUntil: true } });
    if (!child || child.municipalityId !== options.municipalityId) throw new AppError("NOT_FOUND", "no such child", { childId: options.childId });
    // Whose family first: a caseworker learns nothing (not even eligibility) of another's families.
    await assertCaseworkerOf(tx, { caseworkerId: options.caseworkerId, childId: options.childId });
    if (options.period.endsOn < options.today) throw new AppError("PERIOD_CLOSED", `${options.period.code} ended on ${options.period.endsOn}: a top-up is for a running or coming period`);
    const eligibility = assessEligibility(childFacts(child), options.period, options.ageRules, options.today);
    if (!eligibility.eligible) {
      throw new AppError("CHILD_NOT_ELIGIBLE", `the child does not have the card in ${options.period.code} (${eligibility.reason.toLowerCase().replace("_", " ")})`, { reason: eligibility.reason });
    }
    const period = await ensurePeriod(tx, options.municipalityId, options.period, options.amountPerPeriodOre);
    if (period.state !== "OPEN") throw new AppError("PERIOD_CLOSED", `${period.code} is closed`);
    await ensureMunicipalityAccounts(tx, options.municipalityId);
    await ensureCardAccounts(tx, options.municipalityId, period.id, [options.childId]);
    const card = accountIds.card(period.id, options.childId);
    // A retry of the same request is answered by transfer() ("exists"); only a new one counts against the limit.
    if (!(await tx.ledgerTransfer.findUnique({ where: { id: transferId }, select: { id: true } }))) {
      await lockRow(tx, "LedgerAccount", card); // two top-ups of one card at once cannot both pass the limit
      const given = (await tx.ledgerTransfer.aggregate({ where: { creditAccountId: card, kind: "TOPUP" }, _sum: { amountOre: true } }))._sum.amountOre ?? 0;
      if (given + options.amountOre > options.maxPerChildPerPeriodOre) {
        throw new AppError("OVER_TOP_UP_LIMIT", `top-ups of one child in ${period.code} are at most NOK ${options.maxPerChildPerPeriodOre / 100}; NOK ${given / 100} is already given`, {
          maxNok: options.maxPerChildPerPeriodOre / 100,
          givenNok: given / 100,
        });
      }
    }
    return transfer(tx, {
      id: transferId,
      municipalityId: options.municipalityId,
      kind: "TOPUP",
      debitAccountId: accountIds.topUpFund(options.municipalityId),
      creditAccountId: card,
      amountOre: options.amountOre,
      periodId: period.id,
      now: options.now,
      audit: { actorId: options.caseworkerId, data: { reason, service: staff.service ?? null } },
    });
  });
}
