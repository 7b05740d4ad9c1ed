import { AppError } from "../errors.ts";
import type { CreatePaymentRequest, PaymentProvider, PaymentState } from "./payment-provider.ts";

/**
 * The embedded default's payment provider: no money moves. `createPayment` points the family to our
 * own simulator page (GET /dev/pay/<reference>), where "Pay" calls `approve`. State lives in this
 * process only (a development tool); production refuses to start with it.
 */
export class PaymentSimulator implements PaymentProvider {
  readonly name = "simulator";
  private readonly payments = new Map<string, { state: PaymentState; amountOre: number; description: string }>();

  constructor(private readonly publicBaseUrl: string) {}

  async createPayment(request: CreatePaymentRequest) {
    if (!this.payments.has(request.reference)) this.payments.set(request.reference, { state: "CREATED", amountOre: request.amountOre, description: request.description });
    return { redirectUrl: `${this.publicBaseUrl}/dev/pay/${encodeURIComponent(request.reference)}` };
  }

  /** The family pressed "Pay" on the simulator page. */
  approve(reference: string): void {
    const payment = this.payments.get(reference);
    if (!payment) throw new AppError("NOT_FOUND", "no such payment", { reference });
    if (payment.state === "CREATED") payment.state = "AUTHORIZED";
  }

  describe(reference: string) {
    return this.payments.get(reference) ?? null;
  }

  async getPayment(reference: string) {
    const payment = this.payments.get(reference);
    if (!payment) throw new AppError("NOT_FOUND", "no such payment", { reference });
    return { state: payment.state, amountOre: payment.amountOre };
  }

  async capture(reference: string) {
    const payment = this.payments.get(reference);
    if (payment?.state !== "AUTHORIZED" && payment?.state !== "CAPTURED") throw new AppError("PAYMENT_FAILED", "nothing to capture", { reference });
    payment.state = "CAPTURED";
  }

  async refund(reference: string) {
    if (!this.payments.has(reference)) throw new AppError("NOT_FOUND", "no such payment", { reference });
  }
}
