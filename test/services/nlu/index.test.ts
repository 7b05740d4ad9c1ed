import { spawnSync } from "node:child_process";
import { readdir, readFile, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { FRESH_EVAL_FILE, HELDOUT_FILE, loadEvalSet } from "../../../bench/nlu.ts";
import { LANGUAGES, type Language } from "../../../services/languages.ts";
import { loadCorpus } from "../../../services/nlu/corpus.ts";
import { createNlu, INTENTS, type Intent, type Nlu } from "../../../services/nlu/index.ts";
import { fold } from "../../../services/nlu/normalize.ts";
import { districtNames } from "../../support/fixtures.ts";

let nlu: Nlu;
beforeAll(async () => {
  nlu = await createNlu();
});

// The bot passes the municipality's districts from its database; these are the test fixtures'.
const understand = async (text: string, context = {}) => nlu.understand(text, { districts: districtNames, ...context });

describe("intents and languages of realistic messages", () => {
  const table: [string, Language, Intent][] = [
    // Norwegian youth SMS: no æøå, typos, dialect, mixed with English.
    ["hvor mye har jeg igjen", "nb", "balance"],
    ["hvormye penger har jeg igjen på kortet", "nb", "balance"],
    ["fotball tirsdag konnerud?", "nb", "find_activity"],
    ["kan jeg melde meg på fotbal", "nb", "sign_up"],
    ["kan jeg bruke kortet på camp?", "nb", "coverage"],
    ["vil ikke gå på handball mer, meld meg av", "nb", "cancel_signup"],
    ["sonnen min har autisme, trenger tilrettelegging", "nb", "accommodation"],
    ["hva har pengene blitt brukt til", "nb", "history"],
    ["får lillesøster fritidskort når hun blir 6?", "nb", "eligibility"],
    ["vil snakke med et ekte menneske", "nb", "human"],
    ["slett alle opplysningene om meg", "nb", "delete_data"],
    ["hva har dere lagret om meg?", "nb", "access_data"],
    ["hei", "nb", "greeting"],
    ["heeeei", "nb", "greeting"],
    ["STOPP", "nb", "stop"],
    ["hjelp", "nb", "help"],
    // English, a parent writing politely and a youth writing fast.
    ["how much money is left on my card?", "en", "balance"],
    ["could you please sign my daughter up for dance", "en", "sign_up"],
    ["is swimming on wednesdays an option?", "en", "find_activity"],
    ["does the card pay for football boots", "en", "coverage"],
    ["please cancel the registration for choir", "en", "cancel_signup"],
    ["can i talk to a real person", "en", "human"],
    ["please delete my data", "en", "delete_data"],
    ["what information do you keep about me?", "en", "access_data"],
    ["who can get the leisure card?", "en", "eligibility"],
    ["stop texting me please", "en", "stop"],
    ["whats the weather like tomorrow", "en", "out_of_scope"],
    // Arabic, right to left.
    ["كم تبقى في بطاقتي", "ar", "balance"],
    ["هل توجد سباحة يوم الخميس؟", "ar", "find_activity"],
    ["أريد تسجيل ابني في كرة القدم", "ar", "sign_up"],
    ["هل تغطي البطاقة المخيم الصيفي", "ar", "coverage"],
    ["أريد التحدث مع موظف", "ar", "human"],
    // The other languages, one each at least.
    ["ile pieniędzy zostało na karcie", "pl", "balance"],
    ["kiek pinigų liko kortelėje", "lt", "balance"],
    ["скільки грошей залишилось на картці", "uk", "balance"],
    ["intee lacag ah ayaa ku hartay kaarka", "so", "balance"],
    ["کارڈ پر کتنے پیسے باقی ہیں", "ur", "balance"],
    ["kartta ne kadar para kaldı", "tr", "balance"],
    ["ኣብ ካርድ ክንደይ ገንዘብ ተሪፉ", "ti", "balance"],
  ];
  it.each(table)("%s → %s / %s", async (text, language, intent) => {
    const got = await understand(text);
    expect({ language: got.language, intent: got.intent }).toEqual({ language, intent });
    expect(got.confidence).toBeGreaterThan(0);
    expect(got.confidence).toBeLessThanOrEqual(1);
  });
});

describe("language identification", () => {
  it.each([
    ["ok", "pl"],
    ["2", "ar"],
    ["ja", "en"],
    ["MER", "so"],
    ["👍", "uk"],
    ["Konnerud", "tr"],
    ["Jonas", "ur"],
  ] as [string, Language][])("a short or neutral message (%s) keeps the current language %s", async (text, currentLanguage) => {
    const got = await understand(text, { currentLanguage, childNames: ["Jonas"] });
    expect(got.language).toBe(currentLanguage);
  });

  it("without a current language, short messages fall back to Norwegian", async () => {
    expect((await understand("ok")).language).toBe("nb");
    expect((await understand("3")).language).toBe("nb");
  });

  it("a real sentence switches away from the current language", async () => {
    expect((await understand("how much money do I have left", { currentLanguage: "nb" })).language).toBe("en");
    expect((await understand("hvor mye penger har jeg igjen", { currentLanguage: "en" })).language).toBe("nb");
  });

  it("tells Urdu from Arabic by Urdu's own letters and words", async () => {
    expect((await understand("میرے بیٹے کے لیے فٹبال ہے؟")).language).toBe("ur");
    expect((await understand("هل يوجد كرة قدم لابني؟")).language).toBe("ar");
  });

  it("Ethiopic script is Tigrinya, Cyrillic is Ukrainian", async () => {
    expect((await understand("ሰላም ከመይ ኣለኹም")).language).toBe("ti");
    expect((await understand("добрий день, як справи")).language).toBe("uk");
  });

  it("Danish- or Swedish-looking Norwegian is Norwegian: we serve neither", async () => {
    expect((await understand("jeg vil gerne have hjælp med kortet")).language).toBe("nb");
    expect((await understand("hur mycket pengar har jag kvar på kortet")).language).toBe("nb");
  });
});

describe("change_language requests", () => {
  it.each([
    ["english please", "en"],
    ["po polsku", "pl"],
    ["på norsk", "nb"],
    ["paa norsk takk", "nb"],
    ["بالعربي", "ar"],
    ["türkçe lütfen", "tr"],
    ["lietuviškai prašau", "lt"],
    ["українською будь ласка", "uk"],
    ["af soomaali", "so"],
    ["اردو میں", "ur"],
    ["ብትግርኛ", "ti"],
    ["can you write to me in arabic instead?", "ar"],
  ] as [string, Language][])("%s → change_language to %s", async (text, language) => {
    const got = await understand(text, { currentLanguage: "nb" });
    expect(got.intent).toBe("change_language");
    expect(got.entities.language).toBe(language);
  });

  it("a short request is taken to be in the language asked for", async () => {
    expect((await understand("english please", { currentLanguage: "nb" })).language).toBe("en");
    expect((await understand("po polsku", { currentLanguage: "nb" })).language).toBe("pl");
  });
});

describe("entities", () => {
  it("categories in many languages and spellings", async () => {
    for (const [text, category] of [
      ["svømming på onsdag?", "swimming"],
      ["svomming på onsdag?", "swimming"],
      ["swimming on wednesday?", "swimming"],
      ["piłka nożna we wtorek", "football"],
      ["كرة القدم يوم الثلاثاء", "football"],
      ["kubadda cagta talaado", "football"],
      ["futbol salı günü", "football"],
      ["чи можна з карткою в кіно?", "cinema"],
      ["kan jeg bruke kortet på fotballcamp?", "camp"],
      ["noe med musikk for 10-åring på Fjell", "music"],
    ] as const) {
      expect((await understand(text)).entities.category, text).toBe(category);
    }
  });

  it("named weekdays in all ten languages, and no weekday for 'tomorrow'", async () => {
    for (const [text, weekday] of [
      ["fotball tirsdag", 2],
      ["football on thursday", 4],
      ["basen w środę", 3],
      ["futbolas penktadienį", 5],
      ["футбол у суботу", 6],
      ["كرة القدم يوم الأحد", 7],
      ["dabaal isniinta", 1],
      ["منگل کو فٹبال", 2],
      ["cumartesi futbol", 6],
      ["ረቡዕ ምሕምባስ", 3],
    ] as const) {
      expect((await understand(text)).entities.weekday, text).toBe(weekday);
    }
    expect((await understand("fotball i morgen")).entities.weekday).toBeUndefined();
  });

  it("districts typed without æøå, with a typo, or from the municipality's own list; none without a list", async () => {
    expect((await understand("håndball på stromso")).entities.district).toBe("Strømsø");
    expect((await understand("noe på assiden?")).entities.district).toBe("Åssiden");
    expect((await understand("fotball konerud")).entities.district).toBe("Konnerud");
    const districts = [{ name: "Nedre Eiker", aliases: ["eiker"] }];
    expect((await understand("fotball i nedre eiker", { districts })).entities.district).toBe("Nedre Eiker");
    expect((await understand("fotball konnerud", { districts })).entities.district).toBeUndefined();
    expect((await nlu.understand("fotball konnerud")).entities.district).toBeUndefined();
  });

  it("ages written the ways people write them", async () => {
    for (const [text, age] of [
      ["noe for 10-åring", 10],
      ["noe for en 10åring", 10],
      ["hun er 10 år", 10],
      ["for my 10 years old", 10],
      ["noe for min sønn på 9", 9],
      ["zajęcia dla dziecka 8 lat", 8],
      ["ابني عمره ٩ سنوات", 9],
      ["9 yaşındaki oğlum", 9],
    ] as const) {
      expect((await understand(text)).entities.age, text).toBe(age);
    }
  });

  it("child names from the context, inflected too", async () => {
    const childNames = ["Jonas", "Ella"];
    expect((await understand("meld jonas på fotball", { childNames })).entities.childName).toBe("Jonas");
    expect((await understand("zapisz ellę na taniec", { childNames })).entities.childName).toBe("Ella");
    expect((await understand("jonas'ın bakiyesi", { childNames })).entities.childName).toBe("Jonas");
    expect((await understand("meld jonas på fotball")).entities.childName).toBeUndefined();
  });

  it("a bare number answers a menu; a price is not an age", async () => {
    const two = await understand("2", { currentLanguage: "en" });
    expect(two.entities.number).toBe(2);
    expect(two.language).toBe("en");
    expect((await understand("nr 3")).entities.number).toBe(3);
    expect((await understand("٢", { currentLanguage: "ar" })).entities.number).toBe(2);
    const cheap = await understand("fotball under 500 kr for 12 åring");
    expect(cheap.entities).toMatchObject({ maxFeeNok: 500, age: 12, category: "football" });
    expect(cheap.entities.number).toBeUndefined();
  });
});

describe("greetings that open a question, closings and the ranked intents", () => {
  it.each([
    ["Hei! Kan jeg se hvor mye som står igjen på kortet?", "balance"],
    ["god morgen, finnes det klatring for barn på konnerud", "find_activity"],
    ["hello there, which activities are there on mondays", "find_activity"],
    ["مرحبا، هل يمكن استخدام البطاقة في مخيم", "coverage"],
  ] as const)("%s is the question, not a greeting", async (text, intent) => {
    expect((await understand(text)).intent).toBe(intent);
  });

  it.each(["hei", "heisann", "god morgen", "hello"])("%s alone stays a greeting", async (text) => {
    expect((await understand(text)).intent).toBe("greeting");
  });

  it.each(["takk for hjelpen!", "tusen takk, ha det", "thank you, bye", "شكرا جزيلا لك"])("%s is a closing", async (text) => {
    expect((await understand(text)).intent).toBe("closing");
  });

  it("ranks the likeliest intents, the first being the intent, at most four", async () => {
    const understood = await understand("hvor mye har jeg igjen på kortet");
    expect(understood.ranked[0]).toEqual({ intent: understood.intent, confidence: understood.confidence });
    expect(understood.ranked.length).toBeLessThanOrEqual(4);
    const scores = understood.ranked.map((r) => r.confidence);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(understood.ranked.map((r) => r.intent)).size).toBe(understood.ranked.length);
    // A rule's answer has one meaning.
    expect((await understand("STOPP")).ranked).toEqual([{ intent: "stop", confidence: 1 }]);
  });
});

describe("the corpus and the evaluation set", () => {
  const normalise = (text: string) => fold(text).replace(/[^\p{L}\p{N}]+/gu, " ").trim();

  it("has a corpus file for every language, covering every intent", async () => {
    const files = (await readdir(fileURLToPath(new URL("../../../services/nlu/corpus/", import.meta.url)))).filter((f) => f.endsWith(".json"));
    expect(files.sort()).toEqual(LANGUAGES.map((language) => `${language}.json`).sort());
    const corpus = await loadCorpus();
    for (const language of LANGUAGES) {
      for (const intent of INTENTS) {
        const count = corpus.filter((u) => u.language === language && u.intent === intent).length;
        expect(count, `${language}/${intent}`).toBeGreaterThanOrEqual(5);
      }
    }
  });

  it("shares no sentence between training and evaluation, and evaluates every language on 40+ messages", async () => {
    const training = new Set((await loadCorpus()).map((u) => normalise(u.text)));
    const evaluation = await loadEvalSet();
    const fresh = await loadEvalSet(FRESH_EVAL_FILE);
    const overlap = [...evaluation, ...fresh].filter((row) => training.has(normalise(row.text))).map((row) => row.text);
    expect(overlap).toEqual([]);
    for (const language of LANGUAGES) {
      expect(evaluation.filter((row) => row.language === language).length, language).toBeGreaterThanOrEqual(40);
    }
  });

  it("keeps the held-out set apart: none of its sentences is in the corpus or a tuning set, 40+ per language", async () => {
    // The rule (docs/nlu.md): bench/data/nlu-heldout.jsonl is never tuned on. Its misses are not
    // fixed by copying them, or a paraphrase of them, into the corpus or the tuning set.
    const heldout = await loadEvalSet(HELDOUT_FILE);
    const tuning = new Set([...(await loadCorpus()).map((u) => u.text), ...(await loadEvalSet()).map((row) => row.text), ...(await loadEvalSet(FRESH_EVAL_FILE)).map((row) => row.text)].map(normalise));
    expect(heldout.filter((row) => tuning.has(normalise(row.text))).map((row) => row.text)).toEqual([]);
    expect(new Set(heldout.map((row) => `${row.language}:${normalise(row.text)}`)).size).toBe(heldout.length);
    for (const language of LANGUAGES) {
      const rows = heldout.filter((row) => row.language === language);
      expect(rows.length, language).toBeGreaterThanOrEqual(40);
      // The kinds of message issue 14 names are in every language.
      for (const intent of ["closing", "accommodation", "access_data", "history"] as const) expect(rows.some((row) => row.intent === intent), `${language}/${intent}`).toBe(true);
    }
  });

  it("has no duplicate sentence within the corpus", async () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const u of await loadCorpus()) {
      const key = `${u.language}:${normalise(u.text)}`;
      if (seen.has(key)) duplicates.push(`${key} (${seen.get(key)} and ${u.intent})`);
      seen.set(key, u.intent);
    }
    expect(duplicates).toEqual([]);
  });

  it("keeps botbuilder out of services/nlu", async () => {
    const dir = fileURLToPath(new URL("../../../services/nlu/", import.meta.url));
    for (const file of (await readdir(dir)).filter((f) => f.endsWith(".ts"))) {
      expect(await readFile(join(dir, file), "utf8"), file).not.toMatch(/from "botbuilder/);
    }
  });
});

describe("npm run nlu -- --jsonl FILE", () => {
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  const run = (file: string) => spawnSync(process.execPath, ["--import", "tsx", "scripts/nlu.ts", "--jsonl", file], { cwd: root, encoding: "utf8" });

  it("prints one JSON line per input and nothing else", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nlu-"));
    const file = join(dir, "in.jsonl");
    await writeFile(file, ['{"text":"hvor mye har jeg igjen"}', '{"text":"english please"}', "", '{"text":"2","currentLanguage":"pl"}'].join("\n"));
    const result = run(file);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(Object.keys(lines[0]!)).toEqual(["text", "language", "intent", "confidence", "entities"]);
    expect(lines[0]).toMatchObject({ text: "hvor mye har jeg igjen", language: "nb", intent: "balance" });
    expect(lines[1]).toMatchObject({ intent: "change_language", entities: { language: "en" } });
    expect(lines[2]).toMatchObject({ language: "pl", entities: { number: 2 } });
  });

  it("names the bad line on stderr, prints nothing on stdout and exits non-zero", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nlu-"));
    const file = join(dir, "bad.jsonl");
    await writeFile(file, ['{"text":"hei"}', '{"txt":"hei"}'].join("\n"));
    const result = run(file);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/line 2/);
    expect(result.stderr).toMatch(/text/);
  });
});
