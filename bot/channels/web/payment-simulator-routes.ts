import { readFileSync } from "node:fs";
import path from "node:path";
import type { TFunction } from "i18next";
import type restify from "restify";
import type { Clock } from "../../../services/clock.ts";
import type { Database } from "../../../services/db/database.ts";
import { isLanguage, RTL_LANGUAGES, type Language } from "../../../services/languages.ts";
import { formatOre } from "../../../dialogs/format.ts";
import type { Logger } from "../../../services/logger.ts";
import { completeFamilyPayment } from "../../../services/payments/family-payments.ts";
import type { PaymentSimulator } from "../../../services/payments/payment-simulator.ts";
import { sendError } from "../../http-errors.ts";
import { WEB_DIR } from "./pages.ts";

export interface PaymentSimulatorRouteDependencies {
  simulator: PaymentSimulator;
  t: (language: Language) => TFunction;
  defaultLanguage: Language;
  clock: Clock;
  logger: Logger;
  /** The database once the service is ready; undefined while starting. */
  db: () => Database | undefined;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The payment simulator (development only; production pays through Vipps): what a family sees
 * instead of the Vipps app. GET /dev/pay/<reference> shows the amount and a "Pay" button, POST
 * approves the payment and completes the family's part, as Vipps's callback would.
 */
export function registerPaymentSimulatorRoutes(server: restify.Server, deps: PaymentSimulatorRouteDependencies): void {
  const template = readFileSync(path.join(WEB_DIR, "payment-simulator.html"), "utf8");
  const languageOf = (req: restify.Request): Language => {
    const lang = String((req.query as Record<string, unknown> | undefined)?.lang ?? "");
    return isLanguage(lang) ? lang : deps.defaultLanguage;
  };

  /** web/payment-simulator.html in the page's language, showing its unpaid or its paid part. */
  function page(res: restify.Response, language: Language, state: { paid: true } | { paid: false; reference: string; amountOre: number }): void {
    const t = deps.t(language);
    const values: Record<string, string> = {
      lang: language,
      dir: RTL_LANGUAGES.includes(language) ? "rtl" : "ltr",
      title: t("payment:title"),
      explain: t("payment:explain"),
      pay: state.paid ? "" : t("payment:pay", { amount: formatOre(state.amountOre, language) }),
      paid: t("payment:paid"),
      simulator: t("payment:simulator"),
      action: state.paid ? "" : `/dev/pay/${encodeURIComponent(state.reference)}?lang=${language}`,
    };
    const hidden = state.paid ? "unpaid" : "paid";
    const html = template
      .replace(new RegExp(`\\s*<!--${hidden}-->[\\s\\S]*?<!--/${hidden}-->`), "")
      .replace(/\s*<!--\/?(un)?paid-->/g, "")
      .replace(/\{\{(\w+)\}\}/g, (match, key: string) => (key in values ? escapeHtml(values[key]!) : match));
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  }

  server.get("/dev/pay/:reference", async (req, res) => {
    const reference = String(req.params.reference);
    const payment = deps.simulator.describe(reference);
    if (!payment) return void res.json(404, { error: "NOT_FOUND", message: "no such payment" });
    page(res, languageOf(req), payment.state === "CREATED" ? { paid: false, reference, amountOre: payment.amountOre } : { paid: true });
  });

  server.post("/dev/pay/:reference", async (req, res) => {
    const db = deps.db();
    if (!db) return void res.json(503, { error: "starting" });
    try {
      const reference = String(req.params.reference);
      deps.simulator.approve(reference);
      await completeFamilyPayment(db, deps.simulator, { reference, now: deps.clock.now() });
      page(res, languageOf(req), { paid: true });
    } catch (error) {
      sendError(res, error, deps.logger);
    }
  });
}
