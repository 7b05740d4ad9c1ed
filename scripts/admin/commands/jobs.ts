import { parseArgs } from "node:util";
import { z } from "zod";
import { noticeText } from "../../../dialogs/notices.ts";
import { createI18n } from "../../../locales/i18n.ts";
import type { Language } from "../../../services/languages.ts";
import { createLogger } from "../../../services/logger.ts";
import { jobCalendar, JOB_NAMES, jobSchedules } from "../../../services/jobs/calendar.ts";
import { findJobRuns, findLatestJobRuns } from "../../../services/jobs/job-runs.ts";
import { JobScheduler, nextSlot } from "../../../services/jobs/scheduler.ts";
import { createPaymentProvider } from "../../../services/payments/create-payment-provider.ts";
import { UsageError, type AdminCommand, type AdminContext } from "../command.ts";

const JobName = z.enum(JOB_NAMES as [string, ...string[]], { message: `must be one of ${JOB_NAMES.join(", ")}` });

/** node:util parseArgs' complaint (an unknown flag) as a usage error. */
function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** A time as the operator reads it: the municipality's local time, to the minute. */
function local(date: Date | null | undefined, timeZone: string): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(date);
}

function summaryText(summary: unknown): string {
  if (!summary || typeof summary !== "object") return "";
  return Object.entries(summary as Record<string, unknown>)
    .filter(([, value]) => value !== null && value !== 0 && value !== "")
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(" ");
}

/** The calendar with its real dependencies (the configured payment provider, the catalog's sentences), as the server builds it. */
export async function schedulerFor(ctx: AdminContext): Promise<JobScheduler> {
  const i18n = await createI18n(ctx.config.scheme.defaultLanguage as Language);
  const payments = createPaymentProvider(ctx.config, ctx.clock);
  const handOffNotices = { text: noticeText(i18n), municipalityName: ctx.config.scheme.municipalityName, inboxUrl: `${ctx.config.publicBaseUrl}/staff/` };
  const jobs = jobCalendar({ db: ctx.db, config: ctx.config, municipalityId: ctx.municipalityId, payments, text: noticeText(i18n), handOffNotices });
  return new JobScheduler({ db: ctx.db, clock: ctx.clock, logger: createLogger("silent"), jobs, timeZone: ctx.config.scheme.timeZone, instance: `admin:${process.pid}` });
}

const list: AdminCommand = {
  path: ["jobs"],
  usage: "[<job>]",
  summary: "Lists the job calendar: each job's schedule, last run and its outcome, and next run (with a job: its recent runs).",
  async run(args, ctx) {
    const { positionals } = parsed(() => parseArgs({ args, allowPositionals: true, strict: true, options: {} }));
    if (positionals.length > 1) throw new UsageError("usage: jobs [<job>]");
    const timeZone = ctx.config.scheme.timeZone;
    if (positionals[0] !== undefined) {
      const name = JobName.safeParse(positionals[0]);
      if (!name.success) throw new UsageError(`job ${name.error.issues[0]!.message} (got "${positionals[0]}")`);
      const runs = await findJobRuns(ctx.db, name.data);
      if (runs.length === 0) ctx.out.line(`${name.data}: no runs yet`);
      for (const run of runs) ctx.out.line(`${local(run.startedAt, timeZone)}  ${run.status.padEnd(9)} ${run.trigger.padEnd(8)} ${run.instance}  ${run.error ?? summaryText(run.summary)}`);
      return;
    }
    const schedules = jobSchedules(ctx.config);
    const latest = await findLatestJobRuns(ctx.db, JOB_NAMES);
    const now = ctx.clock.now();
    ctx.out.line(`Job calendar (${timeZone}; ${ctx.config.jobs.enabled ? "runs in the server" : "JOBS_ENABLED=false: not run by the server"})`);
    for (const name of JOB_NAMES) {
      const run = latest.get(name);
      const next = nextSlot(schedules[name], timeZone, now);
      const last = run ? `${local(run.startedAt, timeZone)} ${run.status.toLowerCase()}${run.trigger === "manual" ? " (manual)" : ""}${run.error ? `: ${run.error}` : summaryText(run.summary) ? `: ${summaryText(run.summary)}` : ""}` : "never";
      ctx.out.line(`${name.padEnd(20)} ${schedules[name].padEnd(16)} last ${last}; next ${next ? local(next, timeZone) : "off"}`);
    }
  },
};

const runJob: AdminCommand = {
  path: ["jobs", "run"],
  usage: "<job>",
  summary: "Runs one job of the calendar now (recorded as a manual run; the job is idempotent, so this is safe to repeat).",
  async run(args, ctx) {
    const { positionals } = parsed(() => parseArgs({ args, allowPositionals: true, strict: true, options: {} }));
    if (positionals.length !== 1) throw new UsageError("usage: jobs run <job>");
    const name = JobName.safeParse(positionals[0]);
    if (!name.success) throw new UsageError(`job ${name.error.issues[0]!.message} (got "${positionals[0]}")`);
    const outcome = await (await schedulerFor(ctx)).runNow(name.data);
    if (outcome.status === "FAILED") throw new Error(`${name.data} failed: ${outcome.error}`);
    ctx.out.line(`${name.data}: succeeded ${summaryText(outcome.summary)}`.trim());
  },
};

export const commands: AdminCommand[] = [list, runJob];
