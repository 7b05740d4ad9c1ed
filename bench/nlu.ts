/**
 * NLU benchmark: intent and language accuracy per language on bench/data/nlu-eval.jsonl (our own
 * messages, none of them in the training corpus: test/services/nlu.test.ts checks), plus how long
 * training and one understand() call take on this machine. `--errors` lists the misses.
 *
 * Messages are understood without a current language (so nb, the default, for short ones) and with
 * the demo family's children Jonas and Ella known: language identification gets no help from the
 * conversation, which is harder than in a real chat.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { LANGUAGES, type Language } from "../services/languages.ts";
import { createNlu, INTENTS } from "../services/nlu/index.ts";

export const EVAL_FILE = fileURLToPath(new URL("./data/nlu-eval.jsonl", import.meta.url));

const evalRowSchema = z.object({ text: z.string().min(1), language: z.enum(LANGUAGES), intent: z.enum(INTENTS) });
export type EvalRow = z.infer<typeof evalRowSchema>;

export async function loadEvalSet(file = EVAL_FILE): Promise<EvalRow[]> {
  const lines = (await readFile(file, "utf8")).split("\n");
  return lines.flatMap((line, index) => {
    if (line.trim() === "") return [];
    const parsed = evalRowSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${index + 1}: ${z.prettifyError(parsed.error)}`);
    return [parsed.data];
  });
}

const ratio = (hits: number, total: number) => (total === 0 ? 0 : Math.round((hits / total) * 1000) / 1000);

export async function run(args: string[]): Promise<void> {
  const showErrors = args.includes("--errors");
  const rows = await loadEvalSet();

  const trainStart = performance.now();
  const nlu = await createNlu();
  const trainMs = performance.now() - trainStart;

  const per = new Map<Language, { n: number; intent: number; language: number }>();
  const errors: string[] = [];
  const callMs: number[] = [];
  for (const row of rows) {
    const start = performance.now();
    const got = await nlu.understand(row.text, { childNames: ["Jonas", "Ella"] });
    callMs.push(performance.now() - start);
    const stats = per.get(row.language) ?? { n: 0, intent: 0, language: 0 };
    stats.n++;
    if (got.intent === row.intent) stats.intent++;
    if (got.language === row.language) stats.language++;
    per.set(row.language, stats);
    if (got.intent !== row.intent || got.language !== row.language) {
      errors.push(`${row.language}→${got.language}  ${row.intent}→${got.intent} (${got.confidence})  ${row.text}`);
    }
  }

  if (showErrors) for (const line of errors) console.log(line);
  console.log("language  n    intent  language");
  let n = 0;
  let intentHits = 0;
  let languageHits = 0;
  const perLanguage: Record<string, { intent: number; language: number; n: number }> = {};
  for (const language of LANGUAGES) {
    const stats = per.get(language);
    if (!stats) continue;
    n += stats.n;
    intentHits += stats.intent;
    languageHits += stats.language;
    perLanguage[language] = { intent: ratio(stats.intent, stats.n), language: ratio(stats.language, stats.n), n: stats.n };
    console.log(`${language.padEnd(9)} ${String(stats.n).padEnd(4)} ${perLanguage[language]!.intent.toFixed(3).padEnd(7)} ${perLanguage[language]!.language.toFixed(3)}`);
  }
  callMs.sort((a, b) => a - b);
  const median = callMs[Math.floor(callMs.length / 2)] ?? 0;
  const p95 = callMs[Math.floor(callMs.length * 0.95)] ?? 0;
  console.log(`overall   ${String(n).padEnd(4)} ${ratio(intentHits, n).toFixed(3).padEnd(7)} ${ratio(languageHits, n).toFixed(3)}`);
  console.log(`training (load corpus, train 10 classifiers): ${trainMs.toFixed(0)} ms; understand(): median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms`);
  console.log(JSON.stringify({ suite: "nlu", intentAccuracy: ratio(intentHits, n), languageAccuracy: ratio(languageHits, n), perLanguage, trainMs: Math.round(trainMs), understandMedianMs: Math.round(median * 100) / 100 }));
}
