import { beforeAll, describe, expect, it } from "vitest";
import { accountIds, balanceOf, ensureCardAccounts, ensureMunicipalityAccounts, ensureProviderAccount } from "../../../services/ledger/accounts.ts";
import { hold, resolveHold, transfer, transfers } from "../../../services/ledger/transfers.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createMunicipality, createPerson, createProvider } from "../../support/fixtures.ts";

const ctx = useTestDatabase({ poolSize: 10 });
let m: string;
let providerAccount: string;
let periodId: string;
const now = new Date("2026-09-15T10:00:00Z");
const later = new Date("2026-10-15T10:00:00Z");
const audit = { actorId: null };

beforeAll(async () => {
  const prisma = ctx.db.prisma;
  m = (await createMunicipality(prisma)).id;
  await ensureMunicipalityAccounts(prisma, m);
  providerAccount = await ensureProviderAccount(prisma, m, (await createProvider(prisma, m)).id);
  periodId = (await prisma.period.create({ data: { municipalityId: m, code: "2026-autumn", year: 2026, half: "AUTUMN", startsOn: new Date("2026-08-01"), endsOn: new Date("2026-12-31"), amountOre: 100_000 } })).id;
});

async function fundedCard(amountOre = 100_000) {
  const child = await createPerson(ctx.db.prisma, m, { birthDate: "2014-01-01" });
  await ensureCardAccounts(ctx.db.prisma, m, periodId, [child.id]);
  const card = accountIds.card(periodId, child.id);
  await transfer(ctx.db, { id: `alloc:${card}`, municipalityId: m, kind: "ALLOCATION", debitAccountId: accountIds.fund(m), creditAccountId: card, amountOre, periodId, now, audit });
  return card;
}

describe("transfers", () => {
  it("moves money and writes the audit row in the same statement", async () => {
    const card = await fundedCard();
    expect(await balanceOf(ctx.db.prisma, card)).toEqual({ postedOre: 100_000, pendingDebitsOre: 0, pendingCreditsOre: 0, availableOre: 100_000 });
    expect(await ctx.db.prisma.auditLog.count({ where: { entityId: `alloc:${card}`, action: "ledger.allocation" } })).toBe(1);
  });

  it("a retry with the same id answers 'exists' and moves nothing; the same id with other content is refused", async () => {
    const card = await fundedCard();
    const again = await transfer(ctx.db, { id: `alloc:${card}`, municipalityId: m, kind: "ALLOCATION", debitAccountId: accountIds.fund(m), creditAccountId: card, amountOre: 100_000, periodId, now, audit });
    expect(again.status).toBe("exists");
    expect((await balanceOf(ctx.db.prisma, card)).postedOre).toBe(100_000);
    await expect(transfer(ctx.db, { id: `alloc:${card}`, municipalityId: m, kind: "ALLOCATION", debitAccountId: accountIds.fund(m), creditAccountId: card, amountOre: 99_999, periodId, now, audit }))
      .rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses to overdraw a card, and leaves no trace", async () => {
    const card = await fundedCard(50_000);
    await expect(transfer(ctx.db, { id: `x:${card}`, municipalityId: m, kind: "EXPIRY", debitAccountId: card, creditAccountId: accountIds.fund(m), amountOre: 50_001, now, audit }))
      .rejects.toMatchObject({ code: "INSUFFICIENT_FUNDS" });
    expect(await ctx.db.prisma.ledgerTransfer.count({ where: { id: `x:${card}` } })).toBe(0);
    expect(await ctx.db.prisma.auditLog.count({ where: { entityId: `x:${card}` } })).toBe(0);
    expect((await balanceOf(ctx.db.prisma, card)).postedOre).toBe(50_000);
  });

  it("refuses bad amounts and unknown accounts", async () => {
    for (const amountOre of [0, -5, 1.5]) {
      await expect(transfer(ctx.db, { id: "bad", municipalityId: m, kind: "TOPUP", debitAccountId: accountIds.topUpFund(m), creditAccountId: accountIds.fund(m), amountOre, now, audit })).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    }
    await expect(transfer(ctx.db, { id: "nowhere", municipalityId: m, kind: "TOPUP", debitAccountId: accountIds.topUpFund(m), creditAccountId: "card:none", amountOre: 5, now, audit })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("holds", () => {
  it("reserves min(fee, available) and posts exactly once", async () => {
    const card = await fundedCard(100_000);
    const held = await hold(ctx.db, { id: `hold:${card}`, municipalityId: m, cardAccountId: card, providerAccountId: providerAccount, maxOre: 150_000, timeoutAt: later, enrollmentId: "e1", periodId, now, audit });
    expect(held).toMatchObject({ status: "created", transfer: { amountOre: 100_000, pending: true } });
    expect(await balanceOf(ctx.db.prisma, card)).toMatchObject({ postedOre: 100_000, pendingDebitsOre: 100_000, availableOre: 0 });
    // Nothing more can be held or spent.
    expect(await hold(ctx.db, { id: `hold2:${card}`, municipalityId: m, cardAccountId: card, providerAccountId: providerAccount, maxOre: 100, timeoutAt: later, enrollmentId: "e2", periodId, now, audit })).toBeNull();

    const posted = await resolveHold(ctx.db, { id: `post:${card}`, holdId: `hold:${card}`, kind: "POST", now, audit });
    expect(posted).toMatchObject({ status: "created", transfer: { kind: "POST", amountOre: 100_000 } });
    expect(await balanceOf(ctx.db.prisma, card)).toMatchObject({ postedOre: 0, pendingDebitsOre: 0, availableOre: 0 });
    expect((await resolveHold(ctx.db, { id: `post:${card}`, holdId: `hold:${card}`, kind: "POST", now, audit })).status).toBe("exists");
    await expect(resolveHold(ctx.db, { id: `void:${card}`, holdId: `hold:${card}`, kind: "VOID", now, audit })).rejects.toMatchObject({ code: "HOLD_ALREADY_RESOLVED", details: { resolution: "POST" } });
  });

  it("a void releases the money; a hold cannot be posted after its timeout, only expired", async () => {
    const card = await fundedCard(100_000);
    const base = { municipalityId: m, cardAccountId: card, providerAccountId: providerAccount, periodId, now, audit };
    await hold(ctx.db, { ...base, id: `h1:${card}`, maxOre: 30_000, timeoutAt: later, enrollmentId: "e1" });
    await resolveHold(ctx.db, { id: `v1:${card}`, holdId: `h1:${card}`, kind: "VOID", now, audit });
    expect((await balanceOf(ctx.db.prisma, card)).availableOre).toBe(100_000);

    await hold(ctx.db, { ...base, id: `h2:${card}`, maxOre: 30_000, timeoutAt: later, enrollmentId: "e2" });
    await expect(resolveHold(ctx.db, { id: `e2:${card}`, holdId: `h2:${card}`, kind: "EXPIRE", now, audit })).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    const afterTimeout = new Date(later.getTime() + 1000);
    await expect(resolveHold(ctx.db, { id: `p2:${card}`, holdId: `h2:${card}`, kind: "POST", now: afterTimeout, audit })).rejects.toMatchObject({ code: "HOLD_EXPIRED" });
    await resolveHold(ctx.db, { id: `e2:${card}`, holdId: `h2:${card}`, kind: "EXPIRE", now: afterTimeout, audit });
    expect(await balanceOf(ctx.db.prisma, card)).toMatchObject({ availableOre: 100_000, pendingDebitsOre: 0 });
    expect(await balanceOf(ctx.db.prisma, providerAccount)).toMatchObject({ pendingCreditsOre: expect.any(Number) });
  });

  it("posting less than was held releases the rest", async () => {
    const card = await fundedCard(100_000);
    await hold(ctx.db, { id: `h:${card}`, municipalityId: m, cardAccountId: card, providerAccountId: providerAccount, maxOre: 80_000, timeoutAt: later, enrollmentId: "e", periodId, now, audit });
    await resolveHold(ctx.db, { id: `p:${card}`, holdId: `h:${card}`, kind: "POST", amountOre: 60_000, now, audit });
    expect(await balanceOf(ctx.db.prisma, card)).toMatchObject({ postedOre: 40_000, availableOre: 40_000, pendingDebitsOre: 0 });
  });

  it("concurrent holds on one card never reserve more than it holds", async () => {
    const card = await fundedCard(100_000);
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        hold(ctx.db, { id: `c${i}:${card}`, municipalityId: m, cardAccountId: card, providerAccountId: providerAccount, maxOre: 30_000, timeoutAt: later, enrollmentId: `e${i}`, periodId, now, audit }),
      ),
    );
    const reserved = outcomes.reduce((sum, o) => sum + (o?.transfer.amountOre ?? 0), 0);
    expect(reserved).toBe(100_000); // 30+30+30+10
    expect(outcomes.filter((o) => o !== null)).toHaveLength(4);
    expect(await balanceOf(ctx.db.prisma, card)).toMatchObject({ availableOre: 0, pendingDebitsOre: 100_000 });
  });

  it("concurrent resolutions of one hold: exactly one wins", async () => {
    const card = await fundedCard(100_000);
    await hold(ctx.db, { id: `r:${card}`, municipalityId: m, cardAccountId: card, providerAccountId: providerAccount, maxOre: 50_000, timeoutAt: later, enrollmentId: "e", periodId, now, audit });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => resolveHold(ctx.db, { id: `res${i}:${card}`, holdId: `r:${card}`, kind: i % 2 ? "VOID" : "POST", now, audit })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const balance = await balanceOf(ctx.db.prisma, card);
    expect(balance.pendingDebitsOre).toBe(0);
    expect([50_000, 100_000]).toContain(balance.availableOre);
  });
});

describe("a batch of transfers (allocation, expiry and settlement use it)", () => {
  it("moves many in one call, sums each account once, and a retry moves nothing", async () => {
    const children = await Promise.all([1, 2, 3].map(() => createPerson(ctx.db.prisma, m, { birthDate: "2014-01-01" })));
    await ensureCardAccounts(ctx.db.prisma, m, periodId, children.map((c) => c.id));
    const cards = children.map((c) => accountIds.card(periodId, c.id));
    const fundBefore = await balanceOf(ctx.db.prisma, accountIds.fund(m));
    const batch = {
      municipalityId: m,
      kind: "ALLOCATION" as const,
      now,
      audit: { actorId: null, data: { period: "2026-autumn" } },
      transfers: cards.map((card, i) => ({ id: `batch:${card}`, debitAccountId: accountIds.fund(m), creditAccountId: card, amountOre: 10_000 * (i + 1), periodId })),
    };
    const created = await transfers(ctx.db, batch);
    expect(created.map((t) => t.amountOre)).toEqual([10_000, 20_000, 30_000]);
    expect(created.every((t) => t.createdAt.getTime() === now.getTime())).toBe(true);
    expect((await balanceOf(ctx.db.prisma, accountIds.fund(m))).postedOre).toBe(fundBefore.postedOre - 60_000);
    for (const [i, card] of cards.entries()) expect((await balanceOf(ctx.db.prisma, card)).postedOre).toBe(10_000 * (i + 1));
    const audits = await ctx.db.prisma.auditLog.findMany({ where: { entityId: { in: batch.transfers.map((t) => t.id) } } });
    expect(audits).toHaveLength(3);
    expect(audits.every((a) => a.at.getTime() === now.getTime() && (a.data as { period?: string }).period === "2026-autumn")).toBe(true);

    expect(await transfers(ctx.db, batch)).toEqual([]);
    expect((await balanceOf(ctx.db.prisma, accountIds.fund(m))).postedOre).toBe(fundBefore.postedOre - 60_000);
  });

  it("refuses a batch that reuses an id for another transfer, or debits and credits one account", async () => {
    const card = await fundedCard(100_000);
    await expect(transfers(ctx.db, { municipalityId: m, kind: "ALLOCATION", now, audit, transfers: [{ id: `alloc:${card}`, debitAccountId: accountIds.fund(m), creditAccountId: card, amountOre: 5, periodId }] }))
      .rejects.toMatchObject({ code: "CONFLICT" });
    const other = await fundedCard(100_000);
    await expect(
      transfers(ctx.db, { municipalityId: m, kind: "REFUND", now, audit, transfers: [{ id: "a", debitAccountId: card, creditAccountId: other, amountOre: 5 }, { id: "b", debitAccountId: other, creditAccountId: card, amountOre: 5 }] }),
    ).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    expect((await balanceOf(ctx.db.prisma, card)).postedOre).toBe(100_000);
  });
});
