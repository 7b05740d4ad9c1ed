import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { languageMeta, loadCatalogs } from "../../../locales/i18n.ts";
import { LANGUAGES } from "../../../services/languages.ts";
import { catalogSmsCosts, segmentDocument, segmentSummaryTable } from "../../../services/sms/segment-report.ts";
import { MAX_SEGMENTS_PER_SMS } from "../../../services/sms/sms-text.ts";

const catalogs = loadCatalogs();
const costs = catalogSmsCosts(catalogs);
const names = Object.fromEntries(LANGUAGES.map((language) => [language, languageMeta(language).name]));
const README = "README.md";
const DOCUMENT = "docs/sms-segments.md";
const START = "<!-- sms-segments:start -->";
const END = "<!-- sms-segments:end -->";
const UPDATE = "UPDATE_SMS_SEGMENTS=1 npx vitest run test/bot/channels/sms-segments.test.ts";

describe("the SMS cost of every catalog message", () => {
  it("costs every message of every language (the namespaces SMS can carry)", () => {
    for (const language of LANGUAGES) {
      const keys = costs.filter((cost) => cost.language === language).map((cost) => cost.key);
      expect(keys, language).toEqual(costs.filter((cost) => cost.language === "nb").map((cost) => cost.key));
      expect(keys).toContain("sms:opted_out");
    }
  });

  it("keeps Norwegian, English and Somali in GSM-7 (their alphabets allow it)", () => {
    const ucs2 = costs.filter((cost) => ["nb", "en", "so"].includes(cost.language) && cost.encoding !== "GSM-7");
    expect(ucs2, "these messages have a character outside GSM-7").toEqual([]);
  });

  it(`fits every message in one SMS of at most ${MAX_SEGMENTS_PER_SMS} segments`, () => {
    expect(costs.filter((cost) => cost.segments > MAX_SEGMENTS_PER_SMS)).toEqual([]);
  });

  it("keeps the keyword replies (STOP, START, HELP) to one segment in GSM-7, two in UCS-2", () => {
    const long = costs.filter((cost) => cost.key.startsWith("sms:") && cost.segments > (cost.encoding === "GSM-7" ? 1 : 2));
    expect(long).toEqual([]);
  });

  it(`is reported in the README and ${DOCUMENT} (regenerate with ${UPDATE})`, () => {
    const table = segmentSummaryTable(costs, names);
    const document = segmentDocument(costs, names);
    const readme = readFileSync(README, "utf8");
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, `README.md needs the markers ${START} … ${END}`).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const current = readme.slice(start + START.length, end).trim();
    if (process.env.UPDATE_SMS_SEGMENTS) {
      writeFileSync(README, `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`);
      writeFileSync(DOCUMENT, document);
      return;
    }
    expect(current, `the README's SMS segment table is out of date: run ${UPDATE}`).toBe(table);
    expect(readFileSync(DOCUMENT, "utf8"), `${DOCUMENT} is out of date: run ${UPDATE}`).toBe(document);
  });
});
