import { beforeAll, describe, expect, it } from "vitest";
import { UsageError, type AdminCommand, type AdminContext } from "../../../scripts/admin/command.ts";
import { commands } from "../../../scripts/admin/commands/jobs.ts";
import { ManualClock } from "../../../services/clock.ts";
import { loadConfig } from "../../../services/config.ts";
import { createLogger } from "../../../services/logger.ts";
import { jobCalendar } from "../../../services/jobs/calendar.ts";
import { JobScheduler } from "../../../services/jobs/scheduler.ts";
import { PaymentSimulator } from "../../../services/payments/payment-simulator.ts";
import { accountIds, balanceOf } from "../../../services/ledger/accounts.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createFamily, createMunicipality, scheme } from "../../support/fixtures.ts";

const ctx = useTestDatabase();
const config = { ...loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" }), scheme };
let municipalityId: string;

beforeAll(async () => {
  municipalityId = (await createMunicipality(ctx.db.prisma)).id;
});

/** An AdminContext on this file's database; `lines` is what the operator would read. */
function admin(clock: ManualClock) {
  const lines: string[] = [];
  const context: AdminContext = {
    db: ctx.db,
    municipalityId,
    clock,
    config,
    out: { line: (text) => lines.push(text), progress: () => ({ tick: () => undefined, done: (summary) => void (summary && lines.push(summary)) }) },
  };
  return { context, lines };
}

const command = (...path: string[]): AdminCommand => commands.find((c) => c.path.join(" ") === path.join(" "))!;

describe("npm run admin -- jobs", () => {
  it("lists every job with its schedule, last run and outcome, and next run; `jobs run` runs one now", async () => {
    const clock = new ManualClock("2026-09-01T10:00:00Z");
    const { context, lines } = admin(clock);
    await command("jobs").run([], context);
    expect(lines.find((line) => line.startsWith("allocate "))).toMatch(/^allocate\s+15 0 \* \* \*\s+last never; next 2026-09-02 00:15$/);
    expect(lines.some((line) => line.startsWith("registry-sync"))).toBe(true);

    const family = await createFamily(ctx.db.prisma, municipalityId, ["2014-04-04"]);
    const ran = admin(clock);
    await command("jobs", "run").run(["allocate"], ran.context);
    expect(ran.lines[0]).toMatch(/^allocate: succeeded .*allocated=1/);
    const period = await ctx.db.prisma.period.findFirstOrThrow({ where: { municipalityId, code: "2026-autumn" } });
    expect((await balanceOf(ctx.db.prisma, accountIds.card(period.id, family.children[0]!.id))).availableOre).toBe(100_000);

    const after = admin(clock);
    await command("jobs").run([], after.context);
    expect(after.lines.find((line) => line.startsWith("allocate "))).toMatch(/last 2026-09-01 12:00 succeeded \(manual\): .*allocated=1/);
    const history = admin(clock);
    await command("jobs").run(["allocate"], history.context);
    expect(history.lines).toEqual([expect.stringMatching(/^2026-09-01 12:00\s+SUCCEEDED manual/)]);
  });

  it("refuses an unknown job or extra words with a usage error, running nothing", async () => {
    const { context } = admin(new ManualClock("2026-09-01T10:00:00Z"));
    await expect(command("jobs", "run").run(["nosuch"], context)).rejects.toThrow(UsageError);
    await expect(command("jobs", "run").run([], context)).rejects.toThrow(UsageError);
    await expect(command("jobs").run(["a", "b"], context)).rejects.toThrow(UsageError);
    await expect(command("jobs").run(["--all"], context)).rejects.toThrow(UsageError);
    expect(await ctx.db.prisma.jobRun.count({ where: { job: "nosuch" } })).toBe(0);
  });
});

describe("the calendar's own jobs", () => {
  it("allocates the new period as it starts and expires the old one after it ends", async () => {
    const m = (await createMunicipality(ctx.db.prisma)).id;
    const family = await createFamily(ctx.db.prisma, m, ["2013-03-03"]);
    const clock = new ManualClock("2026-12-31T22:00:00Z"); // 23:00 in Oslo
    const jobs = jobCalendar({ db: ctx.db, config, municipalityId: m, payments: new PaymentSimulator("http://localhost"), text: () => "", handOffNotices: { text: () => "", municipalityName: "Test", inboxUrl: "http://localhost/staff/" } });
    const calendar = new JobScheduler({ db: ctx.db, clock, logger: createLogger("silent"), jobs, timeZone: "Europe/Oslo", catchUpMs: 0 });
    // The autumn period is open and allocated.
    await command("jobs", "run").run(["allocate"], { ...admin(clock).context, municipalityId: m });
    await calendar.tick();

    clock.set("2026-12-31T23:16:00Z"); // 00:16 on 1 January in Oslo
    const atMidnight = await calendar.tick();
    expect(atMidnight.find((o) => o.job === "allocate")).toMatchObject({ status: "SUCCEEDED", summary: { period: "2027-spring", allocated: 1 } });
    const spring = await ctx.db.prisma.period.findFirstOrThrow({ where: { municipalityId: m, code: "2027-spring" } });
    expect((await balanceOf(ctx.db.prisma, accountIds.card(spring.id, family.children[0]!.id))).availableOre).toBe(100_000);
    expect(atMidnight.find((o) => o.job === "expire-periods")).toBeUndefined();

    clock.set("2026-12-31T23:31:00Z");
    const later = await calendar.tick();
    expect(later.find((o) => o.job === "expire-periods")).toMatchObject({ status: "SUCCEEDED", summary: { periods: "2026-autumn", returnedOre: 100_000 } });
    expect(await ctx.db.prisma.period.findFirstOrThrow({ where: { municipalityId: m, code: "2026-autumn" } })).toMatchObject({ state: "EXPIRED" });
  });
});
