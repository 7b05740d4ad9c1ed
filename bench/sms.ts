/**
 * `npm run bench -- sms [--write]`: how many SMS segments the bot's replies take, per language.
 *
 * The whole service runs in-process on a fresh embedded database with the demo municipality, and
 * phones text its Twilio webhook (POST /api/sms, development: unsigned) as Twilio would; what is
 * counted is the TwiML answer, the real SMS text, costed by the outbox's own counter
 * (services/sms/sms-text.ts: GSM-safe typography, then GSM-7 or UCS-2 segments).
 *
 * The scripted conversations, in each of the ten languages (the messages are the first of their
 * intent in bench/data/nlu-eval.jsonl, written per language by the NLU work):
 * - a new number: greeting, asking for the menu (a help message), a menu number ("2", find an
 *   activity), a search, a coverage question;
 * - a demo parent's verified number (one family per language): the balance, then signing up — the
 *   sign-up message and three answers "1" (child, activity, confirmation), as far as they go.
 * A turn's answer can be more than one SMS (several replies); its cost is the sum of their segments.
 * Login links point at `npm start`'s address (http://localhost:3978); a production address is longer.
 *
 * Prints a table per language (median and max segments of a turn, which turns cost most) and ends
 * with one JSON line. `--write` puts the table into docs/sms-segments.md between its markers.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser } from "fast-xml-parser";
import { startApp, type App } from "../bot/app.ts";
import { seedDemoOnce } from "../prisma/seed/index.ts";
import { DEVELOPMENT_SMS_NUMBER, loadConfig } from "../services/config.ts";
import { LANGUAGES, type Language } from "../services/languages.ts";
import { systemClock } from "../services/clock.ts";
import { createLogger } from "../services/logger.ts";
import { smsCost, toGsmSafe } from "../services/sms/sms-text.ts";
import { BENCH_END, BENCH_START } from "../scripts/sms-segment-report.ts";

const EVAL_FILE = fileURLToPath(new URL("./data/nlu-eval.jsonl", import.meta.url));
const DOCUMENT = fileURLToPath(new URL("../docs/sms-segments.md", import.meta.url));

type Journey = "greeting" | "menu" | "menu choice" | "search" | "coverage" | "balance" | "sign-up" | "sign-up step";

interface Turn {
  language: Language;
  journey: Journey;
  message: string;
  answer: string;
  messages: number;
  segments: number;
  encoding: string;
}

/** The first message of each intent per language in the NLU's evaluation set. */
async function messagesByIntent(): Promise<Map<string, string>> {
  const first = new Map<string, string>();
  for (const line of (await readFile(EVAL_FILE, "utf8")).split("\n")) {
    if (line.trim() === "") continue;
    const row = JSON.parse(line) as { text: string; language: string; intent: string };
    const key = `${row.language}:${row.intent}`;
    if (!first.has(key)) first.set(key, row.text);
  }
  return first;
}

let sids = 0;
const parser = new XMLParser({ isArray: (name) => name === "Message" });

/** Texts the service as Twilio would; the SMS of the TwiML answer. */
async function text(app: App, from: string, body: string): Promise<string[]> {
  sids += 1;
  const response = await fetch(`${app.url}/api/sms`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ MessageSid: `SM${String(sids).padStart(32, "0")}`, From: from, To: DEVELOPMENT_SMS_NUMBER, Body: body }).toString(),
  });
  if (response.status !== 200) throw new Error(`POST /api/sms answered ${response.status}: ${await response.text()}`);
  const parsed = parser.parse(await response.text()) as { Response: "" | { Message?: unknown[] } };
  return parsed.Response === "" ? [] : (parsed.Response.Message ?? []).map(String);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface LanguageSummary {
  turns: number;
  median: number;
  max: number;
  oneSegment: number;
  encoding: string;
  costliest: string;
}

export function summarize(turns: Turn[]): Record<string, LanguageSummary> {
  const summary: Record<string, LanguageSummary> = {};
  for (const language of LANGUAGES) {
    const mine = turns.filter((turn) => turn.language === language);
    const max = Math.max(0, ...mine.map((turn) => turn.segments));
    summary[language] = {
      turns: mine.length,
      median: median(mine.map((turn) => turn.segments)),
      max,
      oneSegment: mine.filter((turn) => turn.segments === 1).length,
      encoding: [...new Set(mine.map((turn) => turn.encoding))].sort().join(", "),
      costliest: [...new Set(mine.filter((turn) => turn.segments === max).map((turn) => turn.journey))].join(", "),
    };
  }
  return summary;
}

export function summaryTable(summary: Record<string, LanguageSummary>): string {
  return [
    "| language | turns | median segments | max segments | turns in 1 segment | encoding | costliest turns |",
    "|---|---:|---:|---:|---:|---|---|",
    ...Object.entries(summary).map(([language, s]) => `| ${language} | ${s.turns} | ${s.median} | ${s.max} | ${s.oneSegment} | ${s.encoding} | ${s.costliest} |`),
  ].join("\n");
}

/** Segments of every turn: a row per language, a column per turn of the script. */
export function turnTable(turns: Turn[]): string {
  const script = turns.filter((turn) => turn.language === turns[0]?.language).map((turn) => turn.journey);
  return [
    `| language | ${script.join(" | ")} |`,
    `|---|${script.map(() => "---:").join("|")}|`,
    ...LANGUAGES.map((language) => `| ${language} | ${turns.filter((turn) => turn.language === language).map((turn) => turn.segments).join(" | ")} |`),
  ].join("\n");
}

export async function run(args: string[]): Promise<void> {
  const write = args.includes("--write");
  const dataDir = await mkdtemp(path.join(tmpdir(), "fk-bench-sms-"));
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", NODE_ENV: "development", DATA_DIR: dataDir, PUBLIC_BASE_URL: "http://localhost:3978", SMS_REPLY_DEADLINE_MS: "14000", SMS_SENDER_MAX_MESSAGES: "1000" });
  const app = await startApp(config, { logger: createLogger("silent"), prepare: seedDemoOnce });
  const turns: Turn[] = [];
  try {
    await app.ready;
    const messages = await messagesByIntent();
    const say = (language: Language, intent: string) => {
      const message = messages.get(`${language}:${intent}`);
      if (!message) throw new Error(`${EVAL_FILE} has no ${intent} message in ${language}`);
      return message;
    };
    // One verified demo parent per language: the balance and sign-up need a family.
    const parents = await app.db!.prisma.channelIdentity.findMany({
      where: { channel: "SMS", verifiedAt: { not: null }, personId: { startsWith: "demo-person-f", endsWith: "-g1" } },
      orderBy: { personId: "asc" },
      take: LANGUAGES.length,
    });
    if (parents.length < LANGUAGES.length) throw new Error(`the demo has ${parents.length} parents with a verified SMS number; the bench needs ${LANGUAGES.length}`);

    const turn = async (language: Language, journey: Journey, from: string, message: string) => {
      const sms = await text(app, from, message);
      const answer = sms.join("\n");
      const costs = sms.map((body) => smsCost(toGsmSafe(body)));
      turns.push({
        language,
        journey,
        message,
        answer,
        messages: sms.length,
        segments: costs.reduce((sum, cost) => sum + cost.segments, 0),
        encoding: [...new Set(costs.map((cost) => cost.encoding))].join("+") || "none",
      });
    };

    for (const [i, language] of LANGUAGES.entries()) {
      const started = performance.now();
      const newNumber = `+479999${String(8100 + i).padStart(4, "0")}`;
      await turn(language, "greeting", newNumber, say(language, "greeting"));
      await turn(language, "menu", newNumber, say(language, "help"));
      await turn(language, "menu choice", newNumber, "2");
      await turn(language, "search", newNumber, say(language, "find_activity"));
      await turn(language, "coverage", newNumber, say(language, "coverage"));
      const parent = parents[i]!.address;
      await turn(language, "balance", parent, say(language, "balance"));
      await turn(language, "sign-up", parent, say(language, "sign_up"));
      for (let step = 0; step < 3; step++) await turn(language, "sign-up step", parent, "1");
      const mine = turns.filter((t) => t.language === language);
      console.log(`${language}: ${mine.map((t) => t.segments).join(" ")} segments (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  const empty = turns.filter((t) => t.messages === 0);
  for (const t of empty) console.log(`no answer within the TwiML deadline: ${t.language} ${t.journey} "${t.message}"`);
  const costly = turns.filter((t) => t.segments >= 3);
  if (costly.length > 0) {
    console.log("\nturns of 3 segments or more:");
    for (const t of costly) console.log(`  ${t.language} ${t.journey} (${t.segments}, ${t.encoding}): "${t.message}" → ${JSON.stringify(t.answer.slice(0, 120))}…`);
  }
  const summary = summarize(turns);
  const table = summaryTable(summary);
  console.log(`\n${table}\n\n${turnTable(turns)}\n`);
  if (write) {
    const document = await readFile(DOCUMENT, "utf8");
    const start = document.indexOf(BENCH_START);
    const end = document.indexOf(BENCH_END);
    if (start < 0 || end < start) throw new Error(`docs/sms-segments.md needs the markers ${BENCH_START} … ${BENCH_END}`);
    const block = [
      `Measured ${systemClock.now().toISOString().slice(0, 10)} (${turns.length} turns; login links to http://localhost:3978):`,
      "",
      table,
      "",
      "Segments of each turn, in the order of the script:",
      "",
      turnTable(turns),
    ].join("\n");
    await writeFile(DOCUMENT, `${document.slice(0, start + BENCH_START.length)}\n${block}\n${document.slice(end)}`);
    console.log("wrote the table in docs/sms-segments.md");
  }
  const all = turns.map((t) => t.segments);
  console.log(JSON.stringify({ suite: "sms", turns: turns.length, median: median(all), max: Math.max(...all), unanswered: empty.length, perLanguage: Object.fromEntries(Object.entries(summary).map(([language, s]) => [language, { median: s.median, max: s.max, turns: s.turns }])) }));
}
