import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The house rules of docs/architecture.md that an import graph cannot see (dependency-cruiser checks
 * the imports: `npm run lint:deps`). Each rule lists the files that break it, so a failure names them.
 */

const ROOT = path.resolve(import.meta.dirname, "..");

function sourceFiles(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(ROOT, dir))) {
      const rel = path.join(dir, name);
      if (statSync(path.join(ROOT, rel)).isDirectory()) walk(rel);
      else if (/\.ts$/.test(name)) out.push(rel);
    }
  };
  for (const dir of dirs) walk(dir);
  return out.sort();
}

/** The code of a file without its comments (a comment may name what the code must not do). */
function code(file: string): string {
  return readFileSync(path.join(ROOT, file), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

function filesMatching(files: string[], pattern: RegExp): string[] {
  return files.filter((file) => pattern.test(code(file)));
}

const RUNTIME = sourceFiles("bot", "dialogs", "services");

describe("the house rules (docs/architecture.md)", () => {
  it("no file under dialogs/ or bot/ reaches the database itself", () => {
    const edge = sourceFiles("bot", "dialogs");
    expect(filesMatching(edge, /\.prisma\b|\$queryRaw|\$executeRaw|\$transaction|\.sql\(|\.rawTransaction\(/)).toEqual([]);
  });

  it("only services/ledger/transfers.ts writes ledger transfers", () => {
    const writers = filesMatching(sourceFiles("bot", "dialogs", "services", "prisma/seed", "scripts"), /INSERT\s+INTO\s+"LedgerTransfer"|ledgerTransfer\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\b/);
    expect(writers).toEqual(["services/ledger/transfers.ts"]);
  });

  it("only services/db/transaction.ts opens a transaction", () => {
    expect(filesMatching([...RUNTIME, ...sourceFiles("prisma/seed")], /\$transaction\(/)).toEqual(["services/db/transaction.ts"]);
  });

  it("row locks go through lockRow, or are part of one statement that needs them", () => {
    // transfers.ts locks the card inside the hold statement; the outbox claims with SKIP LOCKED;
    // expiry locks a period's cards and reads their balances in one statement.
    const allowed = ["services/db/locks.ts", "services/ledger/expire-period.ts", "services/ledger/transfers.ts", "services/outbox/outbox-worker.ts"];
    expect(filesMatching(RUNTIME, /FOR\s+UPDATE/).filter((file) => !allowed.includes(file))).toEqual([]);
  });

  it("only services/clock.ts reads the wall clock (one clock)", () => {
    const readers = filesMatching([...RUNTIME, ...sourceFiles("test")], /new Date\(\)|Date\.now\(\)/);
    expect(readers).toEqual(["services/clock.ts"]);
  });

  it("SQL takes the time from the clock, never from the database's", () => {
    // The SQL is in template strings; migrate.ts fills Prisma's own bookkeeping table, not ours to stamp.
    const sqlOf = (file: string) => (code(file).match(/`[^`]*`/g) ?? []).filter((text) => /\b(SELECT|INSERT|UPDATE|DELETE)\b/.test(text));
    const readers = RUNTIME.filter((file) => file !== "services/db/migrate.ts" && sqlOf(file).some((sql) => /\bnow\(\)|CURRENT_TIMESTAMP|clock_timestamp\(\)/i.test(sql)));
    expect(readers).toEqual([]);
  });

  it("service functions take a Database or a Tx, not the Prisma client", () => {
    // database.ts builds the client; query.ts unwraps a Database | Tx (the ledger's and the hot path's: docs/architecture.md).
    const allowed = ["services/db/database.ts", "services/db/query.ts"];
    expect(filesMatching(sourceFiles("services"), /:\s*PrismaClient\b/).filter((file) => !allowed.includes(file))).toEqual([]);
  });
});
