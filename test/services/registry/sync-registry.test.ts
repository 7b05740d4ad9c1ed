import { beforeAll, describe, expect, it } from "vitest";
import { toIsoDate } from "../../../services/dates.ts";
import { assessEligibility, childFacts } from "../../../services/eligibility.ts";
import { parsePeriodCode } from "../../../services/periods.ts";
import { InMemoryRegisterListing, type RegisterListing, type RegisterPage } from "../../../services/registry/population-register.ts";
import { syncRegistry } from "../../../services/registry/sync-registry.ts";
import { testClock } from "../../support/clock.ts";
import { createDistrict, createMunicipality, scheme } from "../../support/fixtures.ts";
import { useTestDatabase } from "../../support/database.ts";

const ctx = useTestDatabase();
const clock = testClock();
let municipalityId: string;
let fjellId: string;

const person = (ref: string, overrides: Record<string, unknown> = {}) => ({
  registryRef: ref,
  givenName: `Given ${ref}`,
  familyName: "Registersen",
  birthDate: "2015-06-09",
  district: "Konnerud",
  residentFrom: "2015-06-09",
  residentUntil: null,
  guardians: [] as string[],
  contactReservation: false,
  ...overrides,
});
const adult = (ref: string, overrides: Record<string, unknown> = {}) => person(ref, { birthDate: "1984-02-20", residentFrom: "2010-01-01", ...overrides });

const REGISTER = [adult("g1"), adult("g2", { district: null, residentFrom: null }), person("c1", { guardians: ["g1", "g2"] }), person("c2", { guardians: ["g1"], birthDate: "2012-01-05" })];
const sync = (records: unknown[], batchSize = 2) => syncRegistry(ctx.db, { municipalityId, register: new InMemoryRegisterListing(records, 3), now: clock.now(), batchSize });
const byRef = (ref: string) => ctx.db.prisma.person.findUniqueOrThrow({ where: { registryRef: ref }, include: { guardians: { include: { guardian: { select: { registryRef: true } } } } } });

beforeAll(async () => {
  const municipality = await createMunicipality(ctx.db.prisma);
  municipalityId = municipality.id;
  await createDistrict(ctx.db.prisma, municipalityId, "Konnerud", ["konnerud"]);
  fjellId = (await createDistrict(ctx.db.prisma, municipalityId, "Fjell", ["fjell"])).id;
});

describe("registry sync: the register is the source of persons, residence and guardianship", () => {
  it("a register page that fails leaves nothing written; the run again writes everything", async () => {
    const failing: RegisterListing = {
      async *pages(): AsyncIterable<RegisterPage> {
        yield { persons: [person("c1")] as never, skipped: [] };
        throw new Error("the register did not answer");
      },
    };
    await expect(syncRegistry(ctx.db, { municipalityId, register: failing, now: clock.now() })).rejects.toThrow("the register did not answer");
    expect(await ctx.db.prisma.person.count({ where: { municipalityId } })).toBe(0);

    const result = await sync(REGISTER);
    expect(result).toMatchObject({ listed: 4, created: 4, updated: 0, movedIn: 3, guardianshipsAdded: 3, guardianshipsRemoved: 0, noChanges: false, skipped: [] });
    const c1 = await byRef("c1");
    expect(c1.guardians.map((g) => g.guardian.registryRef).sort()).toEqual(["g1", "g2"]);
    expect(toIsoDate(c1.birthDate!)).toBe("2015-06-09");
    expect(await ctx.db.prisma.auditLog.count({ where: { action: "person.registry-created", municipalityId } })).toBe(4);
    expect(await ctx.db.prisma.auditLog.count({ where: { action: "guardianship.registry-added", municipalityId } })).toBe(3);
  });

  it("the same register twice changes nothing and says so", async () => {
    const audits = await ctx.db.prisma.auditLog.count();
    const result = await sync(REGISTER);
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 4, guardianshipsAdded: 0, guardianshipsRemoved: 0, noChanges: true });
    expect(await ctx.db.prisma.auditLog.count()).toBe(audits);
  });

  it("a move out ends eligibility but keeps the person; guardianship and reservation follow the register", async () => {
    const autumn = parsePeriodCode("2026-autumn", scheme);
    const changed = [
      adult("g1", { contactReservation: true }),
      adult("g2", { district: null, residentFrom: null }),
      person("c1", { guardians: ["g1"], district: "FJELL" }),
      person("c2", { guardians: ["g1"], birthDate: "2012-01-05", residentUntil: "2026-10-01" }),
    ];
    const result = await sync(changed);
    expect(result).toMatchObject({ updated: 3, unchanged: 1, movedOut: 1, reservationsChanged: 1, guardianshipsRemoved: 1, guardianshipsAdded: 0 });
    const c2 = await byRef("c2");
    expect(toIsoDate(c2.residentUntil!)).toBe("2026-10-01");
    expect(assessEligibility(childFacts(c2), autumn, scheme, "2026-11-27")).toMatchObject({ eligible: false, reason: "NOT_RESIDENT" });
    const c1 = await byRef("c1");
    expect(c1.districtId).toBe(fjellId);
    expect(c1.guardians.map((g) => g.guardian.registryRef)).toEqual(["g1"]);
    expect((await byRef("g1")).contactReserved).toBe(true);
    const audit = await ctx.db.prisma.auditLog.findFirstOrThrow({ where: { action: "person.registry-updated", entityId: c2.id } });
    expect(audit.data).toMatchObject({ fields: ["residentUntil"], residentUntil: "2026-10-01" });
    expect(JSON.stringify(audit.data)).not.toContain("Given");
  });

  it("reports unknown districts (keeping the district we had), unknown guardians, repeats and unreadable records", async () => {
    const result = await sync([
      adult("g1", { contactReservation: true }),
      adult("g2", { district: null, residentFrom: null }),
      person("c1", { guardians: ["g1", "nobody"], district: "Atlantis" }),
      person("c2", { guardians: ["g1"], birthDate: "2012-01-05", residentUntil: "2026-10-01" }),
      person("c2", { birthDate: "2012-01-05" }),
      { ...person("c3"), birthDate: "yesterday" },
    ]);
    expect(result.unknownDistricts).toEqual({ Atlantis: 1 });
    expect(result.unknownGuardians).toBe(1);
    expect(result.skipped.map((s) => [s.registryRef, s.reason])).toEqual([
      ["c2", "listed twice: the first record kept"],
      ["c3", "birthDate: must be a date YYYY-MM-DD"],
    ]);
    expect((await byRef("c1")).districtId).toBe(fjellId);
    expect(result.noChanges).toBe(true);
  });

  it("a person the register no longer lists is left as they are, and counted", async () => {
    const result = await sync(REGISTER.filter((p) => p.registryRef !== "g2"));
    expect(result.notListed).toBe(1);
    expect(await ctx.db.prisma.person.count({ where: { municipalityId } })).toBe(4);
  });
});
