import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../../locales/i18n.ts";
import { LANGUAGES } from "../../services/languages.ts";
import { catalogSmsCosts, DOCUMENT, README, segmentReport, withTable } from "../../scripts/sms-segment-report.ts";
import { MAX_SEGMENTS_PER_SMS } from "../../services/sms/sms-text.ts";

const costs = catalogSmsCosts(loadCatalogs());
const UPDATE = "npm run sms-segments";

describe("the SMS cost of every catalog message", () => {
  it("costs every message of every language (the namespaces SMS can carry)", () => {
    // A youth's own form (`_youth`, "du" for "dere") exists only in the languages where it differs.
    const plain = (language: string) => costs.filter((cost) => cost.language === language && !/^chat:.*_youth$/.test(cost.key)).map((cost) => cost.key);
    for (const language of LANGUAGES) {
      const keys = plain(language);
      expect(keys, language).toEqual(plain("nb"));
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
    const { table, document } = segmentReport();
    const readme = readFileSync(README, "utf8");
    expect(withTable(readme, table), `the README's SMS segment table is out of date: run ${UPDATE}`).toBe(readme);
    expect(readFileSync(DOCUMENT, "utf8"), `${DOCUMENT} is out of date: run ${UPDATE}`).toBe(document);
  });
});
