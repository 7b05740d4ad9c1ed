/**
 * Intent classification with NLP.js (@nlpjs/nlu): one small neural classifier per language, trained
 * at start on the corpus. NLP.js has language packs (stemmers) for nb ("no"), en, pl, lt, uk, ar and
 * tr, none for so, ur or ti: those get the pack-less pipeline (folded words) plus character 4-grams,
 * which catch the suffixes and typos a stemmer would (measured in docs/nlu.md).
 *
 * The text given to the classifier is already folded and has its entities replaced by placeholders
 * (entities.ts): NLP.js's own tokenizer and normaliser are replaced by a split on spaces so
 * "xactivity" reaches the network unchanged in every language.
 */
import { containerBootstrap, type Container } from "@nlpjs/core";
import { LangAr } from "@nlpjs/lang-ar";
import { LangEn } from "@nlpjs/lang-en";
import { LangLt } from "@nlpjs/lang-lt";
import { LangNo } from "@nlpjs/lang-no";
import { LangPl } from "@nlpjs/lang-pl";
import { LangTr } from "@nlpjs/lang-tr";
import { LangUk } from "@nlpjs/lang-uk";
import { NluNeural } from "@nlpjs/nlu";
import type { Language } from "../languages.ts";
import { PLACEHOLDERS } from "./entities.ts";
import { INTENTS, type Intent } from "./intents.ts";
import { LinearModel } from "./linear-model.ts";

/** NLP.js's locale code and language pack, where it has one. */
const PACKS: Partial<Record<Language, { locale: string; pack: unknown }>> = {
  nb: { locale: "no", pack: LangNo },
  en: { locale: "en", pack: LangEn },
  pl: { locale: "pl", pack: LangPl },
  lt: { locale: "lt", pack: LangLt },
  uk: { locale: "uk", pack: LangUk },
  ar: { locale: "ar", pack: LangAr },
  tr: { locale: "tr", pack: LangTr },
};

/** stem: the pack's stemmer; ngram: words plus character 4-grams; both: stems plus 4-grams; plain: words. */
export type FeatureMode = "stem" | "ngram" | "both" | "plain";

/**
 * neural: NLP.js's NluNeural alone; linear: our softmax regression (linear-model.ts) alone
 * (default: the best on the tuning sets, docs/nlu.md); blend: the mean of the two's scores.
 */
export type ClassifierMethod = "neural" | "linear" | "blend";

export interface ClassifierOptions {
  /** Per language; default: "both" where NLP.js has a stemmer, "ngram" elsewhere. */
  features?: Partial<Record<Language, FeatureMode>>;
  method?: ClassifierMethod;
}

export const DEFAULT_METHOD: ClassifierMethod = "linear";

export interface Classification {
  intent: Intent;
  score: number;
}

const PLACEHOLDER_SET = new Set<string>(Object.values(PLACEHOLDERS));
const NGRAM = 4;

interface Stemmer {
  stem(tokens: string[]): string[];
}

function features(tokens: string[], mode: FeatureMode, stemmer: Stemmer | undefined): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    if (PLACEHOLDER_SET.has(token)) {
      out.push(token);
      continue;
    }
    out.push(stemmer && (mode === "stem" || mode === "both") ? (stemmer.stem([token])[0] ?? token) : token);
    if (mode === "ngram" || mode === "both") {
      const padded = `_${token}_`;
      for (let i = 0; i + NGRAM <= padded.length; i++) out.push(`#${padded.slice(i, i + NGRAM)}`);
    }
  }
  return out;
}

export class IntentClassifier {
  private constructor(
    readonly language: Language,
    private readonly nlu: NluNeural,
    private readonly linear: LinearModel,
    private readonly featurize: (tokens: string[]) => string[],
    private readonly method: ClassifierMethod,
  ) {}

  static async train(language: Language, examples: { tokens: string[]; intent: Intent }[], options: ClassifierOptions = {}): Promise<IntentClassifier> {
    const { nlu, featurize } = await IntentClassifier.pipeline(language, options);
    const method = options.method ?? DEFAULT_METHOD;
    // The neural network only where it is used: it is most of the training time.
    if (method !== "linear") await nlu.train(examples.map((example) => ({ utterance: example.tokens.join(" "), intent: example.intent })));
    const linear = LinearModel.train(examples.map((example) => ({ features: featurize(example.tokens), label: example.intent })));
    return new IntentClassifier(language, nlu, linear, featurize, method);
  }

  /** A classifier trained before, from its `toJSON()` (services/nlu/model-cache.ts). */
  static async restore(language: Language, model: unknown, options: ClassifierOptions = {}): Promise<IntentClassifier> {
    const { neural, linear } = model as { neural: unknown; linear: unknown };
    const { nlu, featurize } = await IntentClassifier.pipeline(language, options);
    if (neural) nlu.fromJSON(neural);
    return new IntentClassifier(language, nlu, LinearModel.fromJSON(linear), featurize, options.method ?? DEFAULT_METHOD);
  }

  toJSON(): unknown {
    return { neural: this.method === "linear" ? null : this.nlu.toJSON(), linear: this.linear.toJSON() };
  }

  /** NLP.js's neural classifier behind our own text pipeline, untrained, and that pipeline's features. */
  private static async pipeline(language: Language, options: ClassifierOptions): Promise<{ nlu: NluNeural; featurize: (tokens: string[]) => string[] }> {
    const container: Container = await containerBootstrap();
    const pack = PACKS[language];
    const locale = pack?.locale ?? language;
    let stemmer: Stemmer | undefined;
    if (pack) {
      container.use(pack.pack);
      stemmer = container.get(`stemmer-${locale}`) as Stemmer | undefined;
    }
    const mode = options.features?.[language] ?? (pack ? "both" : "ngram");
    const featurize = (tokens: string[]) => features(tokens, mode, stemmer);
    // Our own pipeline in front of NLP.js's: the text arrives folded and space-separated.
    container.register(`normalizer-${locale}`, { normalize: (text: string) => text });
    container.register(`tokenizer-${locale}`, { tokenize: (text: string) => text.split(" ").filter(Boolean) });
    container.register(`stemmer-${locale}`, { stem: featurize });
    return { nlu: new NluNeural({ locale, container, log: false }), featurize };
  }

  /** Intents by score, best first; NLP.js's "None" (no known word at all) is out_of_scope. */
  async classify(tokens: string[]): Promise<Classification[]> {
    if (tokens.length === 0) return [{ intent: "out_of_scope", score: 0 }];
    const neural = new Map<Intent, number>();
    if (this.method !== "linear") {
      const result = await this.nlu.process(tokens.join(" "));
      for (const { intent, score } of result.classifications) {
        const mapped = intent === "None" ? "out_of_scope" : intent;
        if ((INTENTS as readonly string[]).includes(mapped) && !neural.has(mapped as Intent)) neural.set(mapped as Intent, score);
      }
    }
    const featured = this.featurize(tokens);
    // "Not one known word", as NLP.js counts it: 4-grams alone ("barnedans" sharing "dans") are not enough.
    const linear = this.method === "neural" ? undefined : this.linear.knowsAny(featured.filter((feature) => !feature.startsWith("#"))) ? this.linear.predict(featured) : new Map<Intent, number>();
    // Not one known word (NLP.js then lists the intents with score 0; the linear model knows no feature).
    const known = this.method === "linear" ? linear!.size > 0 : [...neural.values()].some((score) => score > 0);
    if (!known) return [{ intent: "out_of_scope", score: 0 }];
    const scores = new Map<Intent, number>();
    for (const intent of INTENTS) {
      const n = neural.get(intent) ?? 0;
      const l = linear?.get(intent) ?? 0;
      const score = this.method === "neural" ? n : this.method === "linear" ? l : (n + l) / 2;
      if (score > 0) scores.set(intent, score);
    }
    const ranked = [...scores].map(([intent, score]) => ({ intent, score })).sort((a, b) => b.score - a.score);
    return ranked.length > 0 ? ranked : [{ intent: "out_of_scope", score: 0 }];
  }
}
