import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
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
  const admin = new pg.Client({ connectionString: provided.serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${provided.template}`);
  } finally {
    await admin.end();
  }
  const db = await openDatabase({ kind: "postgresql", url: withDatabase(provided.serverUrl, name), poolSize: options.poolSize ?? 10 });
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      const dropper = new pg.Client({ connectionString: provided.serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  });
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
