/**
 * What the ledger needs from a payment provider to collect a family's remainder. Modelled on the
 * Vipps MobilePay ePayment API (the way Norwegian families pay): create → the family approves
 * (AUTHORIZED) → we capture (CAPTURED); refunds after capture. `reference` is ours and doubles as
 * the idempotency key, so a retried call never charges twice.
 */
export type PaymentState = "CREATED" | "AUTHORIZED" | "CAPTURED" | "ABORTED" | "EXPIRED" | "TERMINATED";

export interface CreatePaymentRequest {
  reference: string;
  amountOre: number;
  /** Shown to the family by the payment app. No names, no health details. */
  description: string;
  /** Where the family's browser comes back to after paying. */
  returnUrl: string;
}

export interface PaymentProvider {
  readonly name: string;
  createPayment(request: CreatePaymentRequest): Promise<{ redirectUrl: string }>;
  getPayment(reference: string): Promise<{ state: PaymentState; amountOre: number }>;
  capture(reference: string, amountOre: number): Promise<void>;
  refund(reference: string, amountOre: number): Promise<void>;
}
