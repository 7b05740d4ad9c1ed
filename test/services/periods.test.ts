import { describe, expect, it } from "vitest";
import { configureMunicipality } from "../../services/municipality.ts";
import { findCurrentPeriod } from "../../services/periods.ts";
import { useTestDatabase } from "../support/database.ts";
import { createMunicipality, scheme } from "../support/fixtures.ts";

const ctx = useTestDatabase();

describe("the current period, read", () => {
  it("is null before its row exists, and reading it creates none", async () => {
    const municipalityId = (await createMunicipality(ctx.db.prisma)).id;
    expect(await findCurrentPeriod(ctx.db, { municipalityId, today: "2026-09-15", rules: scheme })).toBeNull();
    expect(await ctx.db.prisma.period.count({ where: { municipalityId } })).toBe(0);
  });

  it("is the row configuration opened for today, and null on a day no period covers", async () => {
    const { municipality } = await configureMunicipality(ctx.db, { ...scheme, municipalityNumber: "4999" }, new Date("2026-09-15T12:00:00Z"));
    expect(await findCurrentPeriod(ctx.db, { municipalityId: municipality.id, today: "2026-11-27", rules: scheme })).toMatchObject({ code: "2026-autumn", state: "OPEN" });
    const lateSpring = { ...scheme, springStart: "02-01" };
    expect(await findCurrentPeriod(ctx.db, { municipalityId: municipality.id, today: "2027-01-15", rules: lateSpring })).toBeNull();
  });
});
