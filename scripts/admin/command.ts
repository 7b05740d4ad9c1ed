import type { Clock } from "../../services/clock.ts";
import type { AppConfig } from "../../services/config.ts";
import type { Database } from "../../services/db/database.ts";

/**
 * The contract of `npm run admin -- <command>` (scripts/admin.ts): each group of commands is a
 * module in scripts/admin/commands/ that exports `commands: AdminCommand[]`. A command parses its
 * own arguments with zod (node:util parseArgs for flags) and throws `UsageError` on bad input; it
 * does its work through service functions (one use case each), safe to interrupt and re-run.
 */
export interface AdminCommand {
  /** The words that select it, e.g. ["registry", "sync"] for `npm run admin -- registry sync`. */
  path: string[];
  /** One line: the arguments, e.g. "<period> --format pain001|csv --out <file>". */
  usage: string;
  /** One sentence: what it does. */
  summary: string;
  run(args: string[], ctx: AdminContext): Promise<void>;
}

export interface AdminContext {
  db: Database;
  municipalityId: string;
  clock: Clock;
  config: AppConfig;
  out: AdminOutput;
  /**
   * Aborted when the operator presses Ctrl-C (SIGINT): a long command stops at its next safe point
   * (between rows, between batches), prints what it did, and a re-run finishes the work.
   */
  signal?: AbortSignal;
}

/** What a command tells the operator: lines, and a progress bar on a terminal (plain lines otherwise). */
export interface AdminOutput {
  line(text: string): void;
  /** A bar for `total` steps labelled `label`; `tick(n)` advances it, `done()` ends it with a summary line. */
  progress(label: string, total: number): AdminProgress;
}

export interface AdminProgress {
  tick(steps?: number): void;
  done(summary?: string): void;
}

/** Bad input on the command line: printed as one clear line, exit code 2, nothing changed. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * A command that ran but could not do everything it was asked (rows refused by a rule): it has
 * printed its summary and what was refused; printed as one line, exit code 1.
 */
export class CommandFailed extends Error {
  override name = "CommandFailed";
}

/**
 * Lets the event loop turn once (signals, timers, output). On the embedded database a long run of
 * queries can resolve in promise callbacks alone, without ever reaching the loop's poll phase where
 * Ctrl-C (SIGINT) is delivered: a long command awaits this at each safe point, before it checks
 * `ctx.signal`.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
