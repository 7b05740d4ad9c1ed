/**
 * The training corpus: services/nlu/corpus/<language>.json, one file per language, sentences grouped
 * by intent. Data, not code, so adding a sentence is a one-line change (docs/nlu.md).
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { LANGUAGES, type Language } from "../languages.ts";
import { INTENTS, type Intent } from "./intents.ts";

export const CORPUS_DIR = fileURLToPath(new URL("./corpus/", import.meta.url));

const corpusFileSchema = z.object({
  language: z.enum(LANGUAGES),
  intents: z.record(z.enum(INTENTS), z.array(z.string().trim().min(1))),
});

export interface CorpusFile {
  language: Language;
  intents: Partial<Record<Intent, string[]>>;
}

export interface Utterance {
  language: Language;
  intent: Intent;
  text: string;
}

export async function loadCorpusFile(language: Language, dir = CORPUS_DIR): Promise<CorpusFile> {
  const path = `${dir.replace(/\/?$/, "/")}${language}.json`;
  const parsed = corpusFileSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
  if (!parsed.success) throw new Error(`NLU corpus ${path}: ${z.prettifyError(parsed.error)}`);
  if (parsed.data.language !== language) throw new Error(`NLU corpus ${path}: says language "${parsed.data.language}"`);
  return parsed.data;
}

export async function loadCorpus(dir = CORPUS_DIR): Promise<Utterance[]> {
  const files = await Promise.all(LANGUAGES.map((language) => loadCorpusFile(language, dir)));
  return files.flatMap((file) =>
    Object.entries(file.intents).flatMap(([intent, texts]) => (texts ?? []).map((text) => ({ language: file.language, intent: intent as Intent, text }))),
  );
}
