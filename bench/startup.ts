/**
 * `npm run bench -- startup [--runs N]`: how long `npm start` takes to be useful, measured from
 * outside as a person or a load balancer sees it.
 *
 * Each run spawns `npm start` (scripts/demo.ts: the service on the embedded database, the demo
 * municipality seeded on the first start) in its own process group, on a free port and its own data
 * folder, and times from the spawn:
 * - `listening`: the first HTTP answer of any kind from /healthz (node, npm, tsx and the imports);
 * - `ready`: /readyz answers 200 (database opened, migrated, seeded; the bot built, NLU included);
 * - `firstSms`: the answer to a first SMS ("hei" to POST /api/sms) has arrived.
 * Three kinds of start:
 * - `cold`: a new data folder and no trained NLU model on disk (services/nlu/model-cache.ts);
 * - `warm`: the same data folder again, and the model cached by the cold start;
 * - `coldDbWarmNlu`: a new data folder with the model cached, to tell the database's share from
 *   the NLU's.
 * Medians over N runs (default 3) of each; the last line is one JSON.
 *
 * The cold runs delete the NLU's model cache (node_modules/.cache/fritidskort-nlu/): the next start
 * trains it again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { freePort } from "./support/service-process.ts";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEVELOPMENT_SMS_NUMBER } from "../services/config.ts";
import { DEFAULT_MODEL_CACHE_DIR } from "../services/nlu/model-cache.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const GIVE_UP_MS = 300_000;

type Kind = "cold" | "warm" | "coldDbWarmNlu";

interface Timing {
  kind: Kind;
  listening: number;
  ready: number;
  firstSms: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `url` until `accept(status)`; the time since `start` when it did. */
async function until(url: string, accept: (status: number) => boolean, start: number, child: ChildProcess): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before ${url} answered`);
    if (performance.now() - start > GIVE_UP_MS) throw new Error(`${url} did not answer within ${GIVE_UP_MS / 1000} s`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (accept(response.status)) return performance.now() - start;
    } catch {
      // not listening yet
    }
    await pause(25);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid, "SIGTERM"); // the group: npm, tsx and the service under it
  const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(-child.pid, "SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}

async function startOnce(kind: Kind, dataDir: string): Promise<Timing> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "warn", NODE_ENV: "development" };
  delete env.TWILIO_AUTH_TOKEN; // the development webhook takes unsigned requests
  delete env.DATABASE_URL; // the embedded database, as `npm start`
  const start = performance.now();
  const child = spawn("npm", ["start", "--silent"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  try {
    const base = `http://127.0.0.1:${port}`;
    const listening = await until(`${base}/healthz`, () => true, start, child);
    const ready = await until(`${base}/readyz`, (status) => status === 200, start, child);
    const response = await fetch(`${base}/api/sms`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ MessageSid: `SM${String(port).padStart(32, "0")}`, From: "+4799998999", To: DEVELOPMENT_SMS_NUMBER, Body: "hei" }).toString(),
    });
    const twiml = await response.text();
    const firstSms = performance.now() - start;
    if (response.status !== 200 || !twiml.includes("<Message>")) throw new Error(`the first SMS got ${response.status} ${twiml.slice(0, 200)}`);
    return { kind, listening, ready, firstSms };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${stderr}`);
  } finally {
    await stop(child);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (ms: number) => Math.round(ms / 100) / 10;

export async function run(args: string[]): Promise<void> {
  const runsAt = args.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a whole number");
  console.log(`${runs} runs of each start on ${cpus().length} cores (load average now ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")})`);
  const timings: Timing[] = [];
  const show = (t: Timing) => console.log(`${t.kind.padEnd(14)} listening ${seconds(t.listening)} s, ready ${seconds(t.ready)} s, first SMS answered ${seconds(t.firstSms)} s`);
  for (let i = 0; i < runs; i++) {
    const dataDir = await mkdtemp(path.join(tmpdir(), "fk-bench-startup-"));
    const other = await mkdtemp(path.join(tmpdir(), "fk-bench-startup-"));
    try {
      await rm(DEFAULT_MODEL_CACHE_DIR, { recursive: true, force: true });
      for (const [kind, dir] of [["cold", dataDir], ["warm", dataDir], ["coldDbWarmNlu", other]] as const) {
        const timing = await startOnce(kind, dir);
        timings.push(timing);
        show(timing);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
      await rm(other, { recursive: true, force: true });
    }
  }
  const summary = Object.fromEntries(
    (["cold", "warm", "coldDbWarmNlu"] as const).map((kind) => {
      const mine = timings.filter((t) => t.kind === kind);
      return [kind, { listening: seconds(median(mine.map((t) => t.listening))), ready: seconds(median(mine.map((t) => t.ready))), firstSms: seconds(median(mine.map((t) => t.firstSms))) }];
    }),
  );
  console.log("\nmedians (s):");
  for (const [kind, s] of Object.entries(summary)) console.log(`${kind.padEnd(14)} listening ${s.listening}, ready ${s.ready}, first SMS ${s.firstSms}`);
  console.log(JSON.stringify({ suite: "startup", runs, cores: cpus().length, unit: "s", ...summary }));
}
