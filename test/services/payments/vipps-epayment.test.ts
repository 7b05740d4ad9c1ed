import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../services/clock.ts";
import { VippsEPaymentClient } from "../../../services/payments/vipps-epayment.ts";

const base = "https://apitest.vipps.no";
const config = { baseUrl: base, clientId: "client-id", clientSecret: "client-secret", subscriptionKey: "sub-key", merchantSerialNumber: "123456" };

const clock = new ManualClock("2026-11-27T12:00:00Z");

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

function token(value = "tok-1") {
  return nock(base, { reqheaders: { client_id: "client-id", client_secret: "client-secret", "ocp-apim-subscription-key": "sub-key", "merchant-serial-number": "123456" } })
    .post("/accesstoken/get")
    .reply(200, { access_token: value, expires_in: "3600", token_type: "Bearer" });
}

describe("Vipps ePayment client", () => {
  it("creates a payment with our reference as idempotency key and returns the family's link", async () => {
    token();
    const create = nock(base, { reqheaders: { authorization: "Bearer tok-1", "idempotency-key": "create-fk-e1", "merchant-serial-number": "123456" } })
      .post("/epayment/v1/payments", {
        amount: { currency: "NOK", value: 50_000 },
        paymentMethod: { type: "WALLET" },
        reference: "fk-e1",
        returnUrl: "https://kommune.example/back",
        userFlow: "WEB_REDIRECT",
        paymentDescription: "Fritidskortet",
      })
      .reply(201, { redirectUrl: "https://pay.vipps.no/abc", reference: "fk-e1" });
    const client = new VippsEPaymentClient(config, clock);
    expect(await client.createPayment({ reference: "fk-e1", amountOre: 50_000, description: "Fritidskortet", returnUrl: "https://kommune.example/back" })).toEqual({ redirectUrl: "https://pay.vipps.no/abc" });
    expect(create.isDone()).toBe(true);
  });

  it("reads states, reporting a fully captured payment as CAPTURED, and reuses its access token", async () => {
    token();
    nock(base).get("/epayment/v1/payments/fk-e2").reply(200, { state: "AUTHORIZED", amount: { value: 30_000, currency: "NOK" }, aggregate: { capturedAmount: { value: 0, currency: "NOK" } } });
    nock(base).get("/epayment/v1/payments/fk-e2").reply(200, { state: "AUTHORIZED", amount: { value: 30_000, currency: "NOK" }, aggregate: { capturedAmount: { value: 30_000, currency: "NOK" } } });
    nock(base, { reqheaders: { "idempotency-key": "capture-fk-e2" } }).post("/epayment/v1/payments/fk-e2/capture", { modificationAmount: { currency: "NOK", value: 30_000 } }).reply(200, {});
    const client = new VippsEPaymentClient(config, clock);
    expect(await client.getPayment("fk-e2")).toEqual({ state: "AUTHORIZED", amountOre: 30_000 });
    await client.capture("fk-e2", 30_000);
    expect(await client.getPayment("fk-e2")).toEqual({ state: "CAPTURED", amountOre: 30_000 });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("asks for a new access token shortly before the old one expires, by the service's clock", async () => {
    token("tok-old");
    token("tok-new");
    nock(base, { reqheaders: { authorization: "Bearer tok-old" } }).get("/epayment/v1/payments/fk-e6").twice().reply(200, { state: "CREATED", amount: { value: 100, currency: "NOK" } });
    nock(base, { reqheaders: { authorization: "Bearer tok-new" } }).get("/epayment/v1/payments/fk-e6").reply(200, { state: "CREATED", amount: { value: 100, currency: "NOK" } });
    const tokenClock = new ManualClock("2026-11-27T12:00:00Z");
    const client = new VippsEPaymentClient(config, tokenClock);
    await client.getPayment("fk-e6");
    tokenClock.advance(3_500_000); // 58 min 20 s later: more than a minute left
    await client.getPayment("fk-e6");
    tokenClock.advance(60_000); // less than a minute left: renewed first
    await client.getPayment("fk-e6");
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("turns an error status or an unexpected answer into PAYMENT_FAILED", async () => {
    token();
    nock(base).post("/epayment/v1/payments/fk-e3/refund").reply(500, { title: "oops" });
    nock(base).get("/epayment/v1/payments/fk-e4").reply(200, { state: "SOMETHING_NEW", amount: { value: 1, currency: "NOK" } });
    const client = new VippsEPaymentClient(config, clock);
    await expect(client.refund("fk-e3", 100)).rejects.toMatchObject({ code: "PAYMENT_FAILED", details: { status: 500 } });
    await expect(client.getPayment("fk-e4")).rejects.toMatchObject({ code: "PAYMENT_FAILED" });
  });

  it("refuses to go on without an access token", async () => {
    nock(base).post("/accesstoken/get").reply(401, { error: "unauthorized" });
    await expect(new VippsEPaymentClient(config, clock).getPayment("fk-e5")).rejects.toMatchObject({ code: "PAYMENT_FAILED" });
  });
});
