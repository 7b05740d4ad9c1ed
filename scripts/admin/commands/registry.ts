import { parseArgs } from "node:util";
import { z } from "zod";
import { demoRegisterFor } from "../../../prisma/seed/demo-register.ts";
import { HttpRegisterListing, type RegisterListing } from "../../../services/registry/population-register.ts";
import { syncRegistry, type SyncRegistryResult } from "../../../services/registry/sync-registry.ts";
import { UsageError, type AdminCommand, type AdminContext, type AdminProgress } from "../command.ts";

const Flags = z.object({ "page-size": z.coerce.number().int().min(1).max(5000).optional() });

/**
 * Which register a sync reads: the one configured (POPULATION_REGISTER_URL, the same configuration
 * as the login's look-up), else — the embedded default — the demo register, which exists only for a
 * database holding the demo. Exported for the scheduler's nightly sync and for tests.
 */
export async function registerFor(ctx: Pick<AdminContext, "config" | "db" | "municipalityId" | "out">, options: { pageSize?: number } = {}): Promise<{ register: RegisterListing; source: string } | null> {
  const configured = ctx.config.populationRegister;
  if (configured) {
    const register = new HttpRegisterListing({
      ...configured,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      onRetry: ({ page, attempt, status, waitMs }) =>
        ctx.out.line(`page ${page}: ${status === undefined ? "no answer" : `HTTP ${status}`} (try ${attempt}); trying again in ${(waitMs / 1000).toFixed(1)} s`),
    });
    return { register, source: new URL(configured.baseUrl).host };
  }
  const demo = await demoRegisterFor(ctx.db, ctx.municipalityId);
  return demo ? { register: demo, source: "the bundled demo register" } : null;
}

export const commands: AdminCommand[] = [
  {
    path: ["registry", "sync"],
    usage: "[--page-size <n>]",
    summary: "Brings children, guardians, residence (moves in and out), districts and contact reservations in line with the population register; safe to re-run.",
    async run(args, ctx) {
      let flags: z.infer<typeof Flags>;
      try {
        const parsed = parseArgs({ args, options: { "page-size": { type: "string" } }, allowPositionals: false, strict: true });
        flags = Flags.parse(parsed.values);
      } catch (error) {
        throw new UsageError(`registry sync: ${error instanceof z.ZodError ? `--page-size ${error.issues[0]!.message}` : (error as Error).message}`);
      }
      const chosen = await registerFor(ctx, flags["page-size"] ? { pageSize: flags["page-size"] } : {});
      if (!chosen) {
        throw new UsageError("registry sync: no population register is configured: set POPULATION_REGISTER_URL and POPULATION_REGISTER_API_KEY (the bundled demo register serves only a database holding the demo)");
      }
      ctx.out.line(`reading ${chosen.source}…`);
      let bar: AdminProgress | undefined;
      const result = await syncRegistry(ctx.db, {
        municipalityId: ctx.municipalityId,
        register: chosen.register,
        now: ctx.clock.now(),
        onPage: (page, persons, skipped) => ctx.out.line(`page ${page}: ${persons} persons${skipped > 0 ? `, ${skipped} unreadable` : ""}`),
        onWriteStart: (total) => (bar = ctx.out.progress("comparing and writing", total)),
        onWritten: (n) => bar?.tick(n),
      });
      bar?.done(result.noChanges ? "no changes" : `${result.created} new, ${result.updated} updated`);
      for (const line of summaryLines(result)) ctx.out.line(line);
    },
  },
];

/** What the operator reads after a sync: counts, then what needs their attention. Never a name. */
export function summaryLines(result: SyncRegistryResult): string[] {
  const lines = [
    `register: ${result.listed} persons listed`,
    result.noChanges
      ? "no changes: the database already agrees with the register"
      : `persons: ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged; moved in ${result.movedIn}, moved out ${result.movedOut}; contact reservations changed ${result.reservationsChanged}`,
    `guardianships: ${result.guardianshipsAdded} added, ${result.guardianshipsRemoved} removed`,
  ];
  if (result.notListed > 0) lines.push(`${result.notListed} persons we hold were not listed by the register this time: left as they are`);
  for (const [name, count] of Object.entries(result.unknownDistricts)) lines.push(`unknown district "${name}" (${count} persons): add it to the municipality's districts and sync again`);
  if (result.unknownGuardians > 0) lines.push(`${result.unknownGuardians} guardian references named nobody the register listed: those guardianships were left out`);
  if (result.skipped.length > 0) {
    lines.push(`${result.skipped.length} records skipped:`);
    for (const skip of result.skipped.slice(0, 20)) lines.push(`  ${skip.page > 0 ? `page ${skip.page} #${skip.index}` : "record"}${skip.registryRef ? ` (${skip.registryRef})` : ""}: ${skip.reason}`);
    if (result.skipped.length > 20) lines.push(`  … and ${result.skipped.length - 20} more`);
  }
  return lines;
}
