import type { Clock } from "../clock.ts";
import type { PaymentsConfig } from "../config.ts";
import type { PaymentProvider } from "./payment-provider.ts";
import { PaymentSimulator } from "./payment-simulator.ts";
import { VippsEPaymentClient } from "./vipps-epayment.ts";

/** The configured payment provider: Vipps ePayment, or the embedded default's simulator. */
export function createPaymentProvider(config: { payments: PaymentsConfig; publicBaseUrl: string }, clock: Clock): PaymentProvider {
  return config.payments.provider === "vipps" ? new VippsEPaymentClient(config.payments.vipps, clock) : new PaymentSimulator(config.publicBaseUrl);
}
