// NLP.js ships no type declarations; these cover the parts services/nlu/classifier.ts uses.
declare module "@nlpjs/core" {
  export interface Container {
    use(plugin: unknown): void;
    register(name: string, value: unknown, isSingleton?: boolean): void;
    get(name: string): unknown;
  }
  export function containerBootstrap(): Container | Promise<Container>;
}

declare module "@nlpjs/nlu" {
  import type { Container } from "@nlpjs/core";
  export interface NluClassification {
    intent: string;
    score: number;
  }
  export class NluNeural {
    constructor(settings: { locale: string; container: Container; log?: boolean; spellCheck?: boolean; useNoneFeature?: boolean });
    train(corpus: { utterance: string; intent: string }[]): Promise<unknown>;
    process(utterance: string): Promise<{ classifications: NluClassification[] }>;
    toJSON(): unknown;
    fromJSON(json: unknown): void;
  }
}

declare module "@nlpjs/lang-no" {
  export const LangNo: unknown;
}
declare module "@nlpjs/lang-en" {
  export const LangEn: unknown;
}
declare module "@nlpjs/lang-pl" {
  export const LangPl: unknown;
}
declare module "@nlpjs/lang-lt" {
  export const LangLt: unknown;
}
declare module "@nlpjs/lang-uk" {
  export const LangUk: unknown;
}
declare module "@nlpjs/lang-ar" {
  export const LangAr: unknown;
}
declare module "@nlpjs/lang-tr" {
  export const LangTr: unknown;
}
