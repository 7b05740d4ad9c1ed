import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, type Database } from "../../services/db/database.ts";
import { withDatabase } from "./global-setup.ts";

/**
 * A fresh, migrated database of this test file's own: PGlite in memory by default, a PostgreSQL
 * database cloned from the run's template when TEST_DATABASE_URL is set. Never a mock.
 */
export async function openTestDatabase(options: { poolSize?: number } = {}): Promise<Database> {
  const provided = inject("testDatabase");
  if (provided.kind === "pglite") {
    return openDatabase({ kind: "pglite", loadDataDir: new Blob([readFileSync(provided.dumpFile)]) });
  }
  const name = `fk_t_${process.ppid}_${randomBytes(4).toString("hex")}`;
  await withAdmin(provided.serverUrl, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${provided.template}`));
  const db = await openDatabase({ kind: "postgresql", url: withDatabase(provided.serverUrl, name), poolSize: options.poolSize ?? 10 });
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      await withAdmin(provided.serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  });
}

/**
 * Where a whole app under test keeps its data: a new PGlite data folder (created by the app, as on
 * a fresh clone), or a new PostgreSQL database cloned from the migrated template.
 */
export async function createTestDatabaseTarget(): Promise<{ target: { kind: "pglite"; dataDir: string } | { kind: "postgresql"; url: string }; dispose(): Promise<void> }> {
  const provided = inject("testDatabase");
  if (provided.kind === "pglite") {
    const dataDir = mkdtempSync(path.join(tmpdir(), "fk-app-"));
    return { target: { kind: "pglite", dataDir }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `fk_t_${process.ppid}_${randomBytes(4).toString("hex")}`;
  await withAdmin(provided.serverUrl, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${provided.template}`));
  return {
    target: { kind: "postgresql", url: withDatabase(provided.serverUrl, name) },
    dispose: () => withAdmin(provided.serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** Opens a test database before the file's tests and closes it after: `const ctx = useTestDatabase()`. */
export function useTestDatabase(options: { poolSize?: number } = {}): { db: Database } {
  const holder = {} as { db: Database };
  beforeAll(async () => {
    holder.db = await openTestDatabase(options);
  });
  afterAll(async () => {
    await holder.db?.close();
  });
  return holder;
}
