/**
 * `npm run bench -- ledger [--seconds N] [--clients N]`
 *
 * Holds + posts per second through the ledger's transfer path (services/ledger/transfers.ts), with N
 * concurrent clients, against the textbook bank transfer on the same database in the same run:
 * - PostgreSQL (when DATABASE_URL is set): a fresh database on that server; the baseline is
 *   PostgreSQL's own `pgbench` TPC-B-like run with the same number of clients.
 * - PGlite (always): pgbench cannot reach an in-process database, so the baseline is the same TPC-B
 *   transaction (pgbench's five statements) run through PGlite's own API by the same N clients.
 * The last lines printed are one JSON object per database.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../services/db/database.ts";
import { migrate } from "../services/db/migrate.ts";
import { accountIds, ensureCardAccounts, ensureMunicipalityAccounts, ensureProviderAccount } from "../services/ledger/accounts.ts";
import { allocatePeriod } from "../services/ledger/allocate.ts";
import { checkLedger } from "../services/ledger/invariants.ts";
import { hold, resolveHold } from "../services/ledger/transfers.ts";
import { parsePeriodCode } from "../services/periods.ts";
import { loadConfig, type SchemeConfig } from "../services/config.ts";
import { adminQuery, optionsOf } from "./support/service-process.ts";

// The default scheme (NOK 1000 per half-year, birth-year rule), nothing excluded.
const scheme: SchemeConfig = { ...loadConfig({}).scheme, municipalityNumber: "9999", municipalityName: "Benchmark", excludedCategories: [] };
const CHILDREN = 2_000;
const PROVIDERS = 40;

interface Figures {
  ops: number;
  seconds: number;
  latencies: number[];
}

export async function run(args: string[]): Promise<void> {
  const given = optionsOf(args);
  const option = (name: string, fallback: number) => Number(given(name, String(fallback)));
  const seconds = option("seconds", 10);
  const clients = option("clients", 8);
  const results: Record<string, unknown>[] = [];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

  if (process.env.DATABASE_URL) {
    const server = process.env.DATABASE_URL;
    const name = `fk_bench_${process.pid}`;
    await adminQuery(server, `CREATE DATABASE ${name}`);
    const url = withDatabase(server, name);
    try {
      const db = await openDatabase({ kind: "postgresql", url, poolSize: clients + 2 });
      const ledger = await benchLedger(db, clients, seconds);
      const overspent = await overspentCards(db);
      await db.close();
      console.log(`postgresql: pgbench -i, then pgbench -c ${clients} -T ${seconds} (TPC-B-like) on the same database…`);
      execFileSync("pgbench", ["-i", "-q", "-s", String(clients), url], { stdio: "ignore" });
      const out = execFileSync("pgbench", ["-n", "-c", String(clients), "-j", "2", "-T", String(seconds), url], { encoding: "utf8" });
      const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
      results.push(summary("postgresql", clients, ledger, tps, peakRss, overspent));
    } finally {
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }

  const dir = mkdtempSync(path.join(tmpdir(), "fk-bench-"));
  try {
    const db = await openDatabase({ kind: "pglite", dataDir: dir });
    const ledger = await benchLedger(db, clients, seconds);
    const overspent = await overspentCards(db);
    console.log(`pglite: TPC-B transaction through PGlite's API, ${clients} clients, ${seconds} s…`);
    const tps = await tpcbInProcess(db, clients, seconds);
    await db.close();
    results.push(summary("pglite", clients, ledger, tps, peakRss, overspent));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  clearInterval(sampler);
  for (const result of results) console.log(JSON.stringify(result));
}

async function benchLedger(db: Database, clients: number, seconds: number): Promise<Figures> {
  await migrate(db);
  const municipality = await db.prisma.municipality.create({ data: { number: "9999", name: "Benchmark", excludedCategories: [] } });
  await ensureMunicipalityAccounts(db.prisma, municipality.id);
  const providers: string[] = [];
  for (let i = 0; i < PROVIDERS; i++) {
    const provider = await db.prisma.provider.create({ data: { municipalityId: municipality.id, name: `Klubb ${i}`, orgNumber: String(800_000_000 + i), approvalState: "APPROVED" } });
    providers.push(await ensureProviderAccount(db.prisma, municipality.id, provider.id));
  }
  await db.prisma.person.createMany({
    data: Array.from({ length: CHILDREN }, (_, i) => ({ id: `bench-child-${i}`, municipalityId: municipality.id, givenName: "B", familyName: "B", birthDate: new Date("2014-01-01"), residentFrom: new Date("2010-01-01") })),
  });
  const period = parsePeriodCode("2026-autumn", scheme);
  // The bench runs on a fixed day of the period (one clock: nothing here reads the wall clock).
  const BENCH_NOW = new Date("2026-09-01T12:00:00Z");
  await allocatePeriod(db, { municipalityId: municipality.id, period, scheme, today: "2026-09-01", now: BENCH_NOW });
  const periodId = (await db.prisma.period.findFirstOrThrow({ where: { municipalityId: municipality.id } })).id;
  await ensureCardAccounts(db.prisma, municipality.id, periodId, []);

  console.log(`${db.kind}: ledger holds + posts, ${clients} clients, ${seconds} s…`);
  const latencies: number[] = [];
  let ops = 0;
  const deadline = performance.now() + seconds * 1000;
  const timeoutAt = new Date("2100-01-01T00:00:00Z");
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; performance.now() < deadline; n++) {
        // Each client works on its own children (families are independent); clubs are shared.
        const child = (client + n * clients) % CHILDREN;
        const id = `b-${client}-${n}`;
        const audit = { actorId: null };
        let start = performance.now();
        const held = await hold(db, {
          id: `hold:${id}`,
          municipalityId: municipality.id,
          cardAccountId: accountIds.card(periodId, `bench-child-${child}`),
          providerAccountId: providers[n % PROVIDERS]!,
          maxOre: 100,
          timeoutAt,
          enrollmentId: id,
          periodId,
          now: BENCH_NOW,
          audit,
        });
        latencies.push(performance.now() - start);
        ops++;
        if (!held) continue;
        start = performance.now();
        await resolveHold(db, { id: `post:${id}`, holdId: `hold:${id}`, kind: "POST", now: BENCH_NOW, audit });
        latencies.push(performance.now() - start);
        ops++;
      }
    }),
  );
  const check = await checkLedger(db, municipality.id);
  if (!check.ok) throw new Error(`the books do not balance after the benchmark: ${JSON.stringify(check, (_, v) => (typeof v === "bigint" ? String(v) : v))}`);
  return { ops, seconds, latencies };
}

async function overspentCards(db: Database): Promise<number> {
  const [row] = await db.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "LedgerAccount" WHERE kind = 'CARD' AND "debitsPosted" + "debitsPending" > "creditsPosted"`;
  return Number(row?.n ?? 0);
}

/** pgbench's TPC-B-like transaction, run by `clients` concurrent callers through the Database API. */
async function tpcbInProcess(db: Database, clients: number, seconds: number): Promise<number> {
  const scale = clients;
  await db.rawTransaction((sql) =>
    sql.exec(`
      CREATE TABLE pgbench_branches (bid int PRIMARY KEY, bbalance int, filler char(88));
      CREATE TABLE pgbench_tellers (tid int PRIMARY KEY, bid int, tbalance int, filler char(84));
      CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(84));
      CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22));
      INSERT INTO pgbench_branches SELECT b, 0 FROM generate_series(1, ${scale}) b;
      INSERT INTO pgbench_tellers SELECT t, (t - 1) / 10 + 1, 0 FROM generate_series(1, ${scale * 10}) t;
      INSERT INTO pgbench_accounts SELECT a, (a - 1) / 100000 + 1, 0 FROM generate_series(1, ${scale * 100_000}) a;
    `),
  );
  let transactions = 0;
  const deadline = performance.now() + seconds * 1000;
  const random = (max: number) => 1 + Math.floor(Math.random() * max);
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const aid = random(scale * 100_000);
        const bid = random(scale);
        const tid = random(scale * 10);
        const delta = Math.floor(Math.random() * 10_001) - 5000;
        await db.rawTransaction(async (sql) => {
          await sql.query("UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2", [delta, aid]);
          await sql.query("SELECT abalance FROM pgbench_accounts WHERE aid = $1", [aid]);
          await sql.query("UPDATE pgbench_tellers SET tbalance = tbalance + $1 WHERE tid = $2", [delta, tid]);
          await sql.query("UPDATE pgbench_branches SET bbalance = bbalance + $1 WHERE bid = $2", [delta, bid]);
          await sql.query("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)", [tid, bid, aid, delta]);
        });
        transactions++;
      }
    }),
  );
  return transactions / seconds;
}

function summary(database: string, clients: number, figures: Figures, baselineTps: number, peakRss: number, overspent: number) {
  const sorted = [...figures.latencies].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2));
  const opsPerSec = figures.ops / figures.seconds;
  console.log(`${database}: ledger ${opsPerSec.toFixed(0)} holds+posts/s vs ${baselineTps.toFixed(0)} TPC-B tps → ratio ${(opsPerSec / baselineTps).toFixed(2)}; p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`);
  return {
    suite: "ledger",
    database,
    clients,
    opsPerSec: Math.round(opsPerSec),
    pgbenchTps: Math.round(baselineTps),
    ratio: Number((opsPerSec / baselineTps).toFixed(2)),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    peakRssMb: Math.round(peakRss / 1024 / 1024),
    overspent,
  };
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
