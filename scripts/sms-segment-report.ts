/**
 * `npm run sms-segments`: writes what every catalog message costs as an SMS — the README's summary
 * table and docs/sms-segments.md. test/scripts/sms-segment-report.test.ts fails when either is out
 * of date.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { languageMeta, loadCatalogs } from "../locales/i18n.ts";
import { isLanguage, LANGUAGES } from "../services/languages.ts";
import { formatNok } from "../services/money-format.ts";
import { smsCost, toGsmSafe, type SmsEncoding } from "../services/sms/sms-text.ts";

export const README = "README.md";
export const DOCUMENT = "docs/sms-segments.md";
export const TABLE_START = "<!-- sms-segments:start -->";
export const TABLE_END = "<!-- sms-segments:end -->";
/** docs/sms-segments.md keeps what `npm run bench -- sms --write` measured between these (bench/sms.ts). */
export const BENCH_START = "<!-- bench-sms:start -->";
export const BENCH_END = "<!-- bench-sms:end -->";

/** Namespaces that never go out by SMS: web pages' own text (the web chat's, the payment page's, staff and privacy pages') and Teams cards' labels. */
export const NOT_SMS_NAMESPACES = ["web", "payment", "staff_auth", "privacy-page", "cards"];

/** Placeholder values for costing: the demo's own where known, else ten characters. */
export const SAMPLE_VALUES: Record<string, string> = { municipality: "Drammen", minAge: "6", maxAge: "18" };
/** Money placeholders carry the amount as formatNok writes it in the message's language ("1 000 kr", "NOK 1,000"). */
export const MONEY_PLACEHOLDERS = ["amount", "max", "given"];
const sampleValue = (name: string, language: string) => (MONEY_PLACEHOLDERS.includes(name) && isLanguage(language) ? formatNok(1000, language) : (SAMPLE_VALUES[name] ?? OTHER_VALUE));
const OTHER_VALUE = "Xxxxxxxxxx";

export interface CatalogMessageCost {
  language: string;
  /** namespace:key (nested keys joined with "."). */
  key: string;
  encoding: SmsEncoding;
  length: number;
  segments: number;
}

function flatten(prefix: string, value: unknown, into: [string, string][]): void {
  if (typeof value === "string") into.push([prefix, value]);
  else if (value && typeof value === "object") for (const [key, inner] of Object.entries(value)) flatten(prefix.endsWith(":") ? `${prefix}${key}` : `${prefix}.${key}`, inner, into);
}

/** What every catalog message costs as an SMS (GSM-safe, sample values filled in), per language. */
export function catalogSmsCosts(catalogs: Record<string, Record<string, Record<string, unknown>>>): CatalogMessageCost[] {
  const costs: CatalogMessageCost[] = [];
  for (const [language, namespaces] of Object.entries(catalogs)) {
    for (const [namespace, messages] of Object.entries(namespaces).sort(([a], [b]) => a.localeCompare(b))) {
      if (NOT_SMS_NAMESPACES.includes(namespace)) continue;
      const entries: [string, string][] = [];
      flatten(`${namespace}:`, messages, entries);
      for (const [key, template] of entries) {
        const text = toGsmSafe(template.replace(/\{\{\s*(\w+)[^}]*\}\}/g, (_, name: string) => sampleValue(name, language)));
        const cost = smsCost(text);
        costs.push({ language, key, encoding: cost.encoding, length: cost.length, segments: cost.segments });
      }
    }
  }
  return costs;
}

/** The README's summary: one row per language. */
export function segmentSummaryTable(costs: CatalogMessageCost[], languageNames: Record<string, string>): string {
  const rows = Object.keys(languageNames).map((language) => {
    const mine = costs.filter((cost) => cost.language === language);
    const encodings = [...new Set(mine.map((cost) => cost.encoding))].sort().join(", ");
    const count = (test: (segments: number) => boolean) => mine.filter((cost) => test(cost.segments)).length;
    const total = mine.reduce((sum, cost) => sum + cost.segments, 0);
    const most = Math.max(0, ...mine.map((cost) => cost.segments));
    return `| ${language} (${languageNames[language]}) | ${encodings} | ${mine.length} | ${count((s) => s === 1)} | ${count((s) => s === 2)} | ${count((s) => s >= 3)} | ${most} | ${total} |`;
  });
  return ["| language | encoding | messages | 1 segment | 2 segments | 3+ segments | most in one message | total segments |", "|---|---|---:|---:|---:|---:|---:|---:|", ...rows].join("\n");
}

/** The bench's section of docs/sms-segments.md as it is now (kept when the catalog tables are rewritten). */
export function benchSection(document: string): string {
  const start = document.indexOf(BENCH_START);
  const end = document.indexOf(BENCH_END);
  return start >= 0 && end > start ? document.slice(start + BENCH_START.length, end).trim() : "";
}

/** docs/sms-segments.md: the bench's table of whole conversations, then one table per language, one row per message. */
export function segmentDocument(costs: CatalogMessageCost[], languageNames: Record<string, string>, bench = ""): string {
  const sections = Object.keys(languageNames).map((language) => {
    const rows = costs.filter((cost) => cost.language === language).map((cost) => `| \`${cost.key}\` | ${cost.encoding} | ${cost.length} | ${cost.segments} |`);
    return [`## ${language} — ${languageNames[language]}`, "", "| message | encoding | characters | segments |", "|---|---|---:|---:|", ...rows].join("\n");
  });
  return [
    "# SMS segments of every catalog message",
    "",
    "Generated from `locales/` by `npm run sms-segments` (`scripts/sms-segment-report.ts`); its",
    "test fails when this file is out of date. Each message is costed as an SMS would carry it: GSM-safe",
    "typography (`services/sms/sms-text.ts`), placeholders filled with sample values (`{{municipality}}` =",
    "Drammen, `{{amount}}`, `{{max}}`, `{{given}}` = 1000 kroner as formatNok writes it in the language (\"1 000 kr\", \"NOK 1,000\"), ages 6 and 18, any other placeholder ten characters). The `web`,",
    "`payment`, `staff_auth`, `privacy-page` and `cards` namespaces are web pages' and Teams cards' text and are not sent by SMS. GSM-7: 160 characters in one segment, 153 per segment",
    "when split; UCS-2: 70, then 67. Characters count septets for GSM-7 (an extension character such as €",
    "counts two).",
    "",
    "## Replies in conversations (`npm run bench -- sms`)",
    "",
    "What the bot really answers over SMS, turn by turn, in scripted conversations in each language",
    "(bench/sms.ts says which; a turn's cost is all the SMS of its answer). Written by",
    "`npm run bench -- sms --write`; `npm run sms-segments` keeps it.",
    "",
    BENCH_START,
    bench,
    BENCH_END,
    "",
    ...sections.flatMap((section) => [section, ""]),
  ].join("\n");
}

/** The README's summary table and the per-message document, from the catalogs as they are now. */
export function segmentReport(): { table: string; document: string } {
  const costs = catalogSmsCosts(loadCatalogs());
  const names = Object.fromEntries(LANGUAGES.map((language) => [language, languageMeta(language).name]));
  const current = existsSync(DOCUMENT) ? readFileSync(DOCUMENT, "utf8") : "";
  return { table: segmentSummaryTable(costs, names), document: segmentDocument(costs, names, benchSection(current)) };
}

/** The README with `table` between its markers. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${README} needs the markers ${TABLE_START} … ${TABLE_END}`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { table, document } = segmentReport();
  writeFileSync(README, withTable(readFileSync(README, "utf8"), table));
  writeFileSync(DOCUMENT, document);
  process.stdout.write(`wrote the SMS segment table in ${README} and ${DOCUMENT}\n`);
}
