/**
 * `npm run --silent nlu -- --jsonl FILE`: understands each JSON line's `text` and prints one JSON line
 * per input: {"text","language","intent","confidence","entities"}. FILE "-" reads standard input.
 * Optional fields per line: currentLanguage, childNames, districts (the same context the chat passes;
 * without districts, the places the corpus names).
 * Every line is checked before any is understood, so a bad file prints nothing on stdout.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { LANGUAGES } from "../services/languages.ts";
import { CORPUS_DISTRICTS, createNlu } from "../services/nlu/index.ts";

const lineSchema = z.object({
  text: z.string(),
  currentLanguage: z.enum(LANGUAGES).optional(),
  childNames: z.array(z.string()).optional(),
  districts: z.array(z.object({ name: z.string(), aliases: z.array(z.string()) })).optional(),
});

function fail(message: string): never {
  process.stderr.write(`nlu: ${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
const at = args.indexOf("--jsonl");
const file = at >= 0 ? args[at + 1] : undefined;
if (file === undefined || file.startsWith("--")) fail("usage: npm run --silent nlu -- --jsonl FILE   (FILE: JSON lines with a \"text\" field, or - for stdin)");

let content: string;
try {
  content = file === "-" ? await readStdin() : await readFile(file, "utf8");
} catch (error) {
  fail(`cannot read ${file}: ${(error as Error).message}`);
}

const inputs: z.infer<typeof lineSchema>[] = [];
content.split("\n").forEach((line, index) => {
  if (line.trim() === "") return;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    fail(`${file}: line ${index + 1} is not valid JSON`);
  }
  const parsed = lineSchema.safeParse(json);
  if (!parsed.success) fail(`${file}: line ${index + 1}: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`);
  inputs.push(parsed.data);
});

const nlu = await createNlu();
for (const input of inputs) {
  const understanding = await nlu.understand(input.text, { currentLanguage: input.currentLanguage, childNames: input.childNames, districts: input.districts ?? CORPUS_DISTRICTS });
  process.stdout.write(
    `${JSON.stringify({ text: understanding.text, language: understanding.language, intent: understanding.intent, confidence: understanding.confidence, entities: understanding.entities })}\n`,
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
