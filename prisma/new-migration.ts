// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the
// SQL that takes the previous migration's schema to prisma/schema.prisma.
// `prisma migrate dev` cannot run through driver adapters here (it needs a shadow database), and an
// adapter's PGlite keeps the CLI from exiting after introspection; so each migration folder keeps a
// copy of the schema it builds (schema.prisma), and the next migration is a datamodel-to-datamodel diff.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { MIGRATIONS_DIR, readMigrations } from "../services/db/migrate.ts";

const name = z
  .string({ message: "usage: npm run db:migration -- <name>" })
  .regex(/^[a-z0-9_]+$/, "the migration name is lower-case letters, digits and _")
  .safeParse(process.argv[2]);
if (!name.success) {
  console.error(name.error.issues[0]!.message);
  process.exit(2);
}

const last = readMigrations().at(-1);
const from = last ? ["--from-schema-datamodel", path.join(MIGRATIONS_DIR, last.name, "schema.prisma")] : ["--from-empty"];
const sql = execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"], { encoding: "utf8" });
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.log("prisma/schema.prisma and the last migration agree: nothing to write");
} else {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name.data}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, "migration.sql"), sql);
  copyFileSync("prisma/schema.prisma", path.join(dir, "schema.prisma"));
  console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql — review it (hand-written SQL such as partial indexes goes at its end), then commit`);
}
