import { describe, expect, it } from "vitest";
import { createI18n, loadCatalogs } from "../../locales/i18n.ts";
import { LANGUAGES, type Language } from "../../services/languages.ts";
import { formatNok } from "../../services/money-format.ts";

/**
 * Issue 14: amounts in one form per language. A locale string takes a money amount as one
 * placeholder that formatNok/formatOre fills ("1 000 kr", "NOK 1,000", "1 000 NOK") and carries no
 * currency word of its own — otherwise a reply reads "1000 kr" here and "NOK 1,000" there, or
 * "1 000 kr kr".
 */
const catalogs = loadCatalogs();

/** Placeholders that carry money wherever they appear. */
const MONEY = new Set(["amount", "fee", "available", "card", "family", "given"]);
/** `{{max}}` is a count in most strings ("a number from 1 to {{max}}") and money only here. */
const MONEY_MAX_KEYS = new Set(["staff_actions:top_up.over_limit"]);

/** The currency as a word or symbol in any of our ten languages (kr, NOK, krone(r), كرونة, крон, ክሮነር, کرونر…). */
// Case-sensitive: "NOK" is the code, while "nok" is an everyday Norwegian word ("det er nok").
const CURRENCY_WORD = /(?<![\p{L}\p{N}])(NOK|[Kk]r\.?|[Kk]ron(e|er|a|y|or|ų|ą)?|[Kk]oron[ay]?|[Kk]rooni?|[Cc]rowns?)(?![\p{L}])|كرون|[Кк]рон|ክሮነር|کرون/u;

function leaves(value: unknown, prefix: string, into: Map<string, string>): Map<string, string> {
  if (typeof value === "string") into.set(prefix, value);
  else if (value && typeof value === "object") for (const [key, inner] of Object.entries(value)) leaves(inner, prefix.endsWith(":") ? `${prefix}${key}` : `${prefix}.${key}`, into);
  return into;
}

const placeholdersOf = (text: string) => [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]!);
const isMoney = (key: string, name: string) => MONEY.has(name) || (name === "max" && MONEY_MAX_KEYS.has(key));

/** Every (language, namespace:key, text) of the catalogs. */
function allStrings(): { language: Language; key: string; text: string }[] {
  const out: { language: Language; key: string; text: string }[] = [];
  for (const language of LANGUAGES)
    for (const [namespace, messages] of Object.entries(catalogs[language]!)) for (const [key, text] of leaves(messages, `${namespace}:`, new Map())) out.push({ language, key, text });
  return out;
}

describe("money in the locale catalogs", () => {
  it("recognises a currency word next to an amount in every form the catalogs used before", () => {
    // The test's own detector must catch what it is there to forbid (each was in locales/ before).
    for (const old of ["{{amount}} kr", "NOK {{amount}}", "{{amount}} NOK", "{{amount}} NOK'a", "{{amount}} kroner", "{{amount}} كرونة", "{{amount}} крон", "{{amount}} ክሮነር", "{{amount}} کرونر"])
      expect(old, old).toMatch(CURRENCY_WORD);
    // …and not ordinary words that merely start alike (Norwegian "kronisk", Lithuanian "kortelė", English "Konnerud").
    for (const fine of ["kronisk sykdom", "det er nok", "kortelėje", "Konnerud IL", "Krokstad", "knock"]) expect(fine, fine).not.toMatch(CURRENCY_WORD);
  });

  it("has no currency word of its own in any string of any language: the formatted amount brings it", () => {
    const offenders = allStrings()
      .filter(({ text }) => CURRENCY_WORD.test(text))
      .map(({ language, key, text }) => `${language} ${key}: ${text}`);
    expect(offenders).toEqual([]);
  });

  it("renders every string that takes an amount with formatNok's form, and nothing around it says the currency again", async () => {
    const { t } = await createI18n("nb");
    const moneyStrings = allStrings().filter(({ key, text }) => placeholdersOf(text).some((name) => isMoney(key, name)));
    // The keys that carry money (guards against the filter silently matching nothing).
    expect(new Set(moneyStrings.filter((s) => s.language === "nb").map((s) => s.key))).toEqual(
      new Set([
        "chat:eligibility.general_birth_year",
        "chat:eligibility.general_exact_age",
        "chat:find.item",
        "chat:find.details",
        "chat:signup.confirm",
        "chat:signup.confirm_youth",
        "chat:signup.card_pays_all",
        "chat:signup.card_pays_all_youth",
        "chat:signup.split",
        "chat:signup.split_youth",
        "chat:balance.line",
        "chat:balance.reserved",
        "chat:history.allocation",
        "chat:history.topup",
        "chat:history.reserved",
        "chat:history.paid",
        "chat:history.refund",
        "chat:history.expired",
        "chat:cancel.card_refund",
        "chat:cancel.family_refund",
        "chat:cancel.family_refund_youth",
        "common:scheme_summary",
        "outreach:period_start",
        "outreach:expiring",
        "payment:pay",
        "staff_actions:top_up.confirm",
        "staff_actions:top_up.done",
        "staff_actions:top_up.over_limit",
      ]),
    );
    for (const { language, key, text } of moneyStrings) {
      const amount = formatNok(1234, language);
      const values = Object.fromEntries(placeholdersOf(text).map((name) => [name, isMoney(key, name) ? amount : `«${name}»`]));
      const out = String(t(language)(key, values));
      expect(out, `${language} ${key}`).toContain(amount);
      const rest = out.split(amount).join(" ");
      expect(rest, `${language} ${key} says the currency beside ${amount}`).not.toMatch(CURRENCY_WORD);
    }
  });
});
