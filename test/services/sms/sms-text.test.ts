import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_SEGMENTS_PER_SMS, normalizeSmsText, prepareSms, smsCost, splitSms, toGsmSafe } from "../../../services/sms/sms-text.ts";
import { SegmentedMessage } from "sms-segments-calculator";

describe("SMS encoding and segments", () => {
  it("keeps Norwegian æøå ÆØÅ in GSM-7: 160 in one segment, 153 per segment beyond", () => {
    expect(smsCost("Hei Åse! Ærlig talt: du får 1000 kr på kortet, også i år. Søk før fristen.")).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(smsCost("æøå".repeat(53) + "Æ")).toEqual({ encoding: "GSM-7", segments: 1, length: 160 });
    expect(smsCost("ø".repeat(161))).toMatchObject({ encoding: "GSM-7", segments: 2 });
    expect(smsCost("å".repeat(306))).toMatchObject({ segments: 2 });
    expect(smsCost("å".repeat(307))).toMatchObject({ segments: 3 });
  });

  it("counts extension-table characters (€ [ ] { } | ^ ~ \\) as two septets", () => {
    expect(smsCost("€")).toEqual({ encoding: "GSM-7", segments: 1, length: 2 });
    expect(smsCost("[]{}|^~\\")).toEqual({ encoding: "GSM-7", segments: 1, length: 16 });
    expect(smsCost("€".repeat(80))).toMatchObject({ segments: 1 });
    expect(smsCost("€".repeat(81))).toMatchObject({ segments: 2 });
    // An escape pair is never split across two segments: the same 306 septets take 2 or 3.
    expect(smsCost("a".repeat(153) + "€" + "a".repeat(151))).toMatchObject({ length: 306, segments: 2 });
    expect(smsCost("a".repeat(152) + "€" + "a".repeat(152))).toMatchObject({ length: 306, segments: 3 });
  });

  it("treats a decomposed å (as some keyboards send it) as the GSM-7 letter it is", () => {
    expect(smsCost("pa\u030a")).toMatchObject({ encoding: "GSM-7", length: 2 });
  });

  it("switches the whole message to UCS-2 for one curly quote: 70 in one segment, 67 per segment beyond", () => {
    expect(smsCost(`${"a".repeat(68)}“”`)).toEqual({ encoding: "UCS-2", segments: 1, length: 70 });
    expect(smsCost(`${"a".repeat(69)}“”`)).toMatchObject({ encoding: "UCS-2", segments: 2 });
    expect(smsCost("ل".repeat(134))).toMatchObject({ encoding: "UCS-2", segments: 2 });
    expect(smsCost("ل".repeat(135))).toMatchObject({ encoding: "UCS-2", segments: 3 });
    expect(smsCost("Cześć")).toMatchObject({ encoding: "UCS-2" });
  });
});

describe("GSM-safe text", () => {
  it("replaces typography that has a GSM-7 equivalent and drops emoji", () => {
    expect(toGsmSafe("«Hei» – sa hun… “Ja”, ‘nei’ — 👍🏽 fint 🇳🇴! 👨‍👩‍👧")).toBe(`"Hei" - sa hun... "Ja", 'nei' - fint!`);
    expect(smsCost(toGsmSafe("Påmeldingen er “bekreftet” – velkommen! 🎉"))).toMatchObject({ encoding: "GSM-7", segments: 1 });
  });

  it("keeps the letters of languages that need UCS-2", () => {
    expect(toGsmSafe("Zażółć gęślą jaźń – “dziękuję”")).toBe(`Zażółć gęślą jaźń - "dziękuję"`);
    expect(toGsmSafe("مرحبًا – أهلاً")).toBe("مرحبًا - أهلاً");
  });
});

describe("splitting long replies", () => {
  const list = Array.from({ length: 24 }, (_, i) => `${i + 1}. Fotball for jenter 10-12 år, Konnerud, tirsdager kl. 18.00`).join("\n");

  it("cuts a long list at line ends, each part within the segment budget", () => {
    const parts = splitSms(list);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(smsCost(part).segments).toBeLessThanOrEqual(MAX_SEGMENTS_PER_SMS);
      expect(part).toMatch(/^\d+\. Fotball.*18\.00$/s);
    }
    expect(parts.join("\n")).toBe(list);
  });

  it("cuts a long paragraph at sentence ends before it cuts between words", () => {
    const sentences = Array.from({ length: 20 }, (_, i) => `Dette er setning nummer ${i + 1} om fritidskortet.`).join(" ");
    const parts = splitSms(sentences, 1);
    for (const part of parts) expect(part).toMatch(/^Dette er setning nummer \d+ om fritidskortet\.( Dette.*\.)?$/);
  });

  it("keeps the line break after a line that itself had to be cut (found by the property below)", () => {
    const text = "łł€ø. a€ÅØAø€€ØA. øæÅaAÆ€å, Æ€å æAåØ€łałłååæ øØÅÅA, łÆøÆłaÅÆø, ÆÆ€ ÅøÅØ\næ ";
    const parts = splitSms(text, 1);
    expect(parts.join(" ")).not.toContain("ÅøÅØæ");
    expect(parts.at(-1)).toMatch(/ÅøÅØ\næ$/);
  });

  it("never cuts inside a word, whatever the text", () => {
    const word = fc.stringMatching(/^[a-zA-ZæøåÆØÅ€ł]{1,12}$/);
    const text = fc.array(fc.tuple(word, fc.constantFrom(" ", " ", "\n", ". ", ", ")), { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 4 }), (pieces, maxSegments) => {
        const source = pieces.map(([w, gap]) => w + gap).join("");
        const parts = splitSms(source, maxSegments);
        const words = (s: string) => s.split(/[\s.,]+/).filter(Boolean);
        expect(parts.flatMap(words)).toEqual(words(source));
        for (const part of parts) expect(smsCost(part).segments).toBeLessThanOrEqual(maxSegments);
      }),
      { numRuns: 150 },
    );
  });

  it("joins a turn's replies into as few SMS as fit", () => {
    expect(prepareSms(["Hei!", "Du har 500 kr igjen på fritidskortet.", ""])).toEqual(["Hei!\nDu har 500 kr igjen på fritidskortet."]);
    expect(prepareSms([])).toEqual([]);
  });
});

describe("smsCost's own count of plain GSM-7 text", () => {
  const GSM7 = [..."@£$¥èéùìòÇ\nØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"];
  it("is the library's count (sms-segments-calculator) for any GSM-7 text, with and without extension characters", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...GSM7), { maxLength: 700 }), (characters) => {
        const text = characters.join("");
        const library = new SegmentedMessage(normalizeSmsText(text), "auto");
        expect(smsCost(text)).toEqual({ encoding: library.encodingName, segments: library.segmentsCount, length: library.numberOfCharacters });
      }),
      { numRuns: 400 },
    );
  });
});

describe("smsCost's own count of UCS-2 text", () => {
  const MIXED = [..."abcæøå €[]{}|^~\\\n.,!?0123456789ąęłńśźżçğışüöكرةالقدممرحبايحتاجабвгґдєіїжሰላምእንዴትአለህ۔؟’“”–ًٌُ"];
  it("is the library's count for any text of the service's scripts, GSM-7 letters, escapes and Arabic harakat mixed in", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...MIXED), { minLength: 1, maxLength: 400 }), (characters) => {
        const text = characters.join("");
        const library = new SegmentedMessage(normalizeSmsText(text), "auto");
        expect(smsCost(text)).toEqual({ encoding: library.encodingName, segments: library.segmentsCount, length: library.numberOfCharacters });
      }),
      { numRuns: 400 },
    );
  });
});

describe("smsCost on the catalog", () => {
  it("is the library's count for every message in locales/, in every language", () => {
    const root = new URL("../../../locales/", import.meta.url);
    const strings: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === "string") strings.push(value);
      else if (value && typeof value === "object") for (const inner of Object.values(value)) walk(inner);
    };
    for (const language of readdirSync(root).filter((name) => /^[a-z]{2}$/.test(name))) {
      for (const file of readdirSync(new URL(`${language}/`, root))) walk(JSON.parse(readFileSync(new URL(`${language}/${file}`, root), "utf8")));
    }
    expect(strings.length).toBeGreaterThan(1000);
    for (const text of strings) {
      const library = new SegmentedMessage(normalizeSmsText(text), "auto");
      expect(smsCost(text), text).toEqual({ encoding: library.encodingName, segments: library.segmentsCount, length: library.numberOfCharacters });
    }
  });
});
