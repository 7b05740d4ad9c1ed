import { cp, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS_DIR } from "../../../services/nlu/corpus.ts";
import { createNlu } from "../../../services/nlu/index.ts";

const MESSAGES = ["hvor mye har jeg igjen", "fotball på konnerud", "what does the card cover", "ماذا تغطي البطاقة", "jeg vil snakke med et menneske"];

async function understandAll(nlu: Awaited<ReturnType<typeof createNlu>>) {
  return Promise.all(MESSAGES.map((text) => nlu.understand(text)));
}

describe("the trained NLU cached by what it was trained from", () => {
  it("answers the same from the cache, trains anew when the corpus changes, and trains when the cache is broken", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "nlu-cache-"));
    const corpusDir = await mkdtemp(join(tmpdir(), "nlu-corpus-"));
    await cp(CORPUS_DIR, corpusDir, { recursive: true });

    const trained = await understandAll(await createNlu({ corpusDir, modelCacheDir: cacheDir }));
    const [model] = await readdir(cacheDir);
    expect(model).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(await understandAll(await createNlu({ corpusDir, modelCacheDir: cacheDir }))).toEqual(trained);
    expect(await readdir(cacheDir)).toEqual([model]);

    // A sentence more in the corpus is another model.
    const nb = JSON.parse(await readFile(join(corpusDir, "nb.json"), "utf8")) as { intents: Record<string, string[]> };
    nb.intents.help!.push("hva kan du hjelpe meg med i dag");
    await writeFile(join(corpusDir, "nb.json"), JSON.stringify(nb));
    await createNlu({ corpusDir, modelCacheDir: cacheDir });
    expect((await readdir(cacheDir)).filter((file) => file.endsWith(".json"))).toHaveLength(2);

    // A broken cache file is trained past and replaced.
    await writeFile(join(cacheDir, model!), "{ not json");
    await cp(CORPUS_DIR, corpusDir, { recursive: true });
    expect(await understandAll(await createNlu({ corpusDir, modelCacheDir: cacheDir }))).toEqual(trained);
    expect(JSON.parse(await readFile(join(cacheDir, model!), "utf8"))).toHaveProperty("models.nb");
  }, 240_000);
});
