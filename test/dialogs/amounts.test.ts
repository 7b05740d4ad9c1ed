import { describe, expect, it } from "vitest";
import { formatDate, formatNok, formatOre } from "../../dialogs/format.ts";
import type { Language } from "../../services/languages.ts";
import { scheme } from "../support/fixtures.ts";
import { useConversation } from "./support.ts";

/**
 * Issue 14: an amount reads the same everywhere in a conversation. The greeting's scheme summary
 * used to say "1000 kr" / "NOK 1000" / "1000 كرونة" while the balance said "1 000 kr" / "NOK 1,000"
 * / "1,000 NOK"; both now show what formatNok gives for the reader's language.
 */
const ctx = useConversation();

const cases: { language: Language; greeting: string; balance: string }[] = [
  { language: "nb", greeting: "hei", balance: "saldo" },
  { language: "en", greeting: "hello", balance: "how much is left on the card" },
  { language: "ar", greeting: "مرحبا", balance: "كم الرصيد" },
];

describe("amounts in a conversation", () => {
  it.each(cases)("$language: the greeting's scheme summary and the balance show the amount as formatNok does", async ({ language, greeting, balance }) => {
    const { chat } = await ctx.parentChat({ language });
    const t = ctx.t(language);
    const perPeriod = formatOre(scheme.amountPerPeriodOre, language);
    // The form differs by language ("1 000 kr", "NOK 1,000", Arabic's own), which is the point.
    expect(perPeriod).toBe(formatNok(1000, language));

    const greeted = await chat.send(greeting);
    expect(greeted).toContain(t("scheme_summary", { municipality: scheme.municipalityName, minAge: scheme.minAge, maxAge: scheme.maxAge, amount: perPeriod }));
    expect(greeted).toContain(perPeriod);

    // Jonas's card holds the period's whole amount: the same figure, in the same form.
    const answered = await chat.send(balance);
    expect(answered).toContain(t("chat:balance.line", { child: "Jonas", available: perPeriod, date: formatDate("2026-12-31", language) }));
  });

  it("the three languages really differ, so the test above compares forms and not just digits", () => {
    expect(new Set(cases.map(({ language }) => formatNok(1000, language))).size).toBe(3);
  });
});
