import type { ImportPlan, RowOutcome } from "../../services/catalog/import-providers.ts";
import { CommandFailed, UsageError, yieldToEventLoop, type AdminContext } from "./command.ts";

export interface ImportRun<Row> {
  /** "providers", "activities": the progress bar's label and the summary's noun. */
  label: string;
  file: string;
  records: number;
  plan: ImportPlan<Row>;
  skipInvalid: boolean;
  dryRun: boolean;
  apply(row: Row): Promise<RowOutcome>;
}

/**
 * The shape every import shares: every bad row reported with its line and reason; nothing written
 * from a file with errors unless --skip-invalid; then one transaction per row (an interrupted run
 * keeps the rows it finished, and a re-run finds them unchanged), with a progress bar and a summary.
 * A row the service refuses (a raised fee on an approved activity) is reported and makes the exit code 1.
 */
export async function runImport<Row>(ctx: AdminContext, run: ImportRun<Row>): Promise<void> {
  const { out } = ctx;
  for (const error of run.plan.errors) out.line(`line ${error.line}: ${error.reason}`);
  if (run.plan.errors.length > 0 && !run.skipInvalid) {
    throw new UsageError(`${run.file}: ${run.plan.errors.length} of ${run.records} rows have errors, nothing imported (fix them, or --skip-invalid to import the ${run.plan.rows.length} valid rows)`);
  }
  if (run.dryRun) {
    out.line(`${run.label} import (dry run): ${run.plan.rows.length} valid rows, ${run.plan.errors.length} invalid; nothing written`);
    return;
  }
  const counts = { created: 0, updated: 0, unchanged: 0, refused: 0 };
  const refused: string[] = [];
  const progress = out.progress(`${run.label} import`, run.plan.rows.length);
  let done = 0;
  for (const { line, row } of run.plan.rows) {
    await yieldToEventLoop();
    if (ctx.signal?.aborted) break;
    let result;
    try {
      result = await run.apply(row);
    } catch (error) {
      // The rows before are committed, this one is not (its transaction rolled back): say where it stopped.
      progress.done(`stopped at line ${line}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged before it`);
      throw error;
    }
    counts[result.outcome]++;
    if (result.outcome === "refused") refused.push(`line ${line}: refused: ${result.reason}`);
    done++;
    progress.tick();
  }
  const skipped = run.plan.errors.length > 0 ? `, ${run.plan.errors.length} invalid skipped` : "";
  const stopped = done < run.plan.rows.length ? `, ${run.plan.rows.length - done} not reached (interrupted)` : "";
  progress.done(`${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.refused} refused${skipped}${stopped}`);
  for (const line of refused) out.line(line);
  if (counts.refused > 0) throw new CommandFailed(`${counts.refused} row${counts.refused > 1 ? "s" : ""} refused (listed above); the other rows were imported`);
}
