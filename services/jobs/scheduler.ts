import { hostname } from "node:os";
import { Cron } from "croner";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { Clock } from "../clock.ts";
import type { Database } from "../db/database.ts";
import { errorForLog, type Logger } from "../logger.ts";
import { observe } from "../observability/context.ts";
import type { Metrics } from "../observability/metrics.ts";
import { claimJobRun, failAbandonedJobRuns, finishJobRun, jobIsRunning, type JobTrigger } from "./job-runs.ts";

/** What a job reports: counts and codes only (it is stored and logged; no names, no phone numbers). */
export type JobSummary = Record<string, number | string | boolean | null>;

export interface JobDefinition {
  /** Stable: the JobRun rows and the schedule overrides name it. */
  name: string;
  /** One sentence for `npm run admin -- jobs`. */
  summary: string;
  /** A cron expression (5 fields, or 6 with seconds) in the municipality's time zone, or "off". */
  schedule: string;
  /** A run still going after this long is taken for dead (its process stopped). Default 30 minutes. */
  timeoutMs?: number;
  /** One run. Must be idempotent: a slot runs once, but a manual run or the next slot may repeat the work. */
  run(at: { now: Date; slot: Date }): Promise<JobSummary>;
}

export interface JobOutcome {
  job: string;
  slot: Date;
  status: "SUCCEEDED" | "FAILED";
  summary?: JobSummary;
  error?: string;
}

export interface JobSchedulerOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Runs are counted here; a run's own work (ledger operations) records here too, and its log lines carry `requestId: job-<JobRun id>`. */
  metrics?: Metrics;
  jobs: JobDefinition[];
  timeZone: string;
  /** How often the calendar is looked at (a timer; each look reads the clock once). Default 30 s. */
  tickMs?: number;
  /** A slot missed while no instance ran (a restart, a deploy) is still run if it is this recent. Default 36 h. */
  catchUpMs?: number;
  /** Names this process in JobRun rows. Default host:pid. */
  instance?: string;
}

const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/** A schedule as croner reads it, in the municipality's time zone; null for "off". Throws on a bad expression. */
export function parseSchedule(schedule: string, timeZone: string): Cron | null {
  if (schedule.trim().toLowerCase() === "off") return null;
  return new Cron(schedule.trim(), { timezone: timeZone, paused: true });
}

/** The next time a schedule fires after `after` (null: off, or never again). */
export function nextSlot(schedule: string, timeZone: string, after: Date): Date | null {
  return parseSchedule(schedule, timeZone)?.nextRun(after) ?? null;
}

/**
 * The job calendar: every tick, for each job, the latest slot its schedule has reached (by the
 * app's clock, in the municipality's time zone) is claimed in the database and, if this instance
 * won the claim, run. Two instances on one database never run the same slot twice (JobRun's unique
 * (job, slot), docs/jobs.md); a failed run is recorded and the next slot runs the job again; a
 * slot missed while the service was down runs on the first tick after (if within `catchUpMs`).
 */
export class JobScheduler {
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly metrics: Metrics | undefined;
  private readonly jobs: Map<string, { job: JobDefinition; cron: Cron | null }>;
  private readonly tickMs: number;
  private readonly catchUpMs: number;
  readonly instance: string;
  /** Per job: the time up to which this process has handled its slots (claimed, found claimed, or none due). */
  private readonly cursor = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private readonly running = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<JobOutcome[]> | undefined;

  constructor(options: JobSchedulerOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.tickMs = options.tickMs ?? 30_000;
    this.catchUpMs = options.catchUpMs ?? 36 * 3_600_000;
    this.instance = options.instance ?? `${hostname()}:${process.pid}`;
    this.jobs = new Map(options.jobs.map((job) => [job.name, { job, cron: parseSchedule(job.schedule, options.timeZone) }]));
  }

  get definitions(): JobDefinition[] {
    return [...this.jobs.values()].map((entry) => entry.job);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick().catch((error: unknown) => this.logger.error({ error: errorForLog(error) }, "job calendar tick failed")), this.tickMs);
    this.timer.unref();
  }

  /** Stops ticking and waits for the runs in progress to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking?.catch(() => undefined);
    await Promise.allSettled([...this.running]);
  }

  /**
   * One look at the calendar: claims and runs every job whose latest slot is due and unclaimed, and
   * resolves when those runs end (tests drive it on a ManualClock). Reads the clock once.
   */
  tick(): Promise<JobOutcome[]> {
    // One tick at a time in a process; a tick asked for meanwhile shares the one in progress.
    this.ticking ??= this.tickOnce().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async tickOnce(): Promise<JobOutcome[]> {
    const now = this.clock.now();
    const abandoned = await failAbandonedJobRuns(this.db, now);
    if (abandoned > 0) this.logger.warn({ abandoned }, "job runs abandoned by a stopped process marked failed");
    const due: Promise<JobOutcome | null>[] = [];
    for (const { job, cron } of this.jobs.values()) {
      if (!cron || this.inFlight.has(job.name)) continue;
      const slot = this.latestSlot(job.name, cron, now);
      if (!slot) {
        this.cursor.set(job.name, now.getTime()); // nothing was due up to now
        continue;
      }
      due.push(this.runSlot(job, slot, "schedule", now));
    }
    return (await Promise.all(due)).filter((outcome): outcome is JobOutcome => outcome !== null);
  }

  /** Runs a job now, outside its schedule (`npm run admin -- jobs run <job>`); recorded as a manual run. */
  async runNow(name: string): Promise<JobOutcome> {
    const entry = this.jobs.get(name);
    if (!entry) throw new Error(`no job ${name}`);
    const now = this.clock.now();
    const outcome = await this.runSlot(entry.job, now, "manual", now);
    return outcome ?? { job: name, slot: now, status: "FAILED", error: "another run of this job is in progress" };
  }

  /** The latest slot in (cursor, now], or null when none is new. */
  private latestSlot(name: string, cron: Cron, now: Date): Date | null {
    // On the first look, slots as far back as catchUpMs (missed while no instance ran); then, since the last look.
    const from = this.cursor.get(name) ?? now.getTime() - this.catchUpMs;
    let latest: Date | null = null;
    for (let next = cron.nextRun(new Date(from)); next && next.getTime() <= now.getTime(); next = cron.nextRun(next)) latest = next;
    return latest;
  }

  private async runSlot(job: JobDefinition, slot: Date, trigger: JobTrigger, now: Date): Promise<JobOutcome | null> {
    if (this.inFlight.has(job.name)) return null;
    this.inFlight.add(job.name);
    const work = (async (): Promise<JobOutcome | null> => {
      try {
        // A long run of the previous slot (here or elsewhere) is not overtaken: the slot waits for a later tick.
        if (trigger === "schedule" && (await jobIsRunning(this.db, job.name, now))) return null;
        const id = await claimJobRun(this.db, { job: job.name, slot, trigger, instance: this.instance, now, leaseUntil: new Date(now.getTime() + (job.timeoutMs ?? DEFAULT_TIMEOUT_MS)) });
        // Slots up to now are handled: this one is claimed (here or elsewhere); older ones are skipped on purpose.
        if (trigger === "schedule") this.cursor.set(job.name, now.getTime());
        if (!id) return null; // another instance has this slot
        const started = performance.now();
        const metrics = this.metrics;
        try {
          const summary = await observe({ requestId: `job-${id}`, ...(metrics ? { metrics } : {}) }, () => job.run({ now, slot }));
          metrics?.jobRun(job.name, "succeeded", (performance.now() - started) / 1000);
          await finishJobRun(this.db, id, { status: "SUCCEEDED", now: this.clock.now(), summary: summary as Prisma.InputJsonValue });
          // A run that did something (or was asked for) is news; the every-few-minutes "nothing to do" is not.
          const level = trigger === "manual" || Object.values(summary).some((value) => typeof value === "number" && value > 0) ? "info" : "debug";
          this.logger[level]({ job: job.name, slot: slot.toISOString(), trigger, ms: Math.round(performance.now() - started), ...summary }, "job ran");
          return { job: job.name, slot, status: "SUCCEEDED", summary };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          metrics?.jobRun(job.name, "failed", (performance.now() - started) / 1000);
          await finishJobRun(this.db, id, { status: "FAILED", now: this.clock.now(), error: message });
          this.logger.error({ job: job.name, slot: slot.toISOString(), trigger, error: errorForLog(error) }, "job failed; the next slot runs it again");
          return { job: job.name, slot, status: "FAILED", error: message };
        }
      } finally {
        this.inFlight.delete(job.name);
      }
    })();
    this.running.add(work);
    try {
      return await work;
    } finally {
      this.running.delete(work);
    }
  }
}
