import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { today } from "../../../services/clock.ts";
import { isAppError } from "../../../services/errors.ts";
import { schemeOf } from "../../../services/municipality.ts";
import { buildPeriodReport, type OutreachReach } from "../../../services/reports/period-report.ts";
import { renderReportCsv, renderReportHtml } from "../../../services/reports/render-report.ts";
import { UsageError, type AdminCommand } from "../command.ts";

const Args = z.object({
  period: z.string().regex(/^\d{4}-(spring|autumn)$/, "must be named <year>-spring or <year>-autumn"),
  out: z.string().min(1, "--out <file> is required"),
  format: z.enum(["html", "csv"]).default("html"),
});

/**
 * `report <period> --out report.html [--format html|csv]`. `outreach` tells which children's
 * families the outreach reached (the outreach jobs provide it); without it the report says
 * "no outreach data".
 */
export function reportCommands(outreach?: OutreachReach): AdminCommand[] {
  return [
    {
      path: ["report"],
      usage: "<period> --out <file> [--format html|csv]",
      summary: "Writes the funder's evaluation of a period (uptake by age, district and activity, money, sign-ups over time) with small cells suppressed: HTML with charts, or CSV.",
      async run(args, ctx) {
        let parsed: z.infer<typeof Args>;
        try {
          const { values, positionals } = parseArgs({ args, options: { out: { type: "string" }, format: { type: "string" } }, allowPositionals: true, strict: true });
          if (positionals.length !== 1) throw new Error("give exactly one period, e.g. 2026-autumn");
          parsed = Args.parse({ period: positionals[0], out: values.out ?? "", format: values.format });
        } catch (error) {
          const reason = error instanceof z.ZodError ? `${error.issues[0]!.path.join(".")} ${error.issues[0]!.message}` : (error as Error).message;
          throw new UsageError(`report: ${reason}`);
        }
        const municipality = await ctx.db.prisma.municipality.findUniqueOrThrow({ where: { id: ctx.municipalityId } });
        const bar = ctx.out.progress(`report ${parsed.period}`, 2);
        let report;
        try {
          report = await buildPeriodReport(ctx.db, { municipalityId: ctx.municipalityId, periodCode: parsed.period, scheme: schemeOf(municipality), ...(outreach ? { outreach } : {}) });
        } catch (error) {
          if (isAppError(error, "NOT_FOUND") || isAppError(error, "INVALID_REQUEST")) throw new UsageError(`report: ${error.message}`);
          throw error;
        }
        bar.tick();
        const text = parsed.format === "csv" ? renderReportCsv(report) : renderReportHtml(report, { generatedOn: today(ctx.clock, municipality.timeZone) });
        await writeFile(parsed.out, text, "utf8");
        bar.tick();
        bar.done(`wrote ${parsed.out}`);
        const t = report.total;
        ctx.out.line(
          `${report.period.code}: ${t.eligible ?? "<5"} children with a card, ${t.users ?? "(suppressed)"} used it${t.share === null ? "" : ` (${(t.share * 100).toFixed(1)} %)`}; ${report.outreach === null ? "no outreach data" : "outreach compared"}`,
        );
      },
    },
  ];
}

