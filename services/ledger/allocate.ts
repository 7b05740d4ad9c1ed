import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import type { SchemeConfig } from "../config.ts";
import { addDays, fromIsoDate, yearOf, type IsoDate } from "../dates.ts";
import { assessEligibility, childFacts } from "../eligibility.ts";
import { AppError } from "../errors.ts";
import { ensurePeriod, periodContaining, periodSpan, type PeriodSpan } from "../periods.ts";
import { accountIds, ensureCardAccounts, ensureMunicipalityAccounts } from "./accounts.ts";
import { transfers } from "./transfers.ts";

export interface AllocateOptions {
  municipalityId: string;
  period: PeriodSpan;
  scheme: SchemeConfig;
  /** Eligibility (residence) is judged on this day, held inside the period. */
  today: IsoDate;
  /** The service's clock: the allocation transfers' date. */
  now: Date;
  actorId?: string | null;
  /** Allocate a period later than the next one (normally a mistake in the period's name). */
  force?: boolean;
  batchSize?: number;
  /** Told after each batch of children is committed (a progress bar); may be async. */
  onBatch?: (progress: { done: number; eligible: number; allocated: number }) => void | Promise<void>;
  /** Stops between batches: what is committed stays, and a re-run allocates the rest (each child once). */
  signal?: AbortSignal;
}

export interface AllocationResult {
  period: string;
  eligible: number;
  /** Children credited by this run; the rest had been allocated before. */
  allocated: number;
  allocatedOre: number;
  /** True when `signal` stopped the run before every eligible child was looked at. */
  interrupted?: boolean;
}

/**
 * Use case: credit every eligible child's card for the period from the fund. Idempotent per child and
 * period (the transfer id is alloc:<period>:<child>), so it can be run again at any time: it allocates
 * nobody twice, and picks up children who became eligible since (moved in mid-period).
 * Set-based: one ledger batch (transfers.ts) per batch of children writes the transfers, the card and
 * fund totals and the audit rows in one statement.
 */
export async function allocatePeriod(db: Database, options: AllocateOptions): Promise<AllocationResult> {
  const { municipalityId, period: span, scheme } = options;
  if (options.today > span.endsOn) throw new AppError("PERIOD_CLOSED", `${span.code} has ended`);
  const current = periodContaining(options.today, scheme);
  // The next period starts the day after the current one (or at springStart, before the first).
  const next = current ? addDays(current.endsOn, 1) : periodSpan(yearOf(options.today), "SPRING", scheme).startsOn;
  if (!options.force && span.startsOn > next) {
    throw new AppError("INVALID_REQUEST", `${span.code} is neither the current nor the next period: allocate it when it comes, or force it`);
  }
  const period = await inTransaction(db, (tx) => ensurePeriod(tx, municipalityId, span, scheme.amountPerPeriodOre));
  if (period.state !== "OPEN") throw new AppError("PERIOD_CLOSED", `${span.code} is closed`);
  await ensureMunicipalityAccounts(db.prisma, municipalityId);

  // Anyone who could pass the age rule this year (exact-age needs a year's margin), then the rule itself.
  const candidates = await db.prisma.person.findMany({
    where: {
      municipalityId,
      residentFrom: { not: null },
      birthDate: { gte: fromIsoDate(`${span.year - scheme.maxAge - 1}-01-01`), lte: fromIsoDate(`${span.year - scheme.minAge}-12-31`) },
    },
    select: { id: true, birthDate: true, residentFrom: true, residentUntil: true },
    orderBy: { id: "asc" },
  });
  const eligible = candidates.filter((child) => assessEligibility(childFacts(child), span, scheme, options.today).eligible).map((child) => child.id);

  const fund = accountIds.fund(municipalityId);
  const batchSize = options.batchSize ?? 500;
  let allocated = 0;
  let allocatedOre = 0;
  for (let start = 0; start < eligible.length; start += batchSize) {
    if (options.signal?.aborted) return { period: span.code, eligible: eligible.length, allocated, allocatedOre, interrupted: true };
    const childIds = eligible.slice(start, start + batchSize);
    const created = await inTransaction(db, async (tx) => {
      await ensureCardAccounts(tx, municipalityId, period.id, childIds);
      return transfers(tx, {
        municipalityId,
        kind: "ALLOCATION",
        now: options.now,
        audit: { actorId: options.actorId ?? null, data: { period: span.code } },
        transfers: childIds.map((childId) => ({
          id: `alloc:${period.id}:${childId}`,
          debitAccountId: fund,
          creditAccountId: accountIds.card(period.id, childId),
          amountOre: period.amountOre,
          periodId: period.id,
        })),
      });
    });
    allocated += created.length;
    allocatedOre += created.reduce((sum, t) => sum + t.amountOre, 0);
    await options.onBatch?.({ done: Math.min(start + batchSize, eligible.length), eligible: eligible.length, allocated });
  }
  return { period: span.code, eligible: eligible.length, allocated, allocatedOre };
}
