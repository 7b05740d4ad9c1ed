import { existsSync } from "node:fs";
import { systemClock } from "../services/clock.ts";
import { ConfigError, loadConfig } from "../services/config.ts";
import { DatabaseUnavailableError } from "../services/db/database.ts";
import { openAdminDatabase } from "./admin/open-database.ts";
import { terminalOutput } from "./admin/output.ts";
import { EXIT, runAdmin } from "./admin/run-admin.ts";

// `npm run admin -- <command>`: the municipality's administration from a terminal, on the same
// database as the server (docs/admin.md). Like `npm start` (scripts/demo.ts), outside production
// the demo municipality is seeded into an empty database unless SEED_DEMO=false.
const out = terminalOutput();
const argv = process.argv.slice(2);

if (argv.length === 0 || ["help", "--help", "-h"].includes(argv[0]!)) {
  // Usage needs no database: answer at once.
  const { adminCommands } = await import("./admin/commands/index.ts");
  const { printUsage } = await import("./admin/run-admin.ts");
  printUsage(adminCommands(), out, argv.slice(1));
  process.exit(EXIT.ok);
}

if (existsSync(".env")) process.loadEnvFile(".env");
if (process.env.NODE_ENV !== "production") process.env.SEED_DEMO ||= "true";

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    out.error(error.problems.map((problem) => `Configuration error: ${problem}`).join("\n"));
    process.exit(EXIT.failed);
  }
  throw error;
}

// Ctrl-C once: the command stops at its next safe point and says what it did. Twice: at once
// (every write is a transaction, so nothing half-written stays; a re-run finishes the work).
const interrupt = new AbortController();
process.on("SIGINT", () => {
  if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
  interrupt.abort();
  out.error("stopping after the current step (Ctrl-C again to stop at once)…");
});

let code: number = EXIT.failed;
try {
  const { db, municipalityId } = await openAdminDatabase(config, systemClock, (text) => out.error(text));
  try {
    code = await runAdmin(argv, { db, municipalityId, clock: systemClock, config, out, signal: interrupt.signal });
  } finally {
    await db.close();
  }
} catch (error) {
  out.error(error instanceof DatabaseUnavailableError ? `Database error: ${error.message}` : `failed: ${error instanceof Error ? error.message : String(error)}`);
  code = EXIT.failed;
}
process.exit(code);
