import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../services/clock.ts";
import { createLogger } from "../../../services/logger.ts";
import { JobScheduler, type JobDefinition } from "../../../services/jobs/scheduler.ts";
import { useTestDatabase } from "../../support/database.ts";

const ctx = useTestDatabase();
const logger = createLogger("silent");
const OSLO = "Europe/Oslo";

/** A job that counts its runs (and can be told to fail): our own code, not a mock. */
function countingJob(name: string, schedule: string, behaviour: { fail?: () => boolean } = {}) {
  const runs: Date[] = [];
  const job: JobDefinition = {
    name,
    summary: "counts",
    schedule,
    async run({ slot }) {
      runs.push(slot);
      if (behaviour.fail?.()) throw new Error("the job broke");
      return { runs: runs.length };
    },
  };
  return { job, runs };
}

function scheduler(clock: ManualClock, jobs: JobDefinition[], instance = "test-a") {
  return new JobScheduler({ db: ctx.db, clock, logger, jobs, timeZone: OSLO, catchUpMs: 0, instance });
}

describe("the job calendar", () => {
  it("fires a job at its times in the municipality's time zone, once per slot", async () => {
    // 06:00 in Oslo is 05:00 UTC in November.
    const clock = new ManualClock("2026-11-27T04:30:00Z");
    const { job, runs } = countingJob("daily-six", "0 6 * * *");
    const calendar = scheduler(clock, [job]);
    expect(await calendar.tick()).toEqual([]);
    clock.set("2026-11-27T04:59:59Z");
    expect(await calendar.tick()).toEqual([]);
    clock.set("2026-11-27T05:00:20Z");
    expect(await calendar.tick()).toMatchObject([{ job: "daily-six", status: "SUCCEEDED", slot: new Date("2026-11-27T05:00:00Z") }]);
    clock.advance(60_000);
    expect(await calendar.tick()).toEqual([]); // the same slot never twice
    clock.set("2026-11-28T05:00:00Z");
    await calendar.tick();
    expect(runs.map((slot) => slot.toISOString())).toEqual(["2026-11-27T05:00:00.000Z", "2026-11-28T05:00:00.000Z"]);
    const rows = await ctx.db.prisma.jobRun.findMany({ where: { job: "daily-six" }, orderBy: { slot: "asc" } });
    expect(rows.map((row) => [row.status, row.trigger, row.instance])).toEqual([["SUCCEEDED", "schedule", "test-a"], ["SUCCEEDED", "schedule", "test-a"]]);
    expect(rows[0]!.summary).toEqual({ runs: 1 });
  });

  it("runs a slot missed while the service was down on its first tick, if recent enough", async () => {
    const clock = new ManualClock("2026-11-27T09:00:00Z");
    const { job, runs } = countingJob("catch-up", "0 6 * * *");
    const calendar = new JobScheduler({ db: ctx.db, clock, logger, jobs: [job], timeZone: OSLO, catchUpMs: 12 * 3_600_000 });
    await calendar.tick();
    expect(runs.map((slot) => slot.toISOString())).toEqual(["2026-11-27T05:00:00.000Z"]); // only the latest missed slot
  });

  it("two schedulers on one database run a slot once", async () => {
    const clock = new ManualClock("2026-11-27T05:00:00Z");
    const shared: Date[] = [];
    const job = (): JobDefinition => ({
      name: "contended",
      summary: "counts",
      schedule: "*/5 * * * *",
      async run({ slot }) {
        shared.push(slot);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return {};
      },
    });
    const a = scheduler(clock, [job()], "instance-a");
    const b = scheduler(clock, [job()], "instance-b");
    await Promise.all([a.tick(), b.tick()]); // both running before the slot
    clock.set("2026-11-27T05:05:01Z");
    const [fromA, fromB] = await Promise.all([a.tick(), b.tick()]);
    expect(fromA.length + fromB.length).toBe(1);
    clock.set("2026-11-27T05:10:01Z");
    await Promise.all([b.tick(), a.tick()]);
    expect(shared.map((slot) => slot.toISOString())).toEqual(["2026-11-27T05:05:00.000Z", "2026-11-27T05:10:00.000Z"]);
    expect(await ctx.db.prisma.jobRun.count({ where: { job: "contended" } })).toBe(2);
  });

  it("records a failed run and runs the job again at the next slot", async () => {
    const clock = new ManualClock("2026-11-27T05:00:00Z");
    let broken = true;
    const { job, runs } = countingJob("flaky", "0 * * * *", { fail: () => broken });
    const calendar = scheduler(clock, [job]);
    await calendar.tick();
    clock.set("2026-11-27T06:00:05Z");
    expect(await calendar.tick()).toMatchObject([{ status: "FAILED", error: "the job broke" }]);
    expect(await ctx.db.prisma.jobRun.findFirstOrThrow({ where: { job: "flaky" } })).toMatchObject({ status: "FAILED", error: "the job broke", finishedAt: new Date("2026-11-27T06:00:05Z") });
    clock.advance(60_000);
    expect(await calendar.tick()).toEqual([]); // not the same slot again
    broken = false;
    clock.set("2026-11-27T07:00:05Z");
    expect(await calendar.tick()).toMatchObject([{ status: "SUCCEEDED" }]);
    expect(runs).toHaveLength(2);
  });

  it("marks a run whose process died failed, and does not start a slot while another run of the job is alive", async () => {
    const clock = new ManualClock("2026-11-27T05:00:00Z");
    const { job, runs } = countingJob("long", "*/10 * * * *");
    await ctx.db.prisma.jobRun.create({ data: { job: "long", slot: new Date("2026-11-27T04:50:00Z"), trigger: "schedule", status: "RUNNING", instance: "elsewhere", startedAt: new Date("2026-11-27T04:50:00Z"), leaseUntil: new Date("2026-11-27T05:20:00Z") } });
    const calendar = scheduler(clock, [job]);
    clock.set("2026-11-27T05:00:01Z");
    expect(await calendar.tick()).toEqual([]); // the 04:50 run is still alive elsewhere
    clock.set("2026-11-27T05:20:01Z");
    await calendar.tick(); // its lease is over: taken for dead, and the latest slot runs
    expect(await ctx.db.prisma.jobRun.findFirstOrThrow({ where: { job: "long", instance: "elsewhere" } })).toMatchObject({ status: "FAILED", error: expect.stringContaining("abandoned") });
    expect(runs.map((slot) => slot.toISOString())).toEqual(["2026-11-27T05:20:00.000Z"]);
  });

  it("runs a job on demand, recorded as a manual run", async () => {
    const clock = new ManualClock("2026-11-27T05:00:00Z");
    const { job } = countingJob("on-demand", "off");
    const outcome = await scheduler(clock, [job]).runNow("on-demand");
    expect(outcome).toMatchObject({ status: "SUCCEEDED", summary: { runs: 1 } });
    expect(await ctx.db.prisma.jobRun.findFirstOrThrow({ where: { job: "on-demand" } })).toMatchObject({ trigger: "manual", status: "SUCCEEDED" });
  });
});
