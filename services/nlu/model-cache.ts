/**
 * The trained NLU cached on disk by what it was trained from: preparing the corpus and training
 * NLP.js's ten classifiers takes seconds (tens on a busy machine), and every process and test file
 * did it again on the same corpus. The key is a SHA-256 of the corpus files, the source of the code
 * that makes training examples and features from them, the options and NLP.js's version, so any
 * change that could change the model trains a new one. A missing, unreadable or partial cache file
 * just means training; a cache that cannot be written (a read-only install) is skipped.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** node_modules/.cache: where build tools keep what they can rebuild (babel, eslint, vite). */
export const DEFAULT_MODEL_CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/fritidskort-nlu/", import.meta.url));

const NLPJS_VERSION = (createRequire(import.meta.url)("@nlpjs/nlu/package.json") as { version: string }).version;

export function modelKey(parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify([NLPJS_VERSION, ...parts])).digest("hex");
}

export async function readModel(dir: string, key: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path.join(dir, `${key}.json`), "utf8"));
  } catch {
    return undefined;
  }
}

export async function writeModel(dir: string, key: string, model: unknown): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    // Written whole under another name, then renamed: a reader never sees half a model.
    const temporary = path.join(dir, `${key}.${randomBytes(6).toString("hex")}.tmp`);
    await writeFile(temporary, JSON.stringify(model));
    await rename(temporary, path.join(dir, `${key}.json`));
  } catch {
    // A read-only install trains at each start, as before.
  }
}
