import type restify from "restify";
import type { Clock } from "../services/clock.ts";
import type { Database } from "../services/db/database.ts";
import { isAppError } from "../services/errors.ts";
import type { Logger } from "../services/logger.ts";
import { completeFamilyPayment } from "../services/payments/family-payments.ts";
import type { PaymentProvider } from "../services/payments/payment-provider.ts";
import { VippsPaymentEvent, verifyVippsWebhook } from "../services/payments/vipps-webhook.ts";
import { parseOr400, sendError } from "./http-errors.ts";

export const VIPPS_WEBHOOK_PATH = "/webhooks/vipps";

export interface VippsWebhookDependencies {
  /** The secret Vipps returned when the webhook was registered (VIPPS_WEBHOOK_SECRET). */
  secret: string;
  /** The host of PUBLIC_BASE_URL: the URL registered with Vipps, which is what Vipps signs (a proxy may rewrite Host). */
  host: string;
  payments: PaymentProvider;
  clock: Clock;
  logger: Logger;
  /** The database once the service is ready; undefined while starting (Vipps retries a 503). */
  db: () => Database | undefined;
}

/**
 * POST /webhooks/vipps: Vipps MobilePay's ePayment events (docs/payments.md). The signature is
 * checked first (401 and nothing else happens if it fails); the event only names the payment, whose
 * state is then looked up at Vipps and applied exactly once (completeFamilyPayment), so an event
 * delivered twice, or out of order, or replayed, changes nothing more. Answers 200 once handled,
 * also for a payment that is not ours or no longer open (Vipps would otherwise retry for days).
 */
export function registerVippsWebhookRoute(server: restify.Server, deps: VippsWebhookDependencies): void {
  server.post(VIPPS_WEBHOOK_PATH, async (req, res) => {
    const header = (name: string) => String(req.header(name) ?? "");
    const verified = verifyVippsWebhook(
      {
        pathAndQuery: req.getUrl().pathname + (req.getUrl().search ?? ""),
        host: deps.host,
        date: header("x-ms-date"),
        contentSha256: header("x-ms-content-sha256"),
        authorization: header("authorization"),
        rawBody: (req as restify.Request & { rawBody?: string }).rawBody ?? "",
      },
      deps.secret,
    );
    if (!verified) {
      deps.logger.warn({ route: VIPPS_WEBHOOK_PATH }, "vipps webhook refused: bad signature");
      return void res.json(401, { error: "UNAUTHORIZED", message: "the webhook signature does not verify" });
    }
    const event = parseOr400(VippsPaymentEvent, req.body, res);
    if (!event) return;
    const db = deps.db();
    if (!db) return void res.json(503, { error: "starting" });
    try {
      const outcome = await completeFamilyPayment(db, deps.payments, { reference: event.reference, now: deps.clock.now() });
      deps.logger.info({ event: event.name, status: outcome.status, changed: outcome.changed }, "vipps webhook handled");
      res.json(200, { status: outcome.status.toLowerCase() });
    } catch (error) {
      if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "CONFLICT")) {
        // Not ours, or the sign-up ended meanwhile: nothing to do, and nothing for Vipps to retry.
        deps.logger.info({ event: event.name, code: error.code }, "vipps webhook ignored");
        return void res.json(200, { status: "ignored" });
      }
      sendError(res, error, deps.logger);
    }
  });
}
