import { z } from "zod";
import type { Clock } from "../clock.ts";
import { AppError } from "../errors.ts";
import type { CreatePaymentRequest, PaymentProvider, PaymentState } from "./payment-provider.ts";

export interface VippsConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  subscriptionKey: string;
  merchantSerialNumber: string;
}

const TokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.union([z.string(), z.number()]).transform(Number) });
const CreateResponse = z.object({ redirectUrl: z.string().url() });
const PaymentResponse = z.object({
  state: z.enum(["CREATED", "AUTHORIZED", "ABORTED", "EXPIRED", "TERMINATED"]),
  amount: z.object({ value: z.number().int(), currency: z.literal("NOK") }),
  aggregate: z.object({ capturedAmount: z.object({ value: z.number().int() }) }).optional(),
});

/**
 * An HTTP client of the Vipps MobilePay ePayment API v1 (access token, create, get, capture,
 * refund). Every modifying call carries an Idempotency-Key derived from our reference, so a retry
 * after a timeout can never charge or refund twice. Responses are parsed with zod: an unexpected
 * answer is a PAYMENT_FAILED error, never a guess.
 */
export class VippsEPaymentClient implements PaymentProvider {
  readonly name = "vipps";
  private token: { value: string; expiresAt: number } | null = null;

  constructor(
    private readonly config: VippsConfig,
    /** The access token's expiry is compared with it. */
    private readonly clock: Clock,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async createPayment(request: CreatePaymentRequest) {
    const body = await this.call("POST", "/epayment/v1/payments", `create-${request.reference}`, {
      amount: { currency: "NOK", value: request.amountOre },
      paymentMethod: { type: "WALLET" },
      reference: request.reference,
      returnUrl: request.returnUrl,
      userFlow: "WEB_REDIRECT",
      paymentDescription: request.description,
    });
    return { redirectUrl: parse(CreateResponse, body).redirectUrl };
  }

  async getPayment(reference: string): Promise<{ state: PaymentState; amountOre: number }> {
    const payment = parse(PaymentResponse, await this.call("GET", `/epayment/v1/payments/${encodeURIComponent(reference)}`));
    const captured = payment.aggregate?.capturedAmount.value ?? 0;
    // ePayment reports a captured payment as AUTHORIZED with a captured aggregate.
    const state: PaymentState = payment.state === "AUTHORIZED" && captured >= payment.amount.value ? "CAPTURED" : payment.state;
    return { state, amountOre: payment.amount.value };
  }

  async capture(reference: string, amountOre: number) {
    await this.call("POST", `/epayment/v1/payments/${encodeURIComponent(reference)}/capture`, `capture-${reference}`, { modificationAmount: { currency: "NOK", value: amountOre } });
  }

  async refund(reference: string, amountOre: number) {
    await this.call("POST", `/epayment/v1/payments/${encodeURIComponent(reference)}/refund`, `refund-${reference}`, { modificationAmount: { currency: "NOK", value: amountOre } });
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.clock.now().getTime() + 60_000) return this.token.value;
    const response = await this.fetchImpl(`${this.config.baseUrl}/accesstoken/get`, {
      method: "POST",
      headers: {
        client_id: this.config.clientId,
        client_secret: this.config.clientSecret,
        "Ocp-Apim-Subscription-Key": this.config.subscriptionKey,
        "Merchant-Serial-Number": this.config.merchantSerialNumber,
      },
    });
    if (!response.ok) throw new AppError("PAYMENT_FAILED", `payment provider refused the access token request (${response.status})`);
    const token = parse(TokenResponse, await response.json());
    this.token = { value: token.access_token, expiresAt: this.clock.now().getTime() + token.expires_in * 1000 };
    return token.access_token;
  }

  private async call(method: "GET" | "POST", path: string, idempotencyKey?: string, body?: unknown): Promise<unknown> {
    const response = await this.fetchImpl(`${this.config.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await this.accessToken()}`,
        "Ocp-Apim-Subscription-Key": this.config.subscriptionKey,
        "Merchant-Serial-Number": this.config.merchantSerialNumber,
        "Vipps-System-Name": "fritidskort",
        "Content-Type": "application/json",
        ...(idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new AppError("PAYMENT_FAILED", `payment provider answered ${response.status} to ${method} ${path}`, { status: response.status });
    return text ? JSON.parse(text) : {};
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError("PAYMENT_FAILED", `unexpected answer from the payment provider: ${result.error.issues[0]?.message}`);
  return result.data;
}
