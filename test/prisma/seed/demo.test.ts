import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import identities from "../../../prisma/seed/demo-identities.json" with { type: "json" };
import { DEMO_PHONE_PATTERN, seedDemo, type SeedDemoResult } from "../../../prisma/seed/demo.ts";
import { ACTIVITY_CATEGORIES, DEFAULT_EXCLUDED_CATEGORIES } from "../../../services/catalog/categories.ts";
import type { PrismaClient } from "../../../services/db/database.ts";
import { ageOn, toIsoDate, yearOf } from "../../../services/dates.ts";
import { assessEligibility, childFacts } from "../../../services/eligibility.ts";
import { LANGUAGES } from "../../../services/languages.ts";
import { isValidBankAccount, isValidOrgNumber } from "../../../services/org-number.ts";
import { parsePeriodCode } from "../../../services/periods.ts";
import { openTestDatabase, useTestDatabase } from "../../support/database.ts";

const TODAY = "2026-11-27";
const MUNICIPALITY_ID = "test-municipality-3301";
const EXCLUDED = ["camp", "tournament", "holiday_offer", "cinema", "bowling"];
const rules = { ageRule: "BIRTH_YEAR", minAge: 6, maxAge: 18 } as const;
const autumn2026 = parsePeriodCode("2026-autumn", { springStart: "01-01", autumnStart: "08-01" });

const ctx = useTestDatabase();
let summary: SeedDemoResult;

async function seedInto(prisma: PrismaClient): Promise<SeedDemoResult> {
  await prisma.municipality.create({ data: { id: MUNICIPALITY_ID, number: "3301", name: "Drammen", excludedCategories: EXCLUDED } });
  return prisma.$transaction((tx) => seedDemo(tx, { municipalityId: MUNICIPALITY_ID, today: TODAY }), { timeout: 120_000 });
}

beforeAll(async () => {
  summary = await seedInto(ctx.db.prisma);
});

/** Every row the seed writes, table by table, in a stable order. */
async function dumpTables(prisma: PrismaClient) {
  return {
    district: await prisma.district.findMany({ orderBy: { id: "asc" } }),
    person: await prisma.person.findMany({ orderBy: { id: "asc" } }),
    guardianship: await prisma.guardianship.findMany({ orderBy: [{ guardianId: "asc" }, { childId: "asc" }] }),
    channelIdentity: await prisma.channelIdentity.findMany({ orderBy: { id: "asc" } }),
    staffMember: await prisma.staffMember.findMany({ orderBy: { personId: "asc" } }),
    provider: await prisma.provider.findMany({ orderBy: { id: "asc" } }),
    providerContact: await prisma.providerContact.findMany({ orderBy: [{ providerId: "asc" }, { personId: "asc" }] }),
    activity: await prisma.activity.findMany({ orderBy: { id: "asc" } }),
    activityTranslation: await prisma.activityTranslation.findMany({ orderBy: [{ activityId: "asc" }, { language: "asc" }] }),
  };
}

const verifiedSms = (prisma: PrismaClient, personId: string) => prisma.channelIdentity.findFirst({ where: { personId, channel: "SMS", verifiedAt: { not: null } } });

describe("demo municipality: districts and counts", () => {
  it("has Drammen's districts, findable as people type them without æøå", async () => {
    const districts = await ctx.db.prisma.district.findMany({ where: { municipalityId: MUNICIPALITY_ID } });
    const names = districts.map((d) => d.name);
    for (const name of ["Bragernes", "Strømsø", "Konnerud", "Åssiden", "Fjell", "Gulskogen", "Skoger", "Mjøndalen", "Svelvik", "Danvik", "Austad", "Tangen", "Åskollen", "Solbergmoen"]) {
      expect(names).toContain(name);
    }
    const byAlias = (alias: string) => districts.find((d) => d.aliases.includes(alias))?.name;
    expect(byAlias("stromso")).toBe("Strømsø");
    expect(byAlias("strømsø")).toBe("Strømsø");
    expect(byAlias("assiden")).toBe("Åssiden");
    expect(byAlias("åssiden")).toBe("Åssiden");
    expect(byAlias("mjondalen")).toBe("Mjøndalen");
    for (const d of districts) for (const alias of d.aliases) expect(alias).toBe(alias.toLowerCase());
  });

  it("reports what it wrote, at the promised size", async () => {
    const prisma = ctx.db.prisma;
    expect(summary.providers).toBeGreaterThanOrEqual(40);
    expect(summary.activities).toBeGreaterThanOrEqual(120);
    expect(summary.families).toBeGreaterThanOrEqual(200);
    expect(summary).toEqual({
      districts: await prisma.district.count(),
      providers: await prisma.provider.count(),
      activities: await prisma.activity.count(),
      families: summary.families,
      persons: await prisma.person.count(),
    });
  });
});

describe("demo providers", () => {
  it("have valid, unique organisation numbers and bank accounts, and example.org e-mail", async () => {
    const providers = await ctx.db.prisma.provider.findMany();
    for (const p of providers) {
      expect(p.orgNumber, p.name).toMatch(/^\d{9}$/);
      expect(isValidOrgNumber(p.orgNumber), `${p.name} ${p.orgNumber}`).toBe(true);
      expect(p.bankAccount, p.name).toMatch(/^\d{11}$/);
      expect(isValidBankAccount(p.bankAccount!), `${p.name} ${p.bankAccount}`).toBe(true);
      expect(p.email, p.name).toMatch(/^[a-z0-9-]+@example\.org$/);
    }
    expect(new Set(providers.map((p) => p.bankAccount)).size).toBe(providers.length);
    expect(new Set(providers.map((p) => p.name)).size).toBe(providers.length);
  });

  it("are mostly approved with police certificates; a few pending, one rejected, one suspended", async () => {
    const providers = await ctx.db.prisma.provider.findMany();
    const inState = (state: string) => providers.filter((p) => p.approvalState === state);
    expect(inState("APPROVED").length).toBeGreaterThanOrEqual(40);
    expect(inState("PENDING").length).toBeGreaterThanOrEqual(2);
    expect(inState("PENDING").length).toBeLessThanOrEqual(3);
    expect(inState("REJECTED")).toHaveLength(1);
    expect(inState("SUSPENDED")).toHaveLength(1);
    for (const p of inState("APPROVED")) {
      expect(p.policeCertificates, p.name).toBe(true);
      expect(p.approvedAt, p.name).not.toBeNull();
    }
  });

  it("each have one contact person reachable by verified SMS", async () => {
    const providers = await ctx.db.prisma.provider.findMany({ include: { contacts: { include: { person: { include: { channels: true } } } } } });
    for (const p of providers) {
      expect(p.contacts, p.name).toHaveLength(1);
      const sms = p.contacts[0]!.person.channels.filter((c) => c.channel === "SMS" && c.verifiedAt !== null);
      expect(sms, p.name).toHaveLength(1);
    }
  });
});

describe("demo activities", () => {
  it("cover the catalog's categories across districts, ages, days and times", async () => {
    const activities = await ctx.db.prisma.activity.findMany();
    const categories = new Set(activities.map((a) => a.category));
    for (const code of ["football", "handball", "swimming", "dance", "martial_arts", "chess", "scouts", "music", "climbing", "esport"]) expect(categories).toContain(code);
    expect(categories.size).toBeGreaterThanOrEqual(ACTIVITY_CATEGORIES.length - 2);
    expect(new Set(activities.map((a) => a.districtId)).size).toBe(14);
    for (const a of activities) {
      expect((ACTIVITY_CATEGORIES as readonly string[]).includes(a.category), a.id).toBe(true);
      expect(a.minAge, a.id).toBeGreaterThanOrEqual(6);
      expect(a.maxAge, a.id).toBeLessThanOrEqual(18);
      expect(a.minAge, a.id).toBeLessThanOrEqual(a.maxAge);
      expect(a.weekdays.length, a.id).toBeGreaterThanOrEqual(1);
      expect(a.weekdays.length, a.id).toBeLessThanOrEqual(2);
      for (const day of a.weekdays) {
        expect(day, a.id).toBeGreaterThanOrEqual(1);
        expect(day, a.id).toBeLessThanOrEqual(7);
      }
      expect(a.startTime, a.id).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      expect(Number.isInteger(a.feeOre) && a.feeOre >= 0, a.id).toBe(true);
      expect(a.capacity, a.id).toBeGreaterThanOrEqual(2);
      expect(a.capacity, a.id).toBeLessThanOrEqual(40);
      expect(a.address, a.id).toMatch(/^[^\d,]+ \d+, (Drammen|Mjøndalen|Svelvik)$/);
    }
    const normal = activities.filter((a) => !EXCLUDED.includes(a.category));
    expect(normal.filter((a) => a.sessionsPerPeriod >= 12 && a.sessionsPerPeriod <= 40).length / normal.length).toBeGreaterThan(0.9);
    expect(activities.filter((a) => a.accessibility).length).toBeGreaterThanOrEqual(10);
  });

  it("mostly cost NOK 300–3000 a half-year; some more than the card's NOK 1000, some free or cheap", async () => {
    const fees = (await ctx.db.prisma.activity.findMany({ select: { feeOre: true } })).map((a) => a.feeOre);
    expect(fees.filter((fee) => fee >= 30_000 && fee <= 300_000).length / fees.length).toBeGreaterThan(0.9);
    expect(fees.filter((fee) => fee > 100_000).length).toBeGreaterThanOrEqual(5);
    expect(fees.filter((fee) => fee === 0).length).toBeGreaterThanOrEqual(1);
    expect(fees.filter((fee) => fee < 30_000).length).toBeGreaterThanOrEqual(2);
  });

  it("have English text for every activity, Polish and Arabic for many", async () => {
    const prisma = ctx.db.prisma;
    const activities = await prisma.activity.findMany({ include: { translations: true } });
    for (const a of activities) {
      const en = a.translations.find((t) => t.language === "en");
      expect(en?.title, a.id).toBeTruthy();
      expect(en?.description, a.id).toBeTruthy();
    }
    expect(await prisma.activityTranslation.count({ where: { language: "pl" } })).toBeGreaterThanOrEqual(20);
    expect(await prisma.activityTranslation.count({ where: { language: "ar" } })).toBeGreaterThanOrEqual(20);
  });

  it("include approved offers the scheme's rules refuse: excluded categories and too few sessions", async () => {
    const approved = await ctx.db.prisma.activity.findMany({ where: { approvalState: "APPROVED", provider: { approvalState: "APPROVED" } } });
    for (const category of ["camp", "tournament", "cinema"]) expect(approved.some((a) => a.category === category), category).toBe(true);
    expect(approved.some((a) => a.category === "bowling" || a.category === "holiday_offer")).toBe(true);
    // The rule-breakers stand out only by the rule: the default exclusions are the municipality's.
    expect(DEFAULT_EXCLUDED_CATEGORIES.every((c) => EXCLUDED.includes(c))).toBe(true);
    const tooFew = approved.filter((a) => !EXCLUDED.includes(a.category) && a.sessionsPerPeriod < 8);
    expect(tooFew.length).toBeGreaterThanOrEqual(2);
    for (const a of tooFew) expect(a.sessionsPerPeriod, a.title).toBe(4);
  });

  it("include a tiny activity that fills up, and some awaiting approval", async () => {
    const prisma = ctx.db.prisma;
    expect(await prisma.activity.count({ where: { capacity: 2, approvalState: "APPROVED", provider: { approvalState: "APPROVED" } } })).toBeGreaterThanOrEqual(1);
    expect(await prisma.activity.count({ where: { approvalState: "PENDING", provider: { approvalState: "APPROVED" } } })).toBeGreaterThanOrEqual(2);
  });

  it("never give one club two activities with the same title", async () => {
    const activities = await ctx.db.prisma.activity.findMany({ select: { providerId: true, title: true } });
    const keys = activities.map((a) => `${a.providerId} ${a.title}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("demo families", () => {
  async function families() {
    const links = await ctx.db.prisma.guardianship.findMany();
    const guardiansOf = new Map<string, string[]>();
    for (const link of links) guardiansOf.set(link.childId, [...(guardiansOf.get(link.childId) ?? []), link.guardianId]);
    const byGuardians = new Map<string, { guardians: string[]; children: string[] }>();
    for (const [child, guardians] of guardiansOf) {
      const key = guardians.sort().join("+");
      const family = byGuardians.get(key) ?? { guardians, children: [] };
      family.children.push(child);
      byGuardians.set(key, family);
    }
    return [...byGuardians.values()];
  }

  it("are at least 200 households of 1–2 guardians and 1–4 children", async () => {
    const all = await families();
    expect(all.length).toBeGreaterThanOrEqual(200);
    expect(all.length).toBe(summary.families);
    for (const f of all) {
      expect(f.guardians.length).toBeGreaterThanOrEqual(1);
      expect(f.guardians.length).toBeLessThanOrEqual(2);
      expect(f.children.length).toBeGreaterThanOrEqual(1);
      expect(f.children.length).toBeLessThanOrEqual(4);
    }
    // Nobody is both a guardian in one family and a child in another.
    const guardians = new Set(all.flatMap((f) => f.guardians));
    expect(all.flatMap((f) => f.children).some((c) => guardians.has(c))).toBe(false);
  });

  it("have adults born 1970–1998 and children born 2005–2023: most eligible in 2026, some too young, some too old", async () => {
    const prisma = ctx.db.prisma;
    const guardians = await prisma.person.findMany({ where: { guardianOf: { some: {} } } });
    for (const g of guardians) {
      expect(yearOf(toIsoDate(g.birthDate!)), g.id).toBeGreaterThanOrEqual(1970);
      expect(yearOf(toIsoDate(g.birthDate!)), g.id).toBeLessThanOrEqual(1998);
    }
    const children = await prisma.person.findMany({ where: { guardians: { some: {} } } });
    const years = children.map((c) => yearOf(toIsoDate(c.birthDate!)));
    expect(Math.min(...years)).toBeGreaterThanOrEqual(2005);
    expect(Math.max(...years)).toBeLessThanOrEqual(2023);
    const reasons = children.map((c) => {
      const result = assessEligibility(childFacts(c), autumn2026, rules, TODAY);
      return result.eligible ? "ELIGIBLE" : result.reason;
    });
    const count = (reason: string) => reasons.filter((r) => r === reason).length;
    expect(count("ELIGIBLE") / children.length).toBeGreaterThan(0.6);
    expect(count("TOO_YOUNG")).toBeGreaterThanOrEqual(5);
    expect(count("TOO_OLD")).toBeGreaterThanOrEqual(5);
    expect(count("NOT_RESIDENT")).toBeGreaterThanOrEqual(1);
  });

  it("include families who just moved in and families who moved away", async () => {
    const prisma = ctx.db.prisma;
    const children = await prisma.person.findMany({ where: { guardians: { some: {} } } });
    const movedInLately = children.filter((c) => toIsoDate(c.residentFrom!) > "2026-08-01" && toIsoDate(c.residentFrom!) <= TODAY);
    expect(movedInLately.length).toBeGreaterThanOrEqual(3);
    // A child who moved in this period is eligible now, not before registration.
    const newcomer = movedInLately.find((c) => ageOn(toIsoDate(c.birthDate!), TODAY) >= 8 && ageOn(toIsoDate(c.birthDate!), TODAY) <= 14)!;
    expect(assessEligibility(childFacts(newcomer), autumn2026, rules, TODAY).eligible).toBe(true);
    expect(assessEligibility(childFacts(newcomer), autumn2026, rules, "2026-08-01").eligible).toBe(false);
    const movedAway = children.filter((c) => c.residentUntil !== null);
    expect(movedAway.length).toBeGreaterThanOrEqual(1);
    for (const c of movedAway) expect(toIsoDate(c.residentUntil!) < TODAY).toBe(true);
    expect(children.filter((c) => toIsoDate(c.residentFrom!) < "2025-01-01").length / children.length).toBeGreaterThan(0.9);
  });

  it("reach every guardian by verified SMS, and some youths 13–17 on their own phone", async () => {
    const prisma = ctx.db.prisma;
    const guardians = await prisma.person.findMany({ where: { guardianOf: { some: {} } }, include: { channels: true } });
    for (const g of guardians) expect(g.channels.some((c) => c.channel === "SMS" && c.verifiedAt !== null), g.id).toBe(true);
    const youthsWithPhone = await prisma.person.findMany({ where: { guardians: { some: {} }, channels: { some: { channel: "SMS", verifiedAt: { not: null } } } } });
    expect(youthsWithPhone.length).toBeGreaterThanOrEqual(5);
    for (const y of youthsWithPhone) {
      const age = ageOn(toIsoDate(y.birthDate!), TODAY);
      expect(age, y.id).toBeGreaterThanOrEqual(13);
      expect(age, y.id).toBeLessThanOrEqual(17);
    }
  });

  it("speak Drammen's languages and carry opaque register references", async () => {
    const persons = await ctx.db.prisma.person.findMany();
    const languages = new Set(persons.map((p) => p.preferredLanguage));
    for (const language of LANGUAGES) expect(languages).toContain(language);
    expect(persons.filter((p) => p.preferredLanguage === "nb").length / persons.length).toBeGreaterThan(0.5);
    for (const p of persons) expect(p.registryRef, p.id).toMatch(/^demo-reg-\d{6}$/);
  });
});

describe("demo phone numbers", () => {
  it("are all in the fictional range +47 9999 0000–9999 9999, one person each", async () => {
    const sms = await ctx.db.prisma.channelIdentity.findMany({ where: { channel: "SMS" } });
    expect(sms.length).toBeGreaterThan(400);
    for (const c of sms) expect(c.address, c.id).toMatch(DEMO_PHONE_PATTERN);
    expect(new Set(sms.map((c) => c.address)).size).toBe(sms.length);
    expect(new Set(sms.map((c) => c.personId)).size).toBe(sms.length);
  });
});

describe("demo identities (demo-identities.json)", () => {
  async function personWithSms(entry: { personId: string; givenName: string; familyName: string; name: string; phone: string }) {
    const prisma = ctx.db.prisma;
    const person = await prisma.person.findUnique({ where: { id: entry.personId } });
    expect(person, entry.personId).not.toBeNull();
    expect(`${person!.givenName} ${person!.familyName}`).toBe(entry.name);
    const sms = await verifiedSms(prisma, entry.personId);
    expect(sms?.address).toBe(entry.phone);
    return person!;
  }

  it("youth: 13–17, resident and eligible, with a verified phone", async () => {
    const youth = await personWithSms(identities.youth);
    const age = ageOn(toIsoDate(youth.birthDate!), TODAY);
    expect(age).toBeGreaterThanOrEqual(13);
    expect(age).toBeLessThanOrEqual(17);
    expect(toIsoDate(youth.birthDate!)).toBe(identities.youth.birthDate);
    expect(assessEligibility(childFacts(youth), autumn2026, rules, TODAY)).toEqual({ eligible: true, period: "2026-autumn" });
  });

  it("parent: exactly the two listed children, one eligible and one too young", async () => {
    const parent = await personWithSms(identities.parent);
    const children = await ctx.db.prisma.person.findMany({ where: { guardians: { some: { guardianId: parent.id } } }, orderBy: { birthDate: "asc" } });
    expect(children.map((c) => ({ personId: c.id, name: `${c.givenName} ${c.familyName}`, birthDate: toIsoDate(c.birthDate!) }))).toEqual(
      identities.parent.children.map((c) => ({ personId: c.personId, name: c.name, birthDate: c.birthDate })),
    );
    const [older, younger] = children.map((c) => assessEligibility(childFacts(c), autumn2026, rules, TODAY));
    expect(older).toEqual({ eligible: true, period: "2026-autumn" });
    expect(younger).toMatchObject({ eligible: false, reason: "TOO_YOUNG" });
  });

  it("provider: the contact of an approved club with approved activities", async () => {
    await personWithSms(identities.provider);
    const provider = await ctx.db.prisma.provider.findUnique({ where: { id: identities.provider.providerId }, include: { contacts: true, activities: true } });
    expect(provider?.name).toBe(identities.provider.providerName);
    expect(provider?.approvalState).toBe("APPROVED");
    expect(provider?.contacts.map((c) => c.personId)).toEqual([identities.provider.personId]);
    expect(provider?.activities.filter((a) => a.approvalState === "APPROVED").length).toBeGreaterThanOrEqual(2);
  });

  it("caseworker and admin: staff reachable by SMS and Teams", async () => {
    const prisma = ctx.db.prisma;
    for (const [entry, role] of [
      [identities.caseworker, "CASEWORKER"],
      [identities.admin, "ADMIN"],
    ] as const) {
      await personWithSms(entry);
      expect(await prisma.staffMember.findUnique({ where: { personId: entry.personId } })).toMatchObject({ role, municipalityId: MUNICIPALITY_ID });
      const teams = await prisma.channelIdentity.findFirst({ where: { personId: entry.personId, channel: "TEAMS", verifiedAt: { not: null } } });
      expect(teams?.address).toBe(entry.teams);
    }
    expect((await prisma.staffMember.findUnique({ where: { personId: identities.caseworker.personId } }))?.service).toBe("NAV");
  });
});

describe("no national identity numbers", () => {
  // A fødselsnummer is DDMMYY + 5 digits; D-numbers add 40 to the day, H-numbers 40 and synthetic
  // test numbers 80 to the month.
  const looksLikeNationalId = (digits: string) => {
    const dd = Number(digits.slice(0, 2));
    const mm = Number(digits.slice(2, 4));
    const day = dd > 40 ? dd - 40 : dd;
    const month = mm > 80 ? mm - 80 : mm > 40 ? mm - 40 : mm;
    return digits.length === 11 && day >= 1 && day <= 31 && month >= 1 && month <= 12;
  };

  it("would be recognised by this test", () => {
    expect(looksLikeNationalId("15061112345")).toBe(true); // born 15 June 2011
    expect(looksLikeNationalId("55061112345")).toBe(true); // its D-number
    expect(looksLikeNationalId("99990000014")).toBe(false); // a demo bank account
  });

  it("appears in no text field of any seeded row", async () => {
    const tables = await dumpTables(ctx.db.prisma);
    const offending: string[] = [];
    for (const [table, rows] of Object.entries(tables)) {
      for (const row of rows as Record<string, unknown>[]) {
        for (const [field, value] of Object.entries(row)) {
          const texts = Array.isArray(value) ? value.filter((v) => typeof v === "string") : typeof value === "string" ? [value] : [];
          for (const text of texts as string[]) {
            // The one 11-digit field is a bank account; it must still not read as a birth date.
            if (table === "provider" && field === "bankAccount") {
              if (looksLikeNationalId(text)) offending.push(`${table}.${field}=${text}`);
              continue;
            }
            if (/(?<!\d)\d{6}[\s.-]?\d{5}(?!\d)/.test(text)) offending.push(`${table}.${field}=${text}`);
          }
        }
      }
    }
    expect(offending).toEqual([]);
  });
});

describe("determinism", () => {
  it("writes identical rows into a second fresh database", async () => {
    const other = await openTestDatabase();
    try {
      const otherSummary = await seedInto(other.prisma);
      expect(otherSummary).toEqual(summary);
      const digest = (tables: Record<string, unknown[]>) =>
        Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, createHash("sha256").update(JSON.stringify(rows)).digest("hex")]));
      expect(digest(await dumpTables(other.prisma))).toEqual(digest(await dumpTables(ctx.db.prisma)));
    } finally {
      await other.close();
    }
  });
});
