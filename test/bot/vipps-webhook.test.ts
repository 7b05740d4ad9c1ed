import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { allocatePeriod } from "../../services/ledger/allocate.ts";
import { settle } from "../../services/ledger/settle.ts";
import { confirmEnrollment } from "../../services/enrollment/respond.ts";
import { signUpChild } from "../../services/enrollment/sign-up.ts";
import { startFamilyPayment } from "../../services/payments/family-payments.ts";
import { signVippsWebhook } from "../../services/payments/vipps-webhook.ts";
import { parsePeriodCode } from "../../services/periods.ts";
import { useApp } from "./channels/support/app.ts";
import { createActivity, createFamily, createMunicipality, createProviderWithContact, scheme } from "../support/fixtures.ts";

const VIPPS = "https://vipps.test";
const SECRET = "webhook-secret-from-vipps-registration";
const ctx = useApp({
  PAYMENT_PROVIDER: "vipps",
  VIPPS_BASE_URL: VIPPS,
  VIPPS_CLIENT_ID: "client-id",
  VIPPS_CLIENT_SECRET: "client-secret",
  VIPPS_SUBSCRIPTION_KEY: "sub-key",
  VIPPS_MERCHANT_SERIAL_NUMBER: "123456",
  VIPPS_WEBHOOK_SECRET: SECRET,
  VIPPS_POLL_AFTER_MINUTES: "10",
});

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const vippsPayment = (reference: string, state: string, amount: number, captured: number) =>
  nock(VIPPS).get(`/epayment/v1/payments/${reference}`).reply(200, { state, amount: { value: amount, currency: "NOK" }, aggregate: { capturedAmount: { value: captured, currency: "NOK" } } });

/** A confirmed sign-up whose fee (1500 kr) is above the card (1000 kr): the family owes 500 kr and has started paying at Vipps. */
async function owedPayment() {
  const db = ctx.app.db!;
  const now = ctx.clock.now();
  const today = "2026-11-27";
  const m = (await createMunicipality(db.prisma)).id;
  const club = await createProviderWithContact(db.prisma, m);
  const { guardian, children: [child] } = await createFamily(db.prisma, m, ["2014-04-04"]);
  await allocatePeriod(db, { municipalityId: m, period: parsePeriodCode("2026-autumn", scheme), scheme, today, now });
  const activity = await createActivity(db.prisma, club.provider.id, { feeOre: 150_000 });
  const signUp = await signUpChild(db, { municipalityId: m, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
  await confirmEnrollment(db, { enrollmentId: signUp.enrollmentId, actorId: club.contact.id, now });
  const reference = `fk-${signUp.enrollmentId}`;
  nock(VIPPS).post("/accesstoken/get").reply(200, { access_token: "tok", expires_in: 3600 });
  nock(VIPPS).post("/epayment/v1/payments").reply(201, { redirectUrl: "https://pay.vipps.no/x", reference });
  await startFamilyPayment(db, ctx.app.payments, { enrollmentId: signUp.enrollmentId, returnUrl: "https://kommune.example/", now });
  return { m, reference, enrollmentId: signUp.enrollmentId, providerId: club.provider.id };
}

/** POSTs an event to the webhook as Vipps would, signed with `secret` for the host of PUBLIC_BASE_URL. */
async function deliver(event: object, secret = SECRET) {
  const rawBody = JSON.stringify(event);
  const date = ctx.clock.now().toUTCString();
  const signed = signVippsWebhook({ pathAndQuery: "/webhooks/vipps", host: new URL(ctx.config.publicBaseUrl).host, date, rawBody }, secret);
  return fetch(`${ctx.app.url}/webhooks/vipps`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-ms-date": date, "x-ms-content-sha256": signed.contentSha256, authorization: signed.authorization },
    body: rawBody,
  });
}

async function familyTransfers(enrollmentId: string) {
  return ctx.app.db!.prisma.ledgerTransfer.count({ where: { kind: "FAMILY_PAYMENT", enrollmentId } });
}

describe("the Vipps callback", () => {
  it("completes a payment once, though the callback arrives twice, and the club is then paid the whole fee", async () => {
    const { m, reference, enrollmentId, providerId } = await owedPayment();
    const db = ctx.app.db!;
    const batch = (id: string) => settle(db, { municipalityId: m, batchId: id, from: new Date("2026-01-01"), to: new Date("2100-01-01"), now: ctx.clock.now() });
    expect((await batch("vw-early")).payments.find((p) => p.providerId === providerId)).toBeUndefined(); // the family's part is still to come

    vippsPayment(reference, "AUTHORIZED", 50_000, 0);
    const capture = nock(VIPPS).post(`/epayment/v1/payments/${reference}/capture`).reply(200, {});
    vippsPayment(reference, "AUTHORIZED", 50_000, 50_000);
    const first = await deliver({ msn: "123456", reference, name: "AUTHORIZED", pspReference: "p1" });
    expect(first.status).toBe(200);
    expect(capture.isDone()).toBe(true);
    const second = await deliver({ msn: "123456", reference, name: "CAPTURED", pspReference: "p1" });
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ status: "paid" });
    expect(nock.pendingMocks()).toEqual([]); // the second delivery asked Vipps nothing

    expect(await db.prisma.familyPayment.findUniqueOrThrow({ where: { reference } })).toMatchObject({ status: "PAID", paidAt: ctx.clock.now() });
    expect(await familyTransfers(enrollmentId)).toBe(1);
    expect(await db.prisma.auditLog.count({ where: { action: "family_payment.paid", entityType: "FamilyPayment" } })).toBe(1);
    expect((await batch("vw-full")).payments.find((p) => p.providerId === providerId)).toMatchObject({ amountOre: 150_000 });
  });

  it("refuses a bad signature with 401 and changes nothing", async () => {
    const { reference, enrollmentId } = await owedPayment();
    const forged = await deliver({ reference, name: "CAPTURED" }, "not-the-secret-vipps-gave-us");
    expect(forged.status).toBe(401);
    const unsigned = await fetch(`${ctx.app.url}/webhooks/vipps`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reference }) });
    expect(unsigned.status).toBe(401);
    expect(await ctx.app.db!.prisma.familyPayment.findUniqueOrThrow({ where: { reference } })).toMatchObject({ status: "PENDING", paidAt: null });
    expect(await familyTransfers(enrollmentId)).toBe(0);
  });

  it("a callback that never arrives: the polling job asks Vipps and completes the payment", async () => {
    const { reference, enrollmentId } = await owedPayment();
    vippsPayment(reference, "AUTHORIZED", 50_000, 0);
    nock(VIPPS).post(`/epayment/v1/payments/${reference}/capture`).reply(200, {});
    vippsPayment(reference, "AUTHORIZED", 50_000, 50_000);
    expect((await ctx.app.jobs!.runNow("poll-payments")).summary).toMatchObject({ checked: 0 }); // too early
    ctx.clock.advance(11 * 60_000);
    expect((await ctx.app.jobs!.runNow("poll-payments")).summary).toMatchObject({ paid: 1 });
    expect(await ctx.app.db!.prisma.familyPayment.findUniqueOrThrow({ where: { reference } })).toMatchObject({ status: "PAID" });
    expect(await familyTransfers(enrollmentId)).toBe(1);
  });

  it("a payment the family let expire ends EXPIRED once; its club is paid the card's part", async () => {
    const { m, reference, enrollmentId, providerId } = await owedPayment();
    vippsPayment(reference, "EXPIRED", 50_000, 0);
    expect((await deliver({ reference, name: "EXPIRED" })).status).toBe(200);
    expect(await deliver({ reference, name: "EXPIRED" }).then((r) => r.json())).toEqual({ status: "ignored" });
    expect(await ctx.app.db!.prisma.familyPayment.findUniqueOrThrow({ where: { reference } })).toMatchObject({ status: "EXPIRED", endedAt: ctx.clock.now() });
    expect(await familyTransfers(enrollmentId)).toBe(0);
    const batch = await settle(ctx.app.db!, { municipalityId: m, batchId: "vw-expired", from: new Date("2026-01-01"), to: new Date("2100-01-01"), now: ctx.clock.now() });
    expect(batch.payments.find((p) => p.providerId === providerId)).toMatchObject({ amountOre: 100_000 });
  });
});
