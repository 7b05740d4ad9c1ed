import { utcTimestamp } from "../db/database.ts";
import { prismaOf, queryRows, type Queryable } from "../db/query.ts";
import { AppError } from "../errors.ts";
import { currentMetrics } from "../observability/context.ts";

/**
 * The ledger's only way to move money. Each function is ONE SQL statement: the immutable transfer
 * row, both accounts' running totals and the audit row are written together or not at all, in one
 * round trip (round trips, not SQL, bound throughput here — platform notes). Overdraft is refused by
 * the database's CHECK constraint on the card row, which the UPDATE takes a lock on, so concurrent
 * spends of one card serialise on that row and the last one to come finds the true balance.
 */

/**
 * Where a money movement runs: a Database (the statement runs alone, straight on the driver — the
 * fast path) or the caller's interactive transaction (it commits with the caller's other changes).
 * The ledger's primitives (this file, accounts.ts) are the one place that takes either
 * (docs/architecture.md).
 */
export type LedgerDb = Queryable;
export { prismaOf };

export type PostedKind = "ALLOCATION" | "TOPUP" | "FAMILY_PAYMENT" | "REFUND" | "EXPIRY" | "SETTLEMENT";
export type ResolutionKind = "POST" | "VOID" | "EXPIRE";

export interface TransferRow {
  id: string;
  municipalityId: string;
  kind: PostedKind | "HOLD" | ResolutionKind;
  debitAccountId: string;
  creditAccountId: string;
  amountOre: number;
  pending: boolean;
  pendingId: string | null;
  timeoutAt: Date | null;
  enrollmentId: string | null;
  periodId: string | null;
  createdAt: Date;
}

/** `created`: this call moved the money. `exists`: an earlier call with the same id did; nothing moved now. */
export interface TransferOutcome {
  status: "created" | "exists";
  transfer: TransferRow;
}

export interface AuditContext {
  actorId: string | null;
  /** Extra audit data (ids and codes; a top-up's reason). */
  data?: Record<string, string | number | boolean | null>;
}

/** One posted transfer of a batch. */
export interface PostedTransfer {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amountOre: number;
  enrollmentId?: string | null;
  periodId?: string | null;
}

export interface TransferRequest extends PostedTransfer {
  municipalityId: string;
  kind: PostedKind;
  /** The service's clock: the transfer's date (statements, settlement ranges) and its audit row's. */
  now: Date;
  audit: AuditContext;
}

/** Many posted transfers of one kind, at one time, with one audit context (allocation, expiry). */
export interface TransferBatch {
  municipalityId: string;
  kind: PostedKind;
  now: Date;
  audit: AuditContext;
  transfers: PostedTransfer[];
}

/**
 * Every posted transfer goes through this statement. The accounts' running totals are updated once
 * per account with the sum of the batch's new transfers (the fund is on one side of every
 * allocation), so a batch of any size is one round trip; a retried id inserts nothing and so moves
 * nothing.
 */
const TRANSFERS_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[])
      AS t(id, debit, credit, amount, enrollment, period)
  ), ins AS (
    INSERT INTO "LedgerTransfer" (id, "municipalityId", kind, "debitAccountId", "creditAccountId", "amountOre", "enrollmentId", "periodId", "createdAt")
    SELECT id, $7, $8::"TransferKind", debit, credit, amount, enrollment, period, $9::timestamp FROM input
    ON CONFLICT (id) DO NOTHING
    RETURNING *
  ), debit AS (
    UPDATE "LedgerAccount" a SET "debitsPosted" = a."debitsPosted" + s.total
    FROM (SELECT "debitAccountId" AS id, sum("amountOre") AS total FROM ins GROUP BY 1) s WHERE a.id = s.id RETURNING a.id
  ), credit AS (
    UPDATE "LedgerAccount" a SET "creditsPosted" = a."creditsPosted" + s.total
    FROM (SELECT "creditAccountId" AS id, sum("amountOre") AS total FROM ins GROUP BY 1) s WHERE a.id = s.id RETURNING a.id
  ), audit AS (
    INSERT INTO "AuditLog" ("municipalityId", "actorId", action, "entityType", "entityId", data, at)
    SELECT ins."municipalityId", $10, $11, 'LedgerTransfer', ins.id,
           jsonb_build_object('amountOre', ins."amountOre", 'debit', ins."debitAccountId", 'credit', ins."creditAccountId", 'enrollmentId', ins."enrollmentId") || $12::jsonb,
           $9::timestamp
    FROM ins
  )
  SELECT * FROM ins`;

/**
 * Posted transfers, as TigerBeetle's create_transfers: each debits one account and credits another,
 * now. Returns the transfers this call created; ids that existed already are checked to name the
 * same transfer (else CONFLICT) and moved nothing.
 */
export async function transfers(db: LedgerDb, batch: TransferBatch): Promise<TransferRow[]> {
  const items = batch.transfers;
  if (items.length === 0) return [];
  for (const item of items) assertAmount(item.amountOre);
  // One UPDATE per side: an account on both sides of a batch would be updated twice in one statement.
  const debits = new Set(items.map((item) => item.debitAccountId));
  if (items.some((item) => debits.has(item.creditAccountId))) {
    throw new AppError("INVALID_REQUEST", "a batch cannot debit and credit the same account");
  }
  const rows = await mapLedgerErrors(() =>
    queryRows<TransferRow>(db, TRANSFERS_SQL, [
      items.map((item) => item.id),
      items.map((item) => item.debitAccountId),
      items.map((item) => item.creditAccountId),
      items.map((item) => item.amountOre),
      items.map((item) => item.enrollmentId ?? null),
      items.map((item) => item.periodId ?? null),
      batch.municipalityId,
      batch.kind,
      utcTimestamp(batch.now),
      batch.audit.actorId,
      `ledger.${batch.kind.toLowerCase()}`,
      JSON.stringify(batch.audit.data ?? {}),
    ]),
  );
  const created = rows.map(normalise);
  currentMetrics()?.ledgerBatch(batch.kind, created.length, items.length - created.length);
  if (created.length < items.length) {
    const createdIds = new Set(created.map((row) => row.id));
    for (const item of items) if (!createdIds.has(item.id)) await sameAsExisting(db, { ...item, kind: batch.kind });
  }
  return created;
}

/** A posted transfer: debit one account, credit another, now. */
export async function transfer(db: LedgerDb, request: TransferRequest): Promise<TransferOutcome> {
  const { municipalityId, kind, now, audit, ...item } = request;
  const [created] = await transfers(db, { municipalityId, kind, now, audit, transfers: [item] });
  if (created) return { status: "created", transfer: created };
  return { status: "exists", transfer: (await findTransfer(db, request.id))! };
}

export interface HoldRequest {
  id: string;
  municipalityId: string;
  cardAccountId: string;
  providerAccountId: string;
  /** Reserve up to this much: the fee. The hold takes min(maxOre, available). */
  maxOre: number;
  timeoutAt: Date;
  enrollmentId: string;
  periodId: string;
  /** The service's clock: the hold's date and its audit row's. */
  now: Date;
  audit: AuditContext;
}

/**
 * A pending transfer reserving min(fee, available balance) of a card for a club. Returns null when
 * the card has nothing available (or no card account exists): then the family pays the whole fee.
 */
const HOLD_SQL = `
  WITH card AS (
    SELECT id, "creditsPosted" - "debitsPosted" - "debitsPending" AS available
    FROM "LedgerAccount" WHERE id = $3 AND kind = 'CARD' FOR UPDATE
  ), ins AS (
    INSERT INTO "LedgerTransfer" (id, "municipalityId", kind, "debitAccountId", "creditAccountId", "amountOre", pending, "timeoutAt", "enrollmentId", "periodId", "createdAt")
    SELECT $1, $2, 'HOLD', card.id, $4, LEAST($5::bigint, card.available)::int, true, $6::timestamp, $7, $8, $10::timestamp
    FROM card WHERE card.available > 0
    ON CONFLICT (id) DO NOTHING
    RETURNING *
  ), debit AS (
    UPDATE "LedgerAccount" a SET "debitsPending" = a."debitsPending" + ins."amountOre" FROM ins WHERE a.id = ins."debitAccountId" RETURNING a.id
  ), credit AS (
    UPDATE "LedgerAccount" a SET "creditsPending" = a."creditsPending" + ins."amountOre" FROM ins WHERE a.id = ins."creditAccountId" RETURNING a.id
  ), audit AS (
    INSERT INTO "AuditLog" ("municipalityId", "actorId", action, "entityType", "entityId", data, at)
    SELECT ins."municipalityId", $9, 'ledger.hold', 'LedgerTransfer', ins.id,
           jsonb_build_object('amountOre', ins."amountOre", 'debit', ins."debitAccountId", 'credit', ins."creditAccountId", 'enrollmentId', ins."enrollmentId"),
           $10::timestamp
    FROM ins
  )
  SELECT * FROM ins`;

/**
 * A pending transfer reserving min(fee, available balance) of a card for a club. Returns null when
 * the card has nothing available (or no card account exists): then the family pays the whole fee.
 */
export async function hold(db: LedgerDb, request: HoldRequest): Promise<TransferOutcome | null> {
  assertAmount(request.maxOre);
  const rows = await mapLedgerErrors(() =>
    queryRows<TransferRow>(db, HOLD_SQL, [
      request.id,
      request.municipalityId,
      request.cardAccountId,
      request.providerAccountId,
      request.maxOre,
      utcTimestamp(request.timeoutAt),
      request.enrollmentId,
      request.periodId,
      request.audit.actorId,
      utcTimestamp(request.now),
    ]),
  );
  currentMetrics()?.ledger("HOLD", rows[0] ? "created" : "not-created");
  if (rows[0]) return { status: "created", transfer: normalise(rows[0]) };
  const existing = await findTransfer(db, request.id);
  if (!existing) return null;
  if (existing.kind !== "HOLD" || existing.debitAccountId !== request.cardAccountId || existing.creditAccountId !== request.providerAccountId || existing.enrollmentId !== request.enrollmentId) {
    throw new AppError("CONFLICT", `transfer id ${request.id} was already used for a different transfer`, { transferId: request.id });
  }
  return { status: "exists", transfer: existing };
}

export interface ResolveRequest {
  id: string;
  holdId: string;
  kind: ResolutionKind;
  /** POST only: post less than was held (the rest is released). Defaults to the held amount. */
  amountOre?: number;
  /** The service's clock: a hold can be posted only before its timeout, and expired only after; the resolution's date. */
  now: Date;
  audit: AuditContext;
}

/**
 * Resolves a hold exactly once: POST moves the reserved money, VOID and EXPIRE release it. A second
 * resolution of the same hold (under another id) is refused; the same id again answers "exists".
 */
const RESOLVE_SQL = `
  WITH h AS (
    SELECT * FROM "LedgerTransfer" WHERE id = $2 AND kind = 'HOLD'
  ), ins AS (
    INSERT INTO "LedgerTransfer" (id, "municipalityId", kind, "debitAccountId", "creditAccountId", "amountOre", "pendingId", "enrollmentId", "periodId", "createdAt")
    SELECT $1, h."municipalityId", $3::"TransferKind", h."debitAccountId", h."creditAccountId",
           CASE WHEN $3 = 'POST' THEN LEAST(COALESCE($4::int, h."amountOre"), h."amountOre") ELSE h."amountOre" END,
           h.id, h."enrollmentId", h."periodId", $5::timestamp
    FROM h
    WHERE ($3 <> 'POST' OR h."timeoutAt" > $5::timestamp)
      AND ($3 <> 'EXPIRE' OR h."timeoutAt" <= $5::timestamp)
    ON CONFLICT DO NOTHING
    RETURNING *
  ), debit AS (
    UPDATE "LedgerAccount" a
    SET "debitsPending" = a."debitsPending" - h."amountOre",
        "debitsPosted" = a."debitsPosted" + CASE WHEN ins.kind = 'POST' THEN ins."amountOre" ELSE 0 END
    FROM ins, h WHERE a.id = ins."debitAccountId" RETURNING a.id
  ), credit AS (
    UPDATE "LedgerAccount" a
    SET "creditsPending" = a."creditsPending" - h."amountOre",
        "creditsPosted" = a."creditsPosted" + CASE WHEN ins.kind = 'POST' THEN ins."amountOre" ELSE 0 END
    FROM ins, h WHERE a.id = ins."creditAccountId" RETURNING a.id
  ), audit AS (
    INSERT INTO "AuditLog" ("municipalityId", "actorId", action, "entityType", "entityId", data, at)
    SELECT ins."municipalityId", $6, $7, 'LedgerTransfer', ins.id,
           jsonb_build_object('amountOre', ins."amountOre", 'holdId', ins."pendingId", 'enrollmentId', ins."enrollmentId"),
           $5::timestamp
    FROM ins
  )
  SELECT * FROM ins`;

/**
 * Resolves a hold exactly once: POST moves the reserved money, VOID and EXPIRE release it. A second
 * resolution of the same hold (under another id) is refused; the same id again answers "exists".
 */
export async function resolveHold(db: LedgerDb, request: ResolveRequest): Promise<TransferOutcome> {
  if (request.amountOre !== undefined) assertAmount(request.amountOre);
  const rows = await mapLedgerErrors(() =>
    queryRows<TransferRow>(db, RESOLVE_SQL, [
      request.id,
      request.holdId,
      request.kind,
      request.amountOre ?? null,
      utcTimestamp(request.now),
      request.audit.actorId,
      `ledger.${request.kind.toLowerCase()}`,
    ]),
  );
  currentMetrics()?.ledger(request.kind, rows[0] ? "created" : "not-created");
  if (rows[0]) return { status: "created", transfer: normalise(rows[0]) };

  const existing = await findTransfer(db, request.id);
  if (existing) {
    if (existing.pendingId !== request.holdId || existing.kind !== request.kind) {
      throw new AppError("CONFLICT", `transfer id ${request.id} was already used for a different transfer`, { transferId: request.id });
    }
    return { status: "exists", transfer: existing };
  }
  const heldBy = await findTransfer(db, request.holdId);
  if (!heldBy || heldBy.kind !== "HOLD") throw new AppError("NOT_FOUND", `no hold ${request.holdId}`, { holdId: request.holdId });
  const resolution = await prismaOf(db).ledgerTransfer.findUnique({ where: { pendingId: request.holdId }, select: { id: true, kind: true } });
  if (resolution) {
    throw new AppError("HOLD_ALREADY_RESOLVED", `hold ${request.holdId} was already resolved (${resolution.kind})`, { holdId: request.holdId, resolution: resolution.kind });
  }
  if (request.kind === "POST") throw new AppError("HOLD_EXPIRED", `hold ${request.holdId} has timed out`, { holdId: request.holdId });
  throw new AppError("INVALID_REQUEST", `hold ${request.holdId} has not timed out yet`, { holdId: request.holdId });
}

export async function findTransfer(db: LedgerDb, id: string): Promise<TransferRow | null> {
  const row = await prismaOf(db).ledgerTransfer.findUnique({ where: { id } });
  return row ? normalise(row as TransferRow) : null;
}

/** The idempotent path: the same id must name the same transfer, or the request is refused. */
async function sameAsExisting(db: LedgerDb, wanted: PostedTransfer & { kind: PostedKind }): Promise<TransferRow> {
  const existing = await findTransfer(db, wanted.id);
  // ON CONFLICT (id) DO NOTHING inserted nothing, so the id exists (rows are never deleted).
  if (!existing) throw new Error(`ledger: transfer ${wanted.id} neither inserted nor found`);
  const same =
    existing.kind === wanted.kind &&
    !existing.pending &&
    existing.pendingId === null &&
    existing.debitAccountId === wanted.debitAccountId &&
    existing.creditAccountId === wanted.creditAccountId &&
    existing.amountOre === wanted.amountOre &&
    existing.enrollmentId === (wanted.enrollmentId ?? null) &&
    existing.periodId === (wanted.periodId ?? null);
  if (!same) throw new AppError("CONFLICT", `transfer id ${wanted.id} was already used for a different transfer`, { transferId: wanted.id });
  return existing;
}

function assertAmount(amountOre: number): void {
  if (!Number.isSafeInteger(amountOre) || amountOre <= 0 || amountOre > 2_147_483_647) {
    throw new AppError("INVALID_REQUEST", `an amount is a positive whole number of øre, not ${amountOre}`);
  }
}

/** Prisma and the drivers differ in how they hand back numbers and timestamps. */
function normalise(row: TransferRow): TransferRow {
  const date = (value: Date | string | null) => (value === null ? null : value instanceof Date ? value : new Date(value));
  const { id, municipalityId, kind, debitAccountId, creditAccountId, pending, pendingId, enrollmentId, periodId } = row;
  // Named fields only: the row's `seq` is a bigint, which JSON (the admin API's answers) cannot carry.
  return { id, municipalityId, kind, debitAccountId, creditAccountId, amountOre: Number(row.amountOre), pending, pendingId, timeoutAt: date(row.timeoutAt), enrollmentId, periodId, createdAt: date(row.createdAt)! };
}

/** The database's refusals, as the ledger's typed errors. */
async function mapLedgerErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const text = `${(error as Error)?.message ?? ""} ${JSON.stringify((error as { meta?: unknown })?.meta ?? "")}`;
    if (/LedgerAccount_no_overdraft/.test(text)) throw new AppError("INSUFFICIENT_FUNDS", "the card's balance does not cover this");
    if (/LedgerTransfer_debitAccountId_fkey|LedgerTransfer_creditAccountId_fkey/.test(text)) throw new AppError("NOT_FOUND", "a ledger account does not exist");
    throw error;
  }
}
