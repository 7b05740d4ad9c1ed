import { beforeAll, describe, expect, it } from "vitest";
import { UsageError, type AdminCommand, type AdminContext } from "../../../scripts/admin/command.ts";
import { commands } from "../../../scripts/admin/commands/outreach.ts";
import { ManualClock } from "../../../services/clock.ts";
import { loadConfig } from "../../../services/config.ts";
import { allocatePeriod } from "../../../services/ledger/allocate.ts";
import { parsePeriodCode } from "../../../services/periods.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createFamily, createMunicipality, scheme } from "../../support/fixtures.ts";

const ctx = useTestDatabase();
const config = { ...loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" }), scheme };
const clock = new ManualClock("2026-09-01T09:00:00Z");
const PHONE = "+4799996001";
let municipalityId: string;

beforeAll(async () => {
  municipalityId = (await createMunicipality(ctx.db.prisma)).id;
  const { guardian } = await createFamily(ctx.db.prisma, municipalityId, ["2014-04-04"]);
  await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: PHONE, personId: guardian.id, verifiedAt: clock.now(), language: "nb" } });
  await createFamily(ctx.db.prisma, municipalityId, ["2015-05-05"]); // no contact
  await allocatePeriod(ctx.db, { municipalityId, period: parsePeriodCode("2026-autumn", scheme), scheme, today: "2026-09-01", now: clock.now() });
});

function admin() {
  const lines: string[] = [];
  const ticks: string[] = [];
  const context: AdminContext = {
    db: ctx.db,
    municipalityId,
    clock,
    config,
    out: {
      line: (text) => lines.push(text),
      progress: (label, total) => ({ tick: () => void ticks.push(`${label} ${total}`), done: (summary) => void (summary && lines.push(summary)) }),
    },
  };
  return { context, lines, ticks };
}

const command = (...path: string[]): AdminCommand => commands.find((c) => c.path.join(" ") === path.join(" "))!;

describe("npm run admin -- outreach <period> / remind expiring <period>", () => {
  it("writes to each family with a contact once, with progress, and a re-run writes to nobody", async () => {
    const first = admin();
    await command("outreach").run(["2026-autumn"], first.context);
    expect(first.ticks).toEqual(["outreach 2026-autumn 2", "outreach 2026-autumn 2"]);
    expect(first.lines).toEqual([expect.stringMatching(/^outreach 2026-autumn: 1 families written to .*, 1 without a contact/)]);
    expect(await ctx.db.prisma.outboxMessage.count({ where: { recipient: PHONE } })).toBe(1);

    const again = admin();
    await command("outreach").run(["2026-autumn"], again.context);
    expect(again.lines).toEqual(["outreach 2026-autumn: nobody left to write to"]);
    expect(await ctx.db.prisma.outboxMessage.count({ where: { recipient: PHONE } })).toBe(1);
  });

  it("reminds of unused money once", async () => {
    const first = admin();
    await command("remind", "expiring").run(["2026-autumn"], first.context);
    expect(first.lines[0]).toMatch(/^remind expiring 2026-autumn: 1 families written to/);
    await command("remind", "expiring").run(["2026-autumn"], admin().context);
    expect(await ctx.db.prisma.outboxMessage.count({ where: { recipient: PHONE } })).toBe(2);
  });

  it("refuses a malformed or unknown period and a bad limit with a usage error", async () => {
    const { context } = admin();
    await expect(command("outreach").run(["2026-summer"], context)).rejects.toThrow(UsageError);
    await expect(command("outreach").run(["2031-spring"], context)).rejects.toThrow(/no period 2031-spring/);
    await expect(command("outreach").run(["2026-autumn", "--limit", "-3"], context)).rejects.toThrow(UsageError);
    await expect(command("remind", "expiring").run([], context)).rejects.toThrow(UsageError);
  });
});
