import { readFileSync } from "node:fs";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { signUpChild } from "../../../services/enrollment/sign-up.ts";
import { confirmEnrollment } from "../../../services/enrollment/respond.ts";
import { TEST_DAY } from "../../support/clock.ts";
import { createActivity, assignCase, createCaseworker, createFamily, createProviderWithContact } from "../../support/fixtures.ts";
import type { AdminOutput } from "../../../scripts/admin/command.ts";
import { useAdmin } from "./support.ts";

const ctx = useAdmin();
// Born 2012–2018: all eligible in 2026 (they turn 8–14); the guardian is not.
const BIRTH_DATES = ["2012-03-01", "2013-04-02", "2014-05-03", "2015-06-04", "2016-07-05", "2017-08-06", "2018-09-07"];
let family: Awaited<ReturnType<typeof createFamily>>;

beforeAll(async () => {
  family = await createFamily(ctx.db.prisma, ctx.municipalityId, BIRTH_DATES);
});

const allocations = () => ctx.db.prisma.ledgerTransfer.findMany({ where: { kind: "ALLOCATION" }, select: { creditAccountId: true, amountOre: true } });

describe("period allocate", () => {
  it("stops between batches when interrupted, and a re-run credits the rest: every child once", async () => {
    const interrupt = new AbortController();
    // Ctrl-C as the first batch is committed (what scripts/admin.ts does on SIGINT).
    const pressCtrlC = (base: AdminOutput): AdminOutput => ({
      ...base,
      progress(label, total) {
        const bar = base.progress(label, total);
        return { tick: (steps) => (bar.tick(steps), interrupt.abort()), done: (summary) => bar.done(summary) };
      },
    });
    const interrupted = await ctx.admin(["period", "allocate", "2026-autumn", "--batch-size", "2"], { signal: interrupt.signal, out: pressCtrlC });
    expect(interrupted.code).toBe(130);
    expect(interrupted.out).toMatch(/allocate 2026-autumn: 7 eligible: 2 credited now \(NOK 2\s000\), interrupted before the rest/);
    expect(interrupted.err).toBe('interrupted: what was done is kept; run "period allocate" again to finish');
    expect(await allocations()).toHaveLength(2);

    const rerun = await ctx.admin(["period", "allocate", "2026-autumn", "--batch-size", "2"]);
    expect(rerun.code).toBe(0);
    expect(rerun.out).toMatch(/allocate 2026-autumn: 0\/7\n(allocate 2026-autumn: \d\/7\n)+allocate 2026-autumn: 7 eligible: 5 credited now \(NOK 5\s000\), 2 had theirs already/);
    const third = await ctx.admin(["period", "allocate", "2026-autumn"]);
    expect(third.out).toContain("7 eligible: 0 credited now (NOK 0), 7 had theirs already");

    const credited = await allocations();
    expect(credited).toHaveLength(7);
    expect(new Set(credited.map((transfer) => transfer.creditAccountId)).size).toBe(7);
    expect(credited.every((transfer) => transfer.amountOre === 100_000)).toBe(true);
    expect(await ctx.admin(["ledger", "check"])).toMatchObject({ code: 0, out: expect.stringContaining("the books balance") });
  });

  it("answers a wrong period with exit code 2 and one line", async () => {
    expect(await ctx.admin(["period", "allocate", "2026-summer"])).toMatchObject({ code: 2, err: 'error: period: must be <year>-spring or <year>-autumn (got "2026-summer") (usage: period allocate <year>-spring|<year>-autumn [--force] [--batch-size <n>])' });
    expect(await ctx.admin(["period", "allocate", "2030-spring"])).toMatchObject({ code: 2, err: expect.stringContaining("2030-spring is neither the current nor the next period") });
    expect(await ctx.admin(["period", "allocate"])).toMatchObject({ code: 2, err: expect.stringContaining("missing <period>") });
  });
});

describe("settle", () => {
  it("pays the club what is posted and writes the bank's pain.001 and the CSV; a re-run exports the same batch", async () => {
    const { provider, contact } = await createProviderWithContact(ctx.db.prisma, ctx.municipalityId, "Oppgjør IL");
    const activity = await createActivity(ctx.db.prisma, provider.id, { feeOre: 60_000 });
    const signUp = await signUpChild(ctx.db, { municipalityId: ctx.municipalityId, childId: family.children[0]!.id, activityId: activity.id, actorId: family.guardian.id, today: TEST_DAY, now: ctx.clock.now(), scheme: ctx.config.scheme });
    await confirmEnrollment(ctx.db, { enrollmentId: signUp.enrollmentId, actorId: contact.id, now: ctx.clock.now() });

    const xmlFile = path.join(ctx.dir, "payout.xml");
    const run = await ctx.admin(["settle", "2026-autumn", "--format", "pain001", "--out", xmlFile, "--execution-date", "2026-11-30"]);
    expect(run.code).toBe(0);
    expect(run.out).toBe(`settle 2026-autumn: batch 2026-autumn-20261127 created: 1 clubs, NOK 600; pain001 written to ${xmlFile}`);
    const xml = readFileSync(xmlFile, "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain("<CtrlSum>600.00</CtrlSum>");
    expect(xml).toContain("<ReqdExctnDt>2026-11-30</ReqdExctnDt>");

    const csvFile = path.join(ctx.dir, "payout.csv");
    const again = await ctx.admin(["settle", "2026-autumn", "--format", "csv", "--out", csvFile]);
    expect(again.out).toContain("batch 2026-autumn-20261127 exists (same as before): 1 clubs, NOK 600; csv written");
    expect(readFileSync(csvFile, "utf8")).toContain(provider.id);

    const later = await ctx.admin(["settle", "2026-autumn", "--format", "csv", "--out", csvFile, "--batch", "2026-autumn-b"]);
    expect(later.out).toBe("settle 2026-autumn: nothing posted and unsettled since 2026-08-01; no batch made, no file written");
  });

  it("refuses a wrong format or a missing --out with exit code 2", async () => {
    expect(await ctx.admin(["settle", "2026-autumn", "--format", "xlsx", "--out", "x"])).toMatchObject({ code: 2, err: expect.stringContaining("--format: must be pain001 or csv") });
    expect(await ctx.admin(["settle", "2026-autumn", "--format", "csv"])).toMatchObject({ code: 2, err: expect.stringContaining("--out: ") });
  });
});

describe("topup and refund", () => {
  it("tops a child up once for the same request (a repeated command changes nothing)", async () => {
    const caseworker = await createCaseworker(ctx.db.prisma, ctx.municipalityId);
    // The service's rule: a caseworker tops up only a child of their own families.
    await assignCase(ctx.db.prisma, caseworker.id, family.children[1]!.id);
    const args = ["topup", family.children[1]!.id, "2026-autumn", "500", "--reason", "Vedtak fra NAV", "--caseworker", caseworker.id];
    const first = await ctx.admin(args);
    expect(first).toMatchObject({ code: 0, out: expect.stringMatching(/^topped up NOK 500 for 2026-autumn/) });
    const second = await ctx.admin(args);
    expect(second.out).toMatch(/^already done: this top-up exists/);
    expect(await ctx.db.prisma.ledgerTransfer.count({ where: { kind: "TOPUP" } })).toBe(1);
  });

  it("answers bad top-ups with exit code 2", async () => {
    const child = family.children[1]!.id;
    expect(await ctx.admin(["topup", child, "2026-autumn", "-5", "--reason", "x y z", "--caseworker", "c"])).toMatchObject({ code: 2 });
    expect(await ctx.admin(["topup", child, "2026-autumn", "500", "--caseworker", "c"])).toMatchObject({ code: 2, err: expect.stringContaining("--reason: is required") });
    expect(await ctx.admin(["topup", child, "2026-autumn", "12.5", "--reason", "x y z", "--caseworker", "c"])).toMatchObject({ code: 2, err: expect.stringContaining("amount-nok: must be whole NOK") });
  });

  it("sends owed family refunds to the payment provider (none here)", async () => {
    expect(await ctx.admin(["refund"])).toMatchObject({ code: 0, out: "refund: 0 refunded, 0 failed (a failed one is tried again on the next run)" });
  });
});

describe("period expire", () => {
  it("refuses before the period has ended, then returns unused money to the fund once", async () => {
    expect(await ctx.admin(["period", "expire", "2026-autumn"])).toMatchObject({ code: 2, err: "refused: 2026-autumn has not ended yet" });
    ctx.clock.set("2027-01-05T12:00:00Z");
    const run = await ctx.admin(["period", "expire", "2026-autumn"]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^expire 2026-autumn: 7 cards returned NOK 6\s900 to the fund; 0 waiting sign-ups lapsed$/);
    expect((await ctx.admin(["period", "expire", "2026-autumn"])).out).toBe("expire 2026-autumn: 0 cards returned NOK 0 to the fund; 0 waiting sign-ups lapsed");
    expect((await ctx.admin(["ledger", "check"])).code).toBe(0);
  });
});
