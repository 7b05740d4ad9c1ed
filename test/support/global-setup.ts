import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { PGlite } from "@electric-sql/pglite";
import { databaseOnPGlite, openDatabase } from "../../services/db/database.ts";
import { migrate } from "../../services/db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { kind: "postgresql"; serverUrl: string; template: string } | { kind: "pglite"; dumpFile: string };
  }
}

/**
 * Migrates one template database for the whole run: a PostgreSQL template database when
 * TEST_DATABASE_URL is set (CI), else a PGlite data-directory dump (initdb costs seconds and ~0.8 GB
 * here, so it happens once, not per test file).
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = `fk_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
    const db = await openDatabase({ kind: "postgresql", url: withDatabase(serverUrl, template), poolSize: 1 });
    await migrate(db);
    await db.close();
    project.provide("testDatabase", { kind: "postgresql", serverUrl, template });
    return async () => {
      const leftovers = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`fk_t_${process.pid}_%`]);
      for (const { datname } of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "fk-test-"));
  const pglite = await PGlite.create();
  const db = databaseOnPGlite(pglite);
  await migrate(db);
  const dump = await pglite.dumpDataDir("none");
  const dumpFile = path.join(dir, "template.tar");
  writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide("testDatabase", { kind: "pglite", dumpFile });
  return () => rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
