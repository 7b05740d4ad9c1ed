import { describe, expect, it } from "vitest";
import { formatOre } from "../../../../dialogs/format.ts";
import type { Language } from "../../../../services/languages.ts";
import { PaymentSimulator } from "../../../../services/payments/payment-simulator.ts";
import { useApp } from "../support/app.ts";

/** Issue 14: the payment page's "Pay …" button shows the amount as every reply does (formatOre), not "Pay NOK 500" beside a reply's "NOK 500.50". */
const ctx = useApp();

describe("the payment simulator page", () => {
  it.each<[Language, string]>([
    ["nb", "Betal 1 250,50 kr"],
    ["en", "Pay NOK 1,250.50"],
    ["ar", "ادفع \u200f1,250.50 NOK"],
  ])("%s: the button says the amount in formatOre's form, öre included", async (language, button) => {
    const payments = ctx.app.payments;
    if (!(payments instanceof PaymentSimulator)) throw new Error("the test app pays through the simulator");
    const reference = `fk-amounts-${language}`;
    await payments.createPayment({ reference, amountOre: 125_050, description: "Fritidskortet", returnUrl: "https://fritidskort.test/" });
    const html = await (await fetch(`${ctx.app.url}/dev/pay/${reference}?lang=${language}`)).text();
    expect(formatOre(125_050, language)).toBe(button.slice(button.indexOf(" ") + 1));
    expect(html).toContain(button);
  });
});
