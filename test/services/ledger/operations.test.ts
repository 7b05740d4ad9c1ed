import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { allocatePeriod } from "../../../services/ledger/allocate.ts";
import { accountIds, balanceOf } from "../../../services/ledger/accounts.ts";
import { checkLedger } from "../../../services/ledger/invariants.ts";
import { expirePeriod } from "../../../services/ledger/expire-period.ts";
import { loadPayoutBatch, toCsv, toPain001 } from "../../../services/ledger/payout-export.ts";
import { settle } from "../../../services/ledger/settle.ts";
import { cardStatement, providerStatement } from "../../../services/ledger/statement.ts";
import { topUp } from "../../../services/ledger/top-up.ts";
import { cancelEnrollment } from "../../../services/enrollment/cancel.ts";
import { expireLapsedHolds } from "../../../services/enrollment/expire-holds.ts";
import { confirmEnrollment, declineEnrollment } from "../../../services/enrollment/respond.ts";
import { signUpChild } from "../../../services/enrollment/sign-up.ts";
import { completeFamilyPayment, processFamilyRefunds, startFamilyPayment } from "../../../services/payments/family-payments.ts";
import { PaymentSimulator } from "../../../services/payments/payment-simulator.ts";
import { parsePeriodCode } from "../../../services/periods.ts";
import { useTestDatabase } from "../../support/database.ts";
import { assignCase, createActivity, createCaseworker, createFamily, createMunicipality, createPerson, createProviderWithContact, scheme } from "../../support/fixtures.ts";

const ctx = useTestDatabase({ poolSize: 8 });
const autumn = parsePeriodCode("2026-autumn", scheme);
const today = "2026-09-15";
const now = new Date("2026-09-15T12:00:00Z");
const payments = new PaymentSimulator("http://localhost:3978");
let m: string;
let club: Awaited<ReturnType<typeof createProviderWithContact>>;

beforeAll(async () => {
  m = (await createMunicipality(ctx.db.prisma)).id;
  club = await createProviderWithContact(ctx.db.prisma, m, "Elvebyen IL");
});

async function familyWithCard(birthDates = ["2014-04-04"]) {
  const family = await createFamily(ctx.db.prisma, m, birthDates);
  await allocatePeriod(ctx.db, { municipalityId: m, period: autumn, scheme, today, now });
  return family;
}

async function periodId() {
  return (await ctx.db.prisma.period.findFirstOrThrow({ where: { municipalityId: m, code: "2026-autumn" } })).id;
}

async function expectBooksBalance() {
  const check = await checkLedger(ctx.db);
  expect(check).toMatchObject({ ok: true, mismatches: [], overdrawnCards: [], postedSum: 0n, pendingSum: 0n });
}

describe("allocation", () => {
  it("credits every eligible child once, and picks up a child who moved in later", async () => {
    const { children: [eligible, tooYoung] } = await createFamily(ctx.db.prisma, m, ["2012-01-01", "2022-01-01"]);
    const first = await allocatePeriod(ctx.db, { municipalityId: m, period: autumn, scheme, today, now });
    expect(first.allocated).toBeGreaterThanOrEqual(1);
    const pid = await periodId();
    expect((await balanceOf(ctx.db.prisma, accountIds.card(pid, eligible!.id))).availableOre).toBe(100_000);
    expect((await balanceOf(ctx.db.prisma, accountIds.card(pid, tooYoung!.id))).availableOre).toBe(0);

    const again = await allocatePeriod(ctx.db, { municipalityId: m, period: autumn, scheme, today, now });
    expect(again.allocated).toBe(0);
    expect((await balanceOf(ctx.db.prisma, accountIds.card(pid, eligible!.id))).availableOre).toBe(100_000);

    const newcomer = await createPerson(ctx.db.prisma, m, { birthDate: "2015-05-05", residentFrom: "2026-10-15" });
    expect((await allocatePeriod(ctx.db, { municipalityId: m, period: autumn, scheme, today, now })).allocated).toBe(0); // not resident yet
    const later = await allocatePeriod(ctx.db, { municipalityId: m, period: autumn, scheme, today: "2026-10-20", now });
    expect(later.allocated).toBe(1);
    expect((await balanceOf(ctx.db.prisma, accountIds.card(pid, newcomer.id))).availableOre).toBe(100_000);
    await expectBooksBalance();
  });

  it("allocates only the current or the next period unless forced", async () => {
    // A municipality of its own: the periods it opens stay out of the other tests' books.
    const m = (await createMunicipality(ctx.db.prisma)).id;
    await createFamily(ctx.db.prisma, m, ["2012-01-01"]);
    const far = parsePeriodCode("2027-autumn", scheme);
    await expect(allocatePeriod(ctx.db, { municipalityId: m, period: far, scheme, today, now })).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    expect(await ctx.db.prisma.period.count({ where: { municipalityId: m, code: "2027-autumn" } })).toBe(0);
    const next = await allocatePeriod(ctx.db, { municipalityId: m, period: parsePeriodCode("2027-spring", scheme), scheme, today, now });
    expect(next.period).toBe("2027-spring");
    expect((await allocatePeriod(ctx.db, { municipalityId: m, period: far, scheme, today, now, force: true })).period).toBe("2027-autumn");
    await expect(allocatePeriod(ctx.db, { municipalityId: m, period: parsePeriodCode("2026-spring", scheme), scheme, today, now })).rejects.toMatchObject({ code: "PERIOD_CLOSED" });
  });
});

describe("a sign-up's money, from hold to payout", () => {
  it("holds min(fee, balance), the family pays the rest, the club is paid the whole fee once", async () => {
    const { guardian, children: [child] } = await familyWithCard();
    const activity = await createActivity(ctx.db.prisma, club.provider.id, { feeOre: 150_000 });
    const signUp = await signUpChild(ctx.db, { municipalityId: m, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
    expect(signUp).toMatchObject({ cardPaysOre: 100_000, familyPaysOre: 50_000 });
    const pid = await periodId();
    expect(await balanceOf(ctx.db.prisma, accountIds.card(pid, child!.id))).toMatchObject({ availableOre: 0, pendingDebitsOre: 100_000 });

    await confirmEnrollment(ctx.db, { enrollmentId: signUp.enrollmentId, actorId: club.contact.id, now });
    expect(await balanceOf(ctx.db.prisma, accountIds.card(pid, child!.id))).toMatchObject({ postedOre: 0, pendingDebitsOre: 0 });

    // Not paid out while the family's part is owed.
    const early = await settle(ctx.db, { municipalityId: m, batchId: "b-early", from: new Date("2026-01-01"), to: new Date("2100-01-01"), now });
    expect(early.payments.find((p) => p.providerId === club.provider.id)).toBeUndefined();

    const { redirectUrl } = await startFamilyPayment(ctx.db, payments, { enrollmentId: signUp.enrollmentId, returnUrl: "http://localhost/back", now });
    expect(redirectUrl).toContain("/dev/pay/");
    const reference = (await ctx.db.prisma.familyPayment.findUniqueOrThrow({ where: { enrollmentId: signUp.enrollmentId } })).reference;
    expect((await completeFamilyPayment(ctx.db, payments, { reference, now })).status).not.toBe("PAID"); // not approved yet
    payments.approve(reference);
    expect((await completeFamilyPayment(ctx.db, payments, { reference, now })).status).toBe("PAID");
    expect((await completeFamilyPayment(ctx.db, payments, { reference, now })).status).toBe("PAID"); // idempotent

    const batch = await settle(ctx.db, { municipalityId: m, batchId: "b-1", from: new Date("2026-01-01"), to: new Date("2100-01-01"), now });
    expect(batch.payments.find((p) => p.providerId === club.provider.id)).toMatchObject({ amountOre: 150_000, items: 2 });
    expect((await settle(ctx.db, { municipalityId: m, batchId: "b-1", from: new Date("2026-01-01"), to: new Date("2100-01-01"), now })).status).toBe("exists");
    const next = await settle(ctx.db, { municipalityId: m, batchId: "b-2", from: new Date("2026-01-01"), to: new Date("2100-01-01"), now });
    expect(next.payments.find((p) => p.providerId === club.provider.id)).toBeUndefined();
    // Nothing left to pay: no empty batch is made, and the id stays free.
    expect(await settle(ctx.db, { municipalityId: m, batchId: "b-nothing", from: new Date("2026-01-01"), to: new Date("2100-01-01"), now })).toEqual({ batchId: "b-nothing", status: "empty", payments: [], totalOre: 0 });
    expect(await ctx.db.prisma.payoutBatch.findUnique({ where: { id: "b-nothing" } })).toBeNull();
    // The same batch id for another range is a mistake, not the old batch.
    await expect(settle(ctx.db, { municipalityId: m, batchId: "b-1", from: new Date("2026-01-01"), to: new Date("2026-12-01"), now })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await providerStatement(ctx.db, { providerId: club.provider.id })).owedNok).toBe(0);
    await expectBooksBalance();
  });

  it("exports a batch as well-formed pain.001 whose control sum and count match, and as CSV summing the same", async () => {
    const batch = await loadPayoutBatch(ctx.db, "b-1");
    const xml = toPain001(batch, { name: "Testkommune", orgNumber: "999999999", account: "99980000016" }, "2026-11-30");
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml).Document.CstmrCdtTrfInitn;
    const transactions = [doc.PmtInf.CdtTrfTxInf].flat();
    expect(doc.GrpHdr.NbOfTxs).toBe(String(transactions.length));
    const sum = transactions.reduce((acc: number, tx: { Amt: { InstdAmt: { "#text": string } } }) => acc + Math.round(Number(tx.Amt.InstdAmt["#text"]) * 100), 0);
    expect(Math.round(Number(doc.GrpHdr.CtrlSum) * 100)).toBe(sum);
    expect(sum).toBe(batch.totalOre);
    expect(transactions[0].CdtrAcct.Id.Othr.Id).toBe("86011117947");

    const csv = toCsv(batch).trim().split("\r\n");
    expect(csv[0]).toBe("batch_id,provider_id,organisation_number,provider_name,bank_account,amount_nok,transfers");
    const csvSum = csv.slice(1).reduce((acc, line) => acc + Math.round(Number(line.split(",")[5]) * 100), 0);
    expect(csvSum).toBe(batch.totalOre);
  });

  it("a cancellation before the club confirms releases the hold and the unpaid remainder", async () => {
    const { guardian, children: [child] } = await familyWithCard();
    const activity = await createActivity(ctx.db.prisma, club.provider.id, { feeOre: 120_000 });
    const signUp = await signUpChild(ctx.db, { municipalityId: m, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
    const result = await cancelEnrollment(ctx.db, { enrollmentId: signUp.enrollmentId, actorId: guardian.id, today, now });
    expect(result).toEqual({ status: "CANCELLED", cardRefundOre: 0, familyRefundOre: 0 });
    expect((await balanceOf(ctx.db.prisma, accountIds.card(await periodId(), child!.id))).availableOre).toBe(100_000);
    expect(await ctx.db.prisma.familyPayment.findUnique({ where: { enrollmentId: signUp.enrollmentId } })).toMatchObject({ status: "CANCELLED" });
    expect((await cancelEnrollment(ctx.db, { enrollmentId: signUp.enrollmentId, actorId: guardian.id, today, now })).cardRefundOre).toBe(0);
    await expectBooksBalance();
  });

  it("a cancellation after payment refunds the card and the family; the club's next payout nets it", async () => {
    const { guardian, children: [child] } = await familyWithCard();
    const activity = await createActivity(ctx.db.prisma, club.provider.id, { feeOre: 130_000 });
    const signUp = await signUpChild(ctx.db, { municipalityId: m, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
    await confirmEnrollment(ctx.db, { enrollmentId: signUp.enrollmentId, actorId: club.contact.id, now });
    const { reference } = await ctx.db.prisma.familyPayment.findUniqueOrThrow({ where: { enrollmentId: signUp.enrollmentId } });
    await startFamilyPayment(ctx.db, payments, { enrollmentId: signUp.enrollmentId, returnUrl: "http://localhost/back", now });
    payments.approve(reference);
    await completeFamilyPayment(ctx.db, payments, { reference, now });
    await settle(ctx.db, { municipalityId: m, batchId: "b-3", from: new Date("2026-01-01"), to: new Date("2100-01-01"), now });

    const result = await cancelEnrollment(ctx.db, { enrollmentId: signUp.enrollmentId, actorId: guardian.id, today, now });
    expect(result).toEqual({ status: "CANCELLED", cardRefundOre: 100_000, familyRefundOre: 30_000 });
    expect((await balanceOf(ctx.db.prisma, accountIds.card(await periodId(), child!.id))).availableOre).toBe(100_000);
    expect(await processFamilyRefunds(ctx.db, payments, now)).toEqual({ refunded: 1, failed: 0 });
    expect(await processFamilyRefunds(ctx.db, payments, now)).toEqual({ refunded: 0, failed: 0 });
    // The club now owes 1300 back; a batch pays nobody a negative amount, the money waits.
    expect((await providerStatement(ctx.db, { providerId: club.provider.id })).owedNok).toBe(-1300);
    const batch = await settle(ctx.db, { municipalityId: m, batchId: "b-4", from: new Date("2026-01-01"), to: new Date("2100-01-01"), now });
    expect(batch.payments.find((p) => p.providerId === club.provider.id)).toBeUndefined();
    await expectBooksBalance();
  });

  it("a sign-up cancelled after the club confirmed but before the family paid nets to nothing in the club's payouts", async () => {
    const { provider, contact } = await createProviderWithContact(ctx.db.prisma, m, "Netto IL");
    const { guardian, children: [child] } = await familyWithCard();
    const activity = await createActivity(ctx.db.prisma, provider.id, { feeOre: 140_000 });
    const signUp = await signUpChild(ctx.db, { municipalityId: m, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
    await confirmEnrollment(ctx.db, { enrollmentId: signUp.enrollmentId, actorId: contact.id, now });
    await cancelEnrollment(ctx.db, { enrollmentId: signUp.enrollmentId, actorId: guardian.id, today, now });
    // A second, ordinary sign-up the club is owed for.
    const other = await familyWithCard();
    const paid = await signUpChild(ctx.db, { municipalityId: m, childId: other.children[0]!.id, activityId: (await createActivity(ctx.db.prisma, provider.id, { feeOre: 30_000 })).id, actorId: other.guardian.id, today, now, scheme });
    await confirmEnrollment(ctx.db, { enrollmentId: paid.enrollmentId, actorId: contact.id, now });

    const batch = await settle(ctx.db, { municipalityId: m, batchId: "b-net", from: new Date("2026-01-01"), to: new Date("2100-01-01"), now });
    expect(batch.payments.find((p) => p.providerId === provider.id)).toMatchObject({ amountOre: 30_000 });
    // Everything the club was owed is paid out, nothing is left waiting.
    expect((await providerStatement(ctx.db, { providerId: provider.id })).owedNok).toBe(0);
    await expectBooksBalance();
  });

  it("a club declines: the hold is released; only a club contact may answer", async () => {
    const { guardian, children: [child] } = await familyWithCard();
    const activity = await createActivity(ctx.db.prisma, club.provider.id, { feeOre: 40_000 });
    const signUp = await signUpChild(ctx.db, { municipalityId: m, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
    await expect(confirmEnrollment(ctx.db, { enrollmentId: signUp.enrollmentId, actorId: guardian.id, now })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await declineEnrollment(ctx.db, { enrollmentId: signUp.enrollmentId, actorId: club.contact.id, now });
    expect((await balanceOf(ctx.db.prisma, accountIds.card(await periodId(), child!.id))).availableOre).toBe(100_000);
    await expect(confirmEnrollment(ctx.db, { enrollmentId: signUp.enrollmentId, actorId: club.contact.id, now })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a sign-up the club never confirms lapses when the hold times out", async () => {
    const { guardian, children: [child] } = await familyWithCard();
    const activity = await createActivity(ctx.db.prisma, club.provider.id, { feeOre: 40_000 });
    const signUp = await signUpChild(ctx.db, { municipalityId: m, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
    expect((await expireLapsedHolds(ctx.db, now)).expired).toBe(0);
    const afterTimeout = new Date(signUp.holdExpiresAt!.getTime() + 1);
    await expect(confirmEnrollment(ctx.db, { enrollmentId: signUp.enrollmentId, actorId: club.contact.id, now: afterTimeout })).rejects.toMatchObject({ code: "HOLD_EXPIRED" });
    expect((await expireLapsedHolds(ctx.db, afterTimeout)).expired).toBeGreaterThanOrEqual(1);
    expect(await ctx.db.prisma.enrollment.findUniqueOrThrow({ where: { id: signUp.enrollmentId } })).toMatchObject({ status: "EXPIRED" });
    expect((await balanceOf(ctx.db.prisma, accountIds.card(await periodId(), child!.id))).availableOre).toBe(100_000);
    await expectBooksBalance();
  });
});

describe("top-up (Fritidskortet+)", () => {
  it("a caseworker grants extra money once per request, with a reason in the audit log only", async () => {
    const { guardian, children: [child] } = await familyWithCard();
    const caseworker = await createCaseworker(ctx.db.prisma, m);
    await assignCase(ctx.db.prisma, caseworker.id, guardian.id);
    const request = { requestId: `req-${child!.id}`, municipalityId: m, childId: child!.id, period: autumn, amountPerPeriodOre: 100_000, amountOre: 50_000, reason: "Vedtak om økt støtte", caseworkerId: caseworker.id, ageRules: scheme, maxPerChildPerPeriodOre: 300_000, today, now };
    expect((await topUp(ctx.db, request)).status).toBe("created");
    expect((await topUp(ctx.db, request)).status).toBe("exists");
    expect((await balanceOf(ctx.db.prisma, accountIds.card(await periodId(), child!.id))).availableOre).toBe(150_000);
    const audit = await ctx.db.prisma.auditLog.findFirstOrThrow({ where: { entityId: `topup:req-${child!.id}` } });
    expect(audit.data).toMatchObject({ reason: "Vedtak om økt støtte" });
    await expect(topUp(ctx.db, { ...request, requestId: "x", caseworkerId: guardian.id, now })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(topUp(ctx.db, { ...request, requestId: "y", reason: " ", now })).rejects.toMatchObject({ code: "INVALID_REQUEST" });

    // The family sees it; the club's statement cannot tell a topped-up card from another.
    const statement = await cardStatement(ctx.db, { childId: child!.id, periodId: await periodId() });
    expect(statement.movements.map((mv) => mv.kind)).toEqual(["allocation", "topup"]);
    const activity = await createActivity(ctx.db.prisma, club.provider.id, { feeOre: 150_000, title: "Klatring" });
    const signUp = await signUpChild(ctx.db, { municipalityId: m, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
    expect(signUp).toMatchObject({ cardPaysOre: 150_000, familyPaysOre: 0 });
    await confirmEnrollment(ctx.db, { enrollmentId: signUp.enrollmentId, actorId: club.contact.id, now });
    const clubLine = (await providerStatement(ctx.db, { providerId: club.provider.id })).movements.find((mv) => mv.enrollmentId === signUp.enrollmentId);
    expect(clubLine).toEqual({ date: expect.any(String), kind: "card_payment", amountNok: 1500, activity: "Klatring", enrollmentId: signUp.enrollmentId });
    expect(JSON.stringify(await providerStatement(ctx.db, { providerId: club.provider.id }))).not.toMatch(/top|Vedtak/i);
    const after = await cardStatement(ctx.db, { childId: child!.id, periodId: await periodId() });
    expect(after.movements.at(-1)).toMatchObject({ kind: "paid", amountNok: -1500, activity: "Klatring", provider: "Elvebyen IL" });
    await expectBooksBalance();
  });
});

describe("expiry", () => {
  it("after the period, pending holds are voided and every unused balance returns to the fund, once", async () => {
    const { guardian, children: [child] } = await familyWithCard();
    const activity = await createActivity(ctx.db.prisma, club.provider.id, { feeOre: 30_000 });
    const signUp = await signUpChild(ctx.db, { municipalityId: m, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
    await expect(expirePeriod(ctx.db, { municipalityId: m, periodCode: "2026-autumn", today: "2026-12-31", now })).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    const fundBefore = (await balanceOf(ctx.db.prisma, accountIds.fund(m))).postedOre;
    const cardsWithMoney = await ctx.db.prisma.ledgerAccount.findMany({ where: { municipalityId: m, kind: "CARD" } });
    const expected = cardsWithMoney.reduce((sum, a) => sum + Number(a.creditsPosted - a.debitsPosted), 0);

    const result = await expirePeriod(ctx.db, { municipalityId: m, periodCode: "2026-autumn", today: "2027-01-01", now: new Date("2027-01-01T01:00:00Z") });
    expect(result.voidedHolds).toBeGreaterThanOrEqual(1);
    expect(result.returnedOre).toBe(expected);
    expect((await balanceOf(ctx.db.prisma, accountIds.fund(m))).postedOre).toBe(fundBefore + expected);
    expect(await ctx.db.prisma.enrollment.findUniqueOrThrow({ where: { id: signUp.enrollmentId } })).toMatchObject({ status: "EXPIRED" });
    const again = await expirePeriod(ctx.db, { municipalityId: m, periodCode: "2026-autumn", today: "2027-01-01", now: new Date("2027-01-01T01:00:00Z") });
    expect(again).toMatchObject({ voidedHolds: 0, cardsExpired: 0, returnedOre: 0 });
    const remaining = await ctx.db.prisma.ledgerAccount.findMany({ where: { municipalityId: m, kind: "CARD" } });
    expect(remaining.every((a) => a.creditsPosted - a.debitsPosted - a.debitsPending === 0n)).toBe(true);
    // A closed period takes no more money.
    await expect(signUpChild(ctx.db, { municipalityId: m, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme })).rejects.toMatchObject({ code: "PERIOD_CLOSED" });
    await expectBooksBalance();
  });
});
