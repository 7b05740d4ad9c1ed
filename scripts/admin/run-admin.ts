import { ZodError } from "zod";
import type { Clock } from "../../services/clock.ts";
import type { AppConfig } from "../../services/config.ts";
import type { Database } from "../../services/db/database.ts";
import { isAppError } from "../../services/errors.ts";
import { describeProblem, type ApprovalProblem } from "../../services/catalog/approval-rules.ts";
import { CommandFailed, UsageError, type AdminCommand } from "./command.ts";
import { adminCommands } from "./commands/index.ts";
import type { RunnerOutput } from "./output.ts";

export interface RunAdminOptions {
  db: Database;
  municipalityId: string;
  clock: Clock;
  config: AppConfig;
  out: RunnerOutput;
  signal?: AbortSignal;
  /** The commands to choose from (default: every module in scripts/admin/commands/index.ts). */
  commands?: AdminCommand[];
}

/** Exit codes: 0 done, 1 failed or refused (the line says why), 2 bad input (nothing changed), 130 interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/**
 * `npm run admin -- <command>` without the process around it: picks the command whose words
 * start `argv` (the longest match), runs it, and turns what it throws into one line and an exit
 * code. scripts/admin.ts opens the database and calls this; tests call it in-process.
 */
export async function runAdmin(argv: string[], options: RunAdminOptions): Promise<number> {
  const commands = options.commands ?? adminCommands();
  const { out } = options;
  if (argv.length === 0 || ["help", "--help", "-h"].includes(argv[0]!)) {
    printUsage(commands, out, argv.slice(1));
    return EXIT.ok;
  }
  const command = commands
    .filter((candidate) => candidate.path.every((word, i) => argv[i] === word))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!command) {
    const group = commands.filter((candidate) => candidate.path[0] === argv[0]);
    out.error(group.length > 0
      ? `error: unknown command "${argv.slice(0, 2).join(" ")}"; ${argv[0]} has: ${group.map((c) => c.path.slice(1).join(" ")).join(", ")}`
      : `error: unknown command "${argv[0]}" (npm run admin -- help lists the commands)`);
    return EXIT.usage;
  }
  const args = argv.slice(command.path.length);
  if (args.includes("--help") || args.includes("-h")) {
    out.line(`usage: npm run admin -- ${command.path.join(" ")} ${command.usage}`.trimEnd());
    out.line(`  ${command.summary}`);
    return EXIT.ok;
  }
  try {
    await command.run(args, { db: options.db, municipalityId: options.municipalityId, clock: options.clock, config: options.config, out, ...(options.signal ? { signal: options.signal } : {}) });
    if (options.signal?.aborted) {
      out.error(`interrupted: what was done is kept; run "${command.path.join(" ")}" again to finish`);
      return EXIT.interrupted;
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(`error: ${error.message} (usage: ${command.path.join(" ")} ${command.usage})`);
      return EXIT.usage;
    }
    if (error instanceof ZodError) {
      out.error(`error: ${error.issues.map((issue) => `${issue.path.join(".") || "argument"}: ${issue.message}`).join("; ")} (usage: ${command.path.join(" ")} ${command.usage})`);
      return EXIT.usage;
    }
    if (error instanceof CommandFailed) {
      out.error(`failed: ${error.message}`);
      return EXIT.failed;
    }
    if (isAppError(error)) {
      const problems = Array.isArray(error.details.problems) ? (error.details.problems as ApprovalProblem[]).map(describeProblem) : [];
      out.error(`refused: ${error.message}${problems.length ? `: ${problems.join("; ")}` : ""}`);
      // Asking for something that is not there, or not so, is bad input; a rule refusing it is a refusal.
      return error.code === "INVALID_REQUEST" || error.code === "NOT_FOUND" ? EXIT.usage : EXIT.failed;
    }
    out.error(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
}

export function printUsage(commands: AdminCommand[], out: RunnerOutput, filter: string[]): void {
  const shown = commands.filter((command) => filter.every((word, i) => command.path[i] === word));
  out.line("usage: npm run admin -- <command> [arguments]   (<command> --help for one command)");
  out.line("");
  for (const command of shown) {
    out.line(`  ${command.path.join(" ")} ${command.usage}`.trimEnd());
    out.line(`      ${command.summary}`);
  }
  out.line("");
  out.line("The database is the server's: DATABASE_URL, else the embedded one in DATA_DIR (.data/).");
  out.line("Exit codes: 0 done, 1 failed or refused, 2 bad input (nothing changed), 130 interrupted (re-run to finish).");
}
