/**
 * Offline language understanding for the chat: which language a message is in, what the person
 * wants (one of INTENTS) and the facts in it (Entities). No botbuilder here: dialogs get an `Nlu`
 * injected and tests can replace it. How it was built and measured: docs/nlu.md.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { LANGUAGES, type Language } from "../languages.ts";
import { IntentClassifier, type Classification, type ClassifierOptions } from "./classifier.ts";
import { CORPUS_DIR, loadCorpus } from "./corpus.ts";
import { extractEntities, PLACEHOLDERS, type DistrictNames, type Entities } from "./entities.ts";
import { type Intent } from "./intents.ts";
import { buildVocabulary, identifyLanguage, type Vocabulary } from "./language-id.ts";
import { fold } from "./normalize.ts";
import { FOLLOW_UP_WORDS, GREETING_OPENERS } from "./lexicon.ts";
import { DEFAULT_MODEL_CACHE_DIR, modelKey, readModel, writeModel } from "./model-cache.ts";

/** The NLU reads at most this much of a message: an SMS's length (Twilio's limit). */
export const MAX_UNDERSTOOD_CHARACTERS = 1600;

export { INTENTS, isIntent, type Intent } from "./intents.ts";
export type { Entities, DistrictNames } from "./entities.ts";

export interface Understanding {
  text: string;
  language: Language;
  intent: Intent;
  /** 0..1: the classifier's score, or 1 for a rule (a bare "STOP"). */
  confidence: number;
  /**
   * The likeliest intents, best first (the first is `intent`), at most four: what a clarifying
   * question offers when the first is not sure of itself (dialogs/clarify.ts). A rule gives one.
   */
  ranked: { intent: Intent; confidence: number }[];
  entities: Entities;
}

export interface UnderstandContext {
  /** The conversation's language so far: kept for messages with too little language in them. Default nb. */
  currentLanguage?: Language;
  /** The children the person may act for, to recognise "meld Jonas på". */
  childNames?: string[];
  /** The municipality's districts, from its database; without them no district is recognised. */
  districts?: DistrictNames[];
}

export interface Nlu {
  understand(text: string, context?: UnderstandContext): Understanding | Promise<Understanding>;
}

export interface CreateNluOptions extends ClassifierOptions {
  /** Where the <language>.json corpus files are (tests point it at a small corpus). */
  corpusDir?: string;
  /** Where trained models are kept by what they were trained from (services/nlu/model-cache.ts); null: never. */
  modelCacheDir?: string | null;
}

/** The names the corpus uses for children: masked like a family's children are at run time. */
export const CORPUS_CHILD_NAMES = ["Jonas", "Ella"];

/**
 * The places the corpus's sentences name (it was written in Drammen): masked in training as a
 * municipality's own districts are at run time, so the classifier learns "xactivity xplace", not
 * these names. Never used to recognise a district in a message: those come from the database.
 */
export const CORPUS_DISTRICTS: DistrictNames[] = [
  { name: "Strømsø", aliases: ["stromso", "stroemsoe"] },
  { name: "Konnerud", aliases: ["konnerud"] },
  { name: "Åssiden", aliases: ["assiden", "aassiden"] },
  { name: "Fjell", aliases: ["fjell"] },
  { name: "Gulskogen", aliases: ["gulskogen"] },
  { name: "Mjøndalen", aliases: ["mjondalen", "mjoendalen"] },
  { name: "Svelvik", aliases: ["svelvik"] },
];

const FOLLOW_UP = new Set(FOLLOW_UP_WORDS.map(fold));
const OPENERS = GREETING_OPENERS.map((opener) => opener.split(/\s+/).map(fold)).sort((a, b) => b.length - a.length);

/** Placeholders that a search is made of. */
const SEARCH_FACTS = new Set<string>([PLACEHOLDERS.activity, PLACEHOLDERS.weekday, PLACEHOLDERS.place, PLACEHOLDERS.age, PLACEHOLDERS.price]);

/** How many of the first masked words are a greeting ("hei", "god morgen", "السلام عليكم"), repeated or not. */
function greetingLength(masked: readonly string[]): number {
  let at = 0;
  for (;;) {
    const opener = OPENERS.find((words) => words.every((word, i) => masked[at + i] === word));
    if (!opener) return at;
    at += opener.length;
  }
}

/** The SMS opt-out keywords carriers and users expect to work alone, in any language. */
const STOP_KEYWORDS = new Set(["stop", "stopp", "stopp alt", "stop all", "stopall", "unsubscribe"]);

export async function createNlu(options: CreateNluOptions = {}): Promise<Nlu> {
  const corpusDir = options.corpusDir ?? CORPUS_DIR;
  const cacheDir = options.modelCacheDir === undefined ? DEFAULT_MODEL_CACHE_DIR : options.modelCacheDir;
  const key = cacheDir ? modelKey([await trainingInputs(corpusDir), options.features ?? null, options.method ?? null]) : undefined;
  if (cacheDir && key) {
    const restored = await restoreNlu(await readModel(cacheDir, key), options);
    if (restored) return restored;
  }
  const corpus = await loadCorpus(corpusDir);
  const prepared = corpus.map((utterance) => ({ ...utterance, extraction: extractEntities(utterance.text, { childNames: CORPUS_CHILD_NAMES, districts: CORPUS_DISTRICTS }) }));
  const vocabulary: Vocabulary = buildVocabulary(
    prepared.map(({ language, extraction }) => ({ language, tokens: extraction.tokens.filter((_, i) => !extraction.neutralTokenIndexes.has(i)) })),
  );
  const classifiers = new Map<Language, IntentClassifier>();
  for (const language of LANGUAGES) {
    const examples = prepared.filter((u) => u.language === language).map((u) => ({ tokens: u.extraction.masked, intent: u.intent }));
    classifiers.set(language, await IntentClassifier.train(language, examples, options));
  }
  if (cacheDir && key) {
    const models = Object.fromEntries([...classifiers].map(([language, classifier]) => [language, classifier.toJSON()]));
    await writeModel(cacheDir, key, { vocabulary: { unique: [...vocabulary.unique], shared: [...vocabulary.shared] }, models });
  }
  return new CorpusNlu(classifiers, vocabulary);
}

/**
 * What a trained NLU is made from: the corpus files and the source of the code that turns them into
 * training examples and features (this folder, and the category and language lists it reads).
 */
async function trainingInputs(corpusDir: string): Promise<string[]> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sources = [...(await readdir(here)).filter((file) => file.endsWith(".ts")).sort().map((file) => path.join(here, file)), ...["../catalog/categories.ts", "../languages.ts", "../text.ts"].map((file) => path.join(here, file))];
  const corpus = LANGUAGES.map((language) => path.join(corpusDir, `${language}.json`));
  return Promise.all([...sources, ...corpus].map((file) => readFile(file, "utf8")));
}

const CachedNlu = z.object({
  vocabulary: z.object({ unique: z.array(z.tuple([z.string(), z.enum(LANGUAGES)])), shared: z.array(z.string()) }),
  models: z.record(z.enum(LANGUAGES), z.unknown()),
});

/** The NLU from a cached model; undefined when there is none or it is not whole. */
async function restoreNlu(cached: unknown, options: CreateNluOptions): Promise<Nlu | undefined> {
  const parsed = CachedNlu.safeParse(cached);
  if (!parsed.success) return undefined;
  const classifiers = new Map<Language, IntentClassifier>();
  for (const language of LANGUAGES) {
    const model = parsed.data.models[language];
    if (!model) return undefined;
    classifiers.set(language, await IntentClassifier.restore(language, model, options));
  }
  return new CorpusNlu(classifiers, { unique: new Map(parsed.data.vocabulary.unique), shared: new Set(parsed.data.vocabulary.shared) });
}

class CorpusNlu implements Nlu {
  constructor(
    private readonly classifiers: ReadonlyMap<Language, IntentClassifier>,
    private readonly vocabulary: Vocabulary,
  ) {}

  async understand(fullText: string, context: UnderstandContext = {}): Promise<Understanding> {
    // What a person means is in the first lines; a pasted page (web chat takes 32 KB) would cost
    // seconds of matching and say nothing more (docs/resilience.md). An SMS is at most 1600.
    const text = fullText.length > MAX_UNDERSTOOD_CHARACTERS ? fullText.slice(0, MAX_UNDERSTOOD_CHARACTERS) : fullText;
    const current = context.currentLanguage ?? "nb";
    const extraction = extractEntities(text, { childNames: context.childNames, districts: context.districts });
    const { entities, masked, tokens } = extraction;
    if (entities.childName && masked.every((token) => token === PLACEHOLDERS.child || FOLLOW_UP.has(token))) entities.onlyChild = true;
    const neutralWords = new Set([...extraction.neutralTokenIndexes].map((i) => tokens[i]!));
    const guess = identifyLanguage(text, neutralWords, this.vocabulary, current);
    const round = (score: number) => Math.round(score * 1000) / 1000;
    const result = (intent: Intent, confidence: number, language: Language = guess.language, ranked: Classification[] = []): Understanding => ({
      text,
      language,
      intent,
      confidence: round(confidence),
      ranked: [{ intent, confidence: round(confidence) }, ...ranked.filter((c) => c.intent !== intent).map((c) => ({ intent: c.intent, confidence: round(c.score) }))].slice(0, 4),
      entities,
    });

    if (tokens.length === 0) {
      // "?" asks what the service can do; an emoji or nothing at all is no request.
      return /\?/.test(text) ? result("help", 0.9) : result("out_of_scope", 0);
    }
    // A bare number answers the numbered menu the dialog last showed; only the dialog knows which.
    if (entities.number !== undefined && masked.length === 1 && masked[0] === PLACEHOLDERS.number) return result("out_of_scope", 0);
    if (STOP_KEYWORDS.has(fold(text).replace(/[^\p{L}\p{N} ]/gu, "").trim())) return result("stop", 1);

    const classifier = this.classifiers.get(guess.language)!;
    // "Hei! Vi lurer på om …": a greeting that opens a real question; the question decides.
    // Only the facts of a search and short words between them ("fotball", "fotball på lørdag",
    // "football on tuesday in konnerud", "dans 10 år"): a search.
    if (masked.includes(PLACEHOLDERS.activity) && masked.every((token) => SEARCH_FACTS.has(token) || [...token].length <= 3)) return result("find_activity", 1);
    const greeting = greetingLength(masked);
    // Nothing but greetings ("heisann", "hei hei", "السلام عليكم"): a greeting, whatever the classifier thinks.
    if (greeting > 0 && greeting === masked.length) return result("greeting", 1);
    const asked = greeting > 0 && masked.length - greeting >= 2 ? masked.slice(greeting) : masked;
    let ranked = await classifier.classify(asked);
    // What follows the greeting was no known word ("hei alle sammen"): the whole message decides.
    if (asked !== masked && ranked[0]!.score === 0) ranked = await classifier.classify(masked);
    const top = ranked[0]!;
    // Score 0: not one known word; NLP.js then lists the intents in arbitrary order.
    if (top.score === 0) return result(entities.language !== undefined ? "change_language" : "out_of_scope", 0);

    if (entities.language !== undefined) {
      // "english please", "po polsku", "بالعربي": a language name and little else is a request to
      // switch, whatever the classifier makes of two words. Said without enough language of its
      // own, the message is taken to be in the language asked for.
      const otherWords = masked.filter((token) => token !== PLACEHOLDERS.language).length;
      if (otherWords <= 2 || top.intent === "change_language" || top.score < 0.5) {
        return result("change_language", Math.max(top.intent === "change_language" ? top.score : 0, 0.9), guess.confident ? guess.language : entities.language);
      }
    }
    return result(top.intent, top.score, guess.language, ranked);
  }
}
