import type { Prisma } from "../../prisma/generated/client.ts";
import type { Database } from "../db/database.ts";

export type JobTrigger = "schedule" | "manual";

export interface ClaimJobRun {
  job: string;
  slot: Date;
  trigger: JobTrigger;
  instance: string;
  now: Date;
  leaseUntil: Date;
}

/**
 * Claims one run of a job for one slot: INSERT … ON CONFLICT (job, slot) DO NOTHING. Of any number
 * of instances reaching the same slot, exactly one insert creates the row, and only that instance
 * runs the job (the unique key is the whole guarantee; no lock is held while the job runs).
 * Returns the run's id, or null if another instance (or an earlier tick) has the slot.
 */
export async function claimJobRun(db: Database, claim: ClaimJobRun): Promise<string | null> {
  const created = await db.prisma.jobRun.createManyAndReturn({
    data: [{ job: claim.job, slot: claim.slot, trigger: claim.trigger, status: "RUNNING", instance: claim.instance, startedAt: claim.now, leaseUntil: claim.leaseUntil }],
    skipDuplicates: true,
    select: { id: true },
  });
  return created[0]?.id ?? null;
}

/** Records how a claimed run ended (only a run still RUNNING: a run taken for dead stays FAILED). */
export async function finishJobRun(db: Database, id: string, outcome: { status: "SUCCEEDED" | "FAILED"; now: Date; summary?: Prisma.InputJsonValue; error?: string }): Promise<void> {
  await db.prisma.jobRun.updateMany({
    where: { id, status: "RUNNING" },
    data: { status: outcome.status, finishedAt: outcome.now, ...(outcome.summary === undefined ? {} : { summary: outcome.summary }), ...(outcome.error === undefined ? {} : { error: outcome.error.slice(0, 1000) }) },
  });
}

/** Whether a run of this job is going on somewhere (RUNNING within its lease): a new slot then waits for a later tick. */
export async function jobIsRunning(db: Database, job: string, now: Date): Promise<boolean> {
  return (await db.prisma.jobRun.count({ where: { job, status: "RUNNING", leaseUntil: { gt: now } } })) > 0;
}

/** Runs whose process stopped mid-run (RUNNING past their lease) are marked FAILED; the next slot runs the job again. */
export async function failAbandonedJobRuns(db: Database, now: Date): Promise<number> {
  const { count } = await db.prisma.jobRun.updateMany({ where: { status: "RUNNING", leaseUntil: { lt: now } }, data: { status: "FAILED", finishedAt: now, error: "abandoned: its process stopped before the run finished" } });
  return count;
}

export interface JobRunView {
  job: string;
  slot: Date;
  trigger: string;
  status: "RUNNING" | "SUCCEEDED" | "FAILED";
  instance: string;
  startedAt: Date;
  finishedAt: Date | null;
  summary: unknown;
  error: string | null;
}

/** Read-only: each job's latest run (by start), for `npm run admin -- jobs`. */
export async function findLatestJobRuns(db: Database, jobs: string[]): Promise<Map<string, JobRunView>> {
  const latest = new Map<string, JobRunView>();
  for (const job of jobs) {
    const run = await db.prisma.jobRun.findFirst({ where: { job }, orderBy: [{ startedAt: "desc" }, { id: "desc" }] });
    if (run) latest.set(job, run);
  }
  return latest;
}

/** Read-only: a job's runs, newest first. */
export async function findJobRuns(db: Database, job: string, take = 20): Promise<JobRunView[]> {
  return db.prisma.jobRun.findMany({ where: { job }, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take });
}

/** The history kept: finished runs older than `before` are deleted (a job running every few minutes writes hundreds a day). */
export async function pruneJobRuns(db: Database, before: Date): Promise<number> {
  const { count } = await db.prisma.jobRun.deleteMany({ where: { status: { not: "RUNNING" }, startedAt: { lt: before } } });
  return count;
}
