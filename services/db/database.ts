import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../../prisma/generated/client.ts";

export type { PrismaClient };
/** What a Prisma interactive transaction hands its callback. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export type DatabaseKind = "pglite" | "postgresql";

/**
 * One database, embedded or server, behind the same Prisma client. `rawTransaction` runs SQL
 * outside Prisma (migrations): Prisma's raw queries take one statement only.
 */
export interface Database {
  readonly kind: DatabaseKind;
  readonly prisma: PrismaClient;
  /**
   * One statement straight on the driver, outside Prisma, in its own implicit transaction: the hot
   * path of the ledger (Prisma's per-query overhead is ~7× a pg round trip here, measured).
   * Timestamps go in and come out as UTC, as Prisma stores them.
   */
  readonly sql: RawSql["query"];
  /** Runs `work` in one transaction on one connection, with raw SQL (migrations, bulk loads). */
  rawTransaction<T>(work: (sql: RawSql) => Promise<T>): Promise<T>;
  /** The connections at this moment, for /metrics (services/observability/metrics.ts). */
  stats(): DatabaseStats;
  close(): Promise<void>;
}

/** Work waiting for a connection now; PGlite has one connection, and `waiting` counts the calls queued behind it. */
export interface DatabaseStats {
  waiting: number;
  total: number;
  idle: number;
}

export interface RawSql {
  /** One statement, with $1… parameters. */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Several statements, no parameters. */
  exec(script: string): Promise<void>;
}

export type DatabaseTarget =
  | { kind: "postgresql"; url: string; poolSize?: number }
  | { kind: "pglite"; dataDir?: string; loadDataDir?: Blob };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === "postgresql" ? openPostgres(target.url, target.poolSize) : openPGlite(target);
}

async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  // Our own raw queries read `timestamp` columns as UTC (Prisma writes UTC); Prisma's adapter passes
  // its own parsers per query, so this does not change what Prisma sees.
  const types = { getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === TIMESTAMP_OID ? parseUtcTimestamp : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser };
  // A connection that cannot be made in 5 s fails (a database that accepts and then says nothing
  // would otherwise hold a request past Twilio's 15 s).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: 5_000 });
  // An idle connection the server closes (restart, failover, admin) emits 'error' on the pool; without
  // a listener that would crash the process. The pool drops the client and opens a new one when needed.
  pool.on("error", () => undefined);
  // Fail fast with the driver's own reason (ECONNREFUSED, unknown database…) rather than on first use.
  const probe = await pool.connect().catch(async (error: unknown) => {
    await pool.end();
    throw new DatabaseUnavailableError(redactUrl(url), error);
  });
  probe.release();
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const prepared = preparedStatements();
  let closing: Promise<void> | undefined;
  return {
    kind: "postgresql",
    prisma,
    sql: async (text, params) => (await pool.query(prepared(text, params))).rows,
    stats: () => ({ waiting: pool.waitingCount, total: pool.totalCount, idle: pool.idleCount }),
    async rawTransaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work({
          query: async (text, params) => (await client.query(text, params)).rows,
          exec: async (script) => void (await client.query(script)),
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    // Closing twice (a test closes the database under a running app, which closes it again on
    // stop) is harmless: pg refuses a second end() of a pool.
    close() {
      return (closing ??= (async () => {
        await prisma.$disconnect();
        await pool.end();
      })());
    },
  };
}

/** How many distinct statement texts get a name: a bound on what each connection keeps prepared. */
export const MAX_PREPARED_STATEMENTS = 256;

/**
 * Our raw statements as named prepared statements: each connection parses and plans a text once
 * and then only binds and executes it. The turn's statements are long CTEs, and on PostgreSQL
 * parsing and planning them again cost more than running them (docs/performance.md: the turn's
 * opening statement took 2.0 ms of the server's CPU unnamed, 0.75 ms prepared). Names go to the
 * first MAX_PREPARED_STATEMENTS texts; any further text runs unnamed, so a text built at run time
 * cannot grow what the connections hold. (A pooler in transaction mode must keep prepared
 * statements per client: PgBouncer ≥ 1.21 with max_prepared_statements; docs/scaling.md.)
 */
function preparedStatements(): (text: string, values: unknown[] | undefined) => pg.QueryConfig {
  const names = new Map<string, string>();
  return (text, values) => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_PREPARED_STATEMENTS) names.set(text, (name = `fk_${names.size}`));
    return name === undefined ? { text, values: values ?? [] } : { name, text, values: values ?? [] };
  };
}

const PGLITE_SHARED_BUFFERS = "32MB";

async function openPGlite(target: { dataDir?: string; loadDataDir?: Blob }): Promise<Database> {
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  // PostgreSQL's default 128 MB of shared buffers are WebAssembly memory here, resident in our own
  // process; 32 MB hold a municipality's working set (the data folder stays in the OS's page cache).
  // docs/performance.md, Memory.
  const startParams = [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`];
  const pglite = await PGlite.create(target.dataDir, { startParams, ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}) });
  return databaseOnPGlite(pglite);
}

/** Wraps an open PGlite (tests dump and load its data directory). Closing the Database closes it. */
export function databaseOnPGlite(pglite: PGlite): Database {
  // pglite-prisma-adapter 0.6 is typed against driver-adapter-utils 6.10; the interface it
  // implements is the one Prisma 6.19 calls (measured: queries and transactions work).
  const inFlight = countCalls(pglite);
  const adapter = new PrismaPGlite(pglite) as unknown as PrismaPg;
  const prisma = new PrismaClient({ adapter });
  return {
    kind: "pglite",
    prisma,
    sql: async (text, params) => (await pglite.query(text, params)).rows as never[],
    stats: () => ({ waiting: Math.max(0, inFlight() - 1), total: 1, idle: inFlight() === 0 ? 1 : 0 }),
    async rawTransaction(work) {
      return pglite.transaction((tx) =>
        work({
          query: async (text, params) => (await tx.query(text, params)).rows as never[],
          exec: async (script) => void (await tx.exec(script)),
        }),
      );
    },
    async close() {
      await prisma.$disconnect();
      // An open PGlite keeps the event loop alive until closed.
      if (!pglite.closed) await pglite.close();
    },
  };
}

/**
 * PGlite runs one call at a time (its own mutex, private): counts its calls in flight (queries,
 * scripts, transactions; ours and Prisma's adapter's) so /metrics can show how many wait. A
 * statement itself runs synchronously in WebAssembly (the event loop waits with it), so what queues
 * is work behind a transaction held open across awaits (Prisma's interactive transactions) and calls
 * made while others are pending. One counter step per call.
 */
function countCalls(pglite: PGlite): () => number {
  let inFlight = 0;
  const settle = () => void (inFlight -= 1);
  for (const method of ["query", "exec", "transaction"] as const) {
    const original = (pglite[method] as (...args: unknown[]) => Promise<unknown>).bind(pglite);
    (pglite as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      inFlight += 1;
      const call = original(...args);
      call.then(settle, settle);
      return call;
    };
  }
  return () => inFlight;
}

const TIMESTAMP_OID = 1114;
const parseUtcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);

/** A Date as a `timestamp` literal in UTC (cast with ::timestamp), as Prisma stores DateTime. */
export function utcTimestamp(date: Date): string {
  return date.toISOString().slice(0, 23);
}

/** Driver, Prisma and PostgreSQL codes that mean "no connection", not "bad query". */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "P1001", "P1002", "P1017", "P2024", "57P01", "57P02", "57P03"]);
const UNREACHABLE_MESSAGE = /Connection terminated|connect ECONNREFUSED|read ECONNRESET|timeout exceeded when trying to connect|Client has encountered a connection error|Can't reach database server|Server has closed the connection|Code: `(08\d{3}|57P0[123])`/i;

/**
 * Whether an error (or any of its causes) says the database could not be reached — refused, cut,
 * restarting, or no connection in time — rather than that a query was wrong. The edge answers such
 * a request 503 (retry later), not 500 (bot/http-errors.ts).
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === "object" && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    if (current instanceof DatabaseUnavailableError) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (UNREACHABLE_CODES.has(code) || /^08\d{3}$/.test(code))) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === "string" && UNREACHABLE_MESSAGE.test(message)) return true;
  }
  return false;
}

export class DatabaseUnavailableError extends Error {
  constructor(
    readonly where: string,
    override readonly cause: unknown,
  ) {
    super(`cannot connect to the database at ${where}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "DatabaseUnavailableError";
  }
}

/** postgresql://user:secret@host/db → postgresql://user:***@host/db, for logs and error lines. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable url)";
  }
}
