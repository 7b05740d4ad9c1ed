/**
 * The benchmarks' service: a fresh database with the demo municipality, then the service in its own
 * process, started as production starts it — `npm run serve`: plain node on the JavaScript of
 * `npm run build` (dist/), with the node options of package.json's `serve` script — so the load
 * generator does not share its event loop, its memory is its own, and its memory is production's.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { build } from "../../scripts/build.ts";
import { systemClock, today } from "../../services/clock.ts";
import { loadConfig } from "../../services/config.ts";
import { childFacts, eligibilityNow } from "../../services/eligibility.ts";
import { periodContaining } from "../../services/periods.ts";
import { openDatabase, type DatabaseTarget } from "../../services/db/database.ts";
import { migrate } from "../../services/db/migrate.ts";
import { configureMunicipality } from "../../services/municipality.ts";
import { seedDemoOnce } from "../../prisma/seed/index.ts";

export type BenchDatabase = "postgresql" | "pglite";

/** A suite's `--name value` arguments: the value given, else the fallback. */
export function optionsOf(args: string[]): (name: string, fallback: string) => string {
  return (name, fallback) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? args[index + 1]! : fallback;
  };
}

/** `--database postgresql|pglite|both` as the databases to run on. */
export function databasesOf(which: string): BenchDatabase[] {
  return which === "both" ? ["postgresql", "pglite"] : [which as BenchDatabase];
}

export const TWILIO_AUTH_TOKEN = "bench-twilio-auth-token-0123456789ab";
export const OUR_NUMBER = "+4759440000";
const root = fileURLToPath(new URL("../../", import.meta.url));

/** PostgreSQL server for the benchmarks: BENCH_DATABASE_URL, else DATABASE_URL, else the machine's. */
export const postgresServer = () => process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/postgres";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface Family {
  phone: string;
  /** Given names, those of an age for the card this year first (the script signs up the first). */
  children: string[];
}

export interface BenchDatabaseHandle {
  env: Record<string, string>;
  target: DatabaseTarget;
  /** Verified SMS numbers of guardians, with their children's given names. */
  families: Family[];
  drop(): Promise<void>;
}

/** A database of the benchmark's own, migrated and seeded with the demo municipality. */
export async function benchDatabase(kind: BenchDatabase): Promise<BenchDatabaseHandle> {
  let target: DatabaseTarget;
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  if (kind === "postgresql") {
    const server = postgresServer();
    const name = `fk_bench_turns_${process.pid}`;
    await adminQuery(server, `DROP DATABASE IF EXISTS ${name}`);
    await adminQuery(server, `CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    target = { kind: "postgresql", url: url.toString() };
    env = { DATABASE_URL: url.toString() };
    drop = () => adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), "fk-bench-pglite-"));
    target = { kind: "pglite", dataDir };
    env = { DATA_DIR: dataDir };
    drop = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  const db = await openDatabase(target);
  try {
    await migrate(db);
    const config = loadConfig({});
    const { municipality } = await configureMunicipality(db, config.scheme, systemClock.now());
    const day = today(systemClock, config.scheme.timeZone);
    await seedDemoOnce(db, municipality.id, day);
    const guardians = await db.prisma.person.findMany({
      where: { channels: { some: { channel: "SMS", verifiedAt: { not: null } } }, guardianOf: { some: {} } },
      select: { channels: { where: { channel: "SMS", verifiedAt: { not: null } }, select: { address: true } }, guardianOf: { select: { child: { select: { givenName: true, birthDate: true, residentFrom: true, residentUntil: true } } } } },
      orderBy: { id: "asc" },
    });
    // The service's own rule: a child who may have the card now comes first, so the script's sign-up is a real one, not a refusal.
    const period = periodContaining(day, config.scheme);
    const eligible = (child: Parameters<typeof childFacts>[0]) => (period ? eligibilityNow(childFacts(child), { period, today: day, rules: config.scheme }).eligible : false);
    const families = guardians.map((g) => ({
      phone: g.channels[0]!.address,
      children: g.guardianOf.map(({ child }) => child).sort((a, b) => Number(eligible(b)) - Number(eligible(a))).map((child) => child.givenName),
    }));
    return { env, target, families, drop };
  } finally {
    await db.close();
  }
}

/** One statement on the server's maintenance connection (CREATE/DROP DATABASE). */
export async function adminQuery(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface RunningProcess {
  url: string;
  child: ChildProcess;
  /** Peak resident set size of the process so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** CPU time the process has used so far (user + system), in ms: per turn, a figure a busy machine does not skew. */
  cpuMs(): number;
  /** The service's own `process.memoryUsage()` when its RSS was highest so far, in MB (bench/support/bench-service.ts). */
  memoryAtPeak?(): MemoryAtPeak | undefined;
  stop(): Promise<void>;
}

export interface MemoryAtPeak {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

function peakRssOf(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

/**
 * A process's name and CPU times from /proc/<pid>/stat, in ms: its own (utime, stime: fields 14
 * and 15) and its ended children's (cutime, cstime: 16 and 17), in clock ticks of 10 ms on Linux.
 * Undefined when the process has ended.
 */
function processTimes(pid: number | string | undefined): { name: string; ownMs: number; childrenMs: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.split(") ")[1]!.split(" ");
    return { name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), ownMs: (Number(fields[11]) + Number(fields[12])) * 10, childrenMs: (Number(fields[13]) + Number(fields[14])) * 10 };
  } catch {
    return undefined;
  }
}

function cpuMsOf(pid: number | undefined): number {
  return processTimes(pid)?.ownMs ?? 0;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before ${url} answered`);
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * The node options production runs with: those of package.json's `serve` script
 * (`node [options] dist/bot/index.js`), so a heap setting is measured where it is set.
 */
export function productionNodeOptions(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const serve = /^node((?:\s+--\S+)*)\s+dist\/bot\/index\.js$/.exec(scripts.serve ?? "");
  if (!serve) throw new Error(`package.json's serve script is not "node [--options] dist/bot/index.js": ${scripts.serve}`);
  return serve[1]!.trim().split(/\s+/).filter(Boolean);
}

let built = false;

/**
 * Node on the built JavaScript of `script` (a .ts path under the project), with production's node
 * options: from dist/ (built from this tree on first use), or from `dist`, another build.
 */
function spawnNode(script: string, args: string[], env: Record<string, string>, nodeOptions: string[] = [], dist?: string): ChildProcess {
  if (!built && !dist) {
    build();
    built = true;
  }
  const compiled = path.join(dist ?? "dist", script.replace(/\.ts$/, ".js"));
  const child = spawn(process.execPath, [...productionNodeOptions(), ...nodeOptions, compiled, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  child.once("exit", (code, signal) => {
    if (code !== 0 && signal === null) process.stderr.write(`${script} exited with ${code}:\n${tail}\n`);
  });
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

/** The service on `database`, ready (its NLU trained: one turn answered); `nodeOptions` come after production's; `dist`: another build than this tree's. */
export async function startService(database: BenchDatabaseHandle, options: { env?: Record<string, string>; nodeOptions?: string[]; dist?: string } = {}): Promise<RunningProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const memoryDir = mkdtempSync(path.join(tmpdir(), "fk-bench-memory-"));
  const memoryFile = path.join(memoryDir, "peak.json");
  const child = spawnNode("bench/support/bench-service.ts", [], {
    ...database.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
    SEED_DEMO: "false",
    PUBLIC_BASE_URL: url,
    TWILIO_AUTH_TOKEN,
    TWILIO_FROM_NUMBER: OUR_NUMBER,
    // Load from a few hundred numbers is the benchmark, not abuse.
    SMS_SENDER_MAX_MESSAGES: "10000", SMS_SENDER_WINDOW_SECONDS: "10",
    JOBS_ENABLED: "false",
    BENCH_MEMORY_FILE: memoryFile,
    ...options.env,
  }, options.nodeOptions, options.dist);
  await waitFor(`${url}/readyz`, child, 120_000);
  const memoryAtPeak = () => {
    try {
      return JSON.parse(readFileSync(memoryFile, "utf8")) as MemoryAtPeak;
    } catch {
      return undefined;
    }
  };
  const stop = async () => {
    await stopChild(child);
    rmSync(memoryDir, { recursive: true, force: true });
  };
  return { url, child, peakRssMb: () => peakRssOf(child.pid), cpuMs: () => cpuMsOf(child.pid), memoryAtPeak, stop };
}

/** The echo bot (bench/support/echo-bot.ts) in its own process; with `floor`, a PostgreSQL URL, the stack's floor instead. */
export async function startEchoBot(options: { floor?: string } = {}): Promise<RunningProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnNode("bench/support/echo-bot.ts", [String(port), ...(options.floor ? [options.floor] : [])], {});
  const started = performance.now();
  for (;;) {
    const up = await fetch(`${url}/api/messages`, { method: "GET" }).then(() => true, () => false);
    if (up) break;
    if (performance.now() - started > 60_000 || child.exitCode !== null) throw new Error("echo bot did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, child, peakRssMb: () => peakRssOf(child.pid), cpuMs: () => cpuMsOf(child.pid), stop: () => stopChild(child) };
}

/**
 * CPU time of this machine's PostgreSQL (every process named postgres: the backends serving the
 * service and, through the postmaster's children's times, those that ended), in ms. The turns share
 * two cores with it, so a turn's cost is the service's and the database's together.
 */
export function localPostgresCpuMs(): number {
  let ms = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    // Undefined: the process ended between the listing and the read.
    const times = processTimes(entry);
    if (times?.name === "postgres") ms += times.ownMs + times.childrenMs;
  }
  return ms;
}
