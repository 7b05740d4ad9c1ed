import { beforeAll, describe, expect, it } from "vitest";
import { getActivity, searchActivities, type ActivityFilters } from "../../../services/catalog/search-activities.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createActivity, createDistrict, createFamily, createMunicipality, createProvider, scheme } from "../../support/fixtures.ts";
import type { Language } from "../../../services/languages.ts";

const ctx = useTestDatabase();
let municipalityId: string;

beforeAll(async () => {
  const prisma = ctx.db.prisma;
  const municipality = await createMunicipality(prisma);
  municipalityId = municipality.id;
  const fjell = await createDistrict(prisma, municipalityId, "Fjell");
  const stromso = await createDistrict(prisma, municipalityId, "Strømsø", ["stromso", "strømsø"]);
  const konnerud = await createDistrict(prisma, municipalityId, "Konnerud");
  await createDistrict(prisma, municipalityId, "Åssiden", ["assiden"]); // no activities there
  const club = await createProvider(prisma, municipalityId, { name: "Konnerud IL" });
  const music = await createProvider(prisma, municipalityId, { name: "Fjell Musikkskole" });
  const swim = await createProvider(prisma, municipalityId, { name: "Elvebyen Svømmeklubb" });
  const pending = await createProvider(prisma, municipalityId, { name: "Ny Klubb", approvalState: "PENDING" });
  await createActivity(prisma, club.id, { title: "Fotball G10", category: "football", minAge: 9, maxAge: 11, weekdays: [2, 4], districtId: konnerud.id, feeOre: 90_000,
    translations: [{ language: "en", title: "Football boys 10", description: "Training for boys born 2016." }] });
  await createActivity(prisma, club.id, { title: "Håndball J14", category: "handball", minAge: 13, maxAge: 15, weekdays: [1], districtId: konnerud.id, feeOre: 150_000 });
  await createActivity(prisma, music.id, { title: "Gitargruppe", description: "Lær å spille gitar sammen med andre. Musikk for alle.", category: "music", minAge: 8, maxAge: 14, weekdays: [3], districtId: fjell.id, feeOre: 60_000,
    translations: [{ language: "ar", title: "مجموعة الغيتار", description: "تعلم العزف على الغيتار" }] });
  await createActivity(prisma, swim.id, { title: "Svømming nybegynner", category: "swimming", minAge: 6, maxAge: 9, weekdays: [6], districtId: stromso.id, feeOre: 40_000 });
  // What the catalog must never offer:
  await createActivity(prisma, club.id, { title: "Sommerleir fotball", category: "camp", districtId: konnerud.id });
  await createActivity(prisma, club.id, { title: "Fotball minikurs", category: "football", sessionsPerPeriod: 4, districtId: konnerud.id });
  await createActivity(prisma, club.id, { title: "Fotball jenter (venter godkjenning)", category: "football", approvalState: "PENDING" });
  await createActivity(prisma, pending.id, { title: "Fotball fra ukjent klubb", category: "football" });
});

async function titles(filters: ActivityFilters, language: Language = "nb") {
  const result = await searchActivities(ctx.db, {
    municipalityId,
    filters,
    language,
    excludedCategories: scheme.excludedCategories,
    minSessionsPerPeriod: scheme.minSessionsPerPeriod,
  });
  return result.items.map((item) => item.title);
}

describe("activity catalog search", () => {
  it("offers only approved activities of approved clubs that the card pays for", async () => {
    expect((await titles({})).sort()).toEqual(["Fotball G10", "Gitargruppe", "Håndball J14", "Svømming nybegynner"]);
  });

  it.each<[string, ActivityFilters, string[]]>([
    ["category", { category: "football" }, ["Fotball G10"]],
    ["age", { age: 14 }, ["Gitargruppe", "Håndball J14"]],
    ["weekday", { weekday: 4 }, ["Fotball G10"]],
    ["district by name", { district: "Konnerud" }, ["Fotball G10", "Håndball J14"]],
    ["district typed without æøå", { district: "stromso" }, ["Svømming nybegynner"]],
    ["max fee", { maxFeeOre: 60_000 }, ["Gitargruppe", "Svømming nybegynner"]],
    ["free text in the description", { text: "noe med musikk" }, ["Gitargruppe"]],
    ["free text without æøå, as a prefix", { text: "svomm" }, ["Svømming nybegynner"]],
    ["free text by club name", { text: "konnerud" }, ["Fotball G10", "Håndball J14"]],
    ["combined filters", { age: 10, district: "Konnerud", weekday: 2 }, ["Fotball G10"]],
    ["a district where nothing else asked for is", { district: "Fjell", category: "football" }, []],
    ["a district without activities, by its alias", { district: "assiden" }, []],
    ["nothing matches", { category: "chess" }, []],
  ])("by %s", async (_, filters, expected) => {
    expect((await titles(filters)).sort()).toEqual(expected);
  });

  it("searches and answers in the user's language, falling back to Norwegian", async () => {
    expect(await titles({ text: "boys football" }, "en")).toEqual(["Football boys 10"]);
    expect(await titles({ category: "music" }, "ar")).toEqual(["مجموعة الغيتار"]);
    expect(await titles({ category: "swimming" }, "en")).toEqual(["Svømming nybegynner"]);
  });

  it("lists by title, then id", async () => {
    expect(await titles({})).toEqual(["Fotball G10", "Gitargruppe", "Håndball J14", "Svømming nybegynner"]);
  });

  it("an unknown district is a clear error naming the districts there are, in alphabetical order", async () => {
    const known = ["Fjell", "Konnerud", "Strømsø", "Åssiden"];
    await expect(titles({ district: "Atlantis" })).rejects.toMatchObject({ code: "NOT_FOUND", details: { known } });
    // Also when no activity is left to carry a district's name.
    await expect(titles({ district: "Atlantis", category: "chess" })).rejects.toMatchObject({ code: "NOT_FOUND", details: { known } });
  });

  it("an unknown category or weekday is rejected", async () => {
    await expect(titles({ category: "quidditch" })).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    await expect(titles({ weekday: 8 })).rejects.toMatchObject({ code: "INVALID_REQUEST" });
  });

  it("pages through results", async () => {
    const base = { municipalityId, filters: {}, language: "nb" as const, excludedCategories: scheme.excludedCategories, minSessionsPerPeriod: 8 };
    const first = await searchActivities(ctx.db, { ...base, limit: 3 });
    const second = await searchActivities(ctx.db, { ...base, limit: 3, offset: 3 });
    expect(first.total).toBe(4);
    expect(first.items).toHaveLength(3);
    expect(second.items.map((i) => i.id)).not.toContain(first.items[0]!.id);
    expect(second.items).toHaveLength(1);
  });

  it("gives one activity in full, or NOT_FOUND for another municipality's", async () => {
    const [any] = (await searchActivities(ctx.db, { municipalityId, filters: { category: "handball" }, language: "nb", excludedCategories: [], minSessionsPerPeriod: 8 })).items;
    const detail = await getActivity(ctx.db, { municipalityId, activityId: any!.id, language: "nb" });
    expect(detail).toMatchObject({ title: "Håndball J14", providerName: "Konnerud IL", district: "Konnerud", feeOre: 150_000, weekdays: [1], placesLeft: null });
    expect(detail).toEqual(any);
    const other = await createMunicipality(ctx.db.prisma);
    await expect(getActivity(ctx.db, { municipalityId: other.id, activityId: any!.id, language: "nb" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("gives the club's own title and description beside the translation, and the weekdays as numbers", async () => {
    const [football] = (await searchActivities(ctx.db, { municipalityId, filters: { category: "football" }, language: "en", excludedCategories: [], minSessionsPerPeriod: 8 })).items;
    expect(football).toMatchObject({ title: "Football boys 10", clubTitle: "Fotball G10", description: "Training for boys born 2016.", weekdays: [2, 4], accessibility: null });
    expect(await getActivity(ctx.db, { municipalityId, activityId: football!.id, language: "en" })).toEqual(football);
  });

  it("counts the places left in the period asked for: its pending and confirmed sign-ups only", async () => {
    const prisma = ctx.db.prisma;
    const town = (await createMunicipality(prisma)).id;
    const club = await createProvider(prisma, town);
    const full = await createActivity(prisma, club.id, { title: "A", capacity: 3 });
    await createActivity(prisma, club.id, { title: "B", capacity: 5 });
    const period = (municipalityId: string, code: string, half: "SPRING" | "AUTUMN") =>
      prisma.period.create({ data: { municipalityId, code, year: 2026, half, startsOn: new Date(half === "SPRING" ? "2026-01-01" : "2026-08-01"), endsOn: new Date(half === "SPRING" ? "2026-07-31" : "2026-12-31"), amountOre: 100_000 } });
    const [spring, autumn] = [await period(town, "2026-spring", "SPRING"), await period(town, "2026-autumn", "AUTUMN")];
    const elsewhere = await period((await createMunicipality(prisma)).id, "2026-autumn", "AUTUMN");
    const { guardian, children } = await createFamily(prisma, town, ["2015-01-01", "2015-02-02", "2015-03-03", "2015-04-04", "2015-05-05", "2015-06-06", "2015-07-07"]);
    const statuses = ["PENDING", "CONFIRMED", "CANCELLED", "DECLINED", "EXPIRED"] as const;
    for (const [i, status] of statuses.entries()) {
      await prisma.enrollment.create({ data: { childId: children[i]!.id, activityId: full.id, periodId: autumn.id, status, enrolledById: guardian.id } });
    }
    // Another period's sign-up, and another municipality's period of the same name, do not count.
    await prisma.enrollment.create({ data: { childId: children[5]!.id, activityId: full.id, periodId: spring.id, status: "CONFIRMED", enrolledById: guardian.id } });
    await prisma.enrollment.create({ data: { childId: children[6]!.id, activityId: full.id, periodId: elsewhere.id, status: "CONFIRMED", enrolledById: guardian.id } });

    const placesLeft = async (periodCode?: string) => {
      const options = { municipalityId: town, filters: {}, language: "nb" as const, excludedCategories: [], minSessionsPerPeriod: 8, ...(periodCode ? { periodCode } : {}) };
      const found = (await searchActivities(ctx.db, options)).items.map((item) => [item.title, item.placesLeft]);
      const one = await getActivity(ctx.db, { municipalityId: town, activityId: full.id, language: "nb", ...(periodCode ? { periodCode } : {}) });
      return { found, one: one.placesLeft };
    };
    expect(await placesLeft("2026-autumn")).toEqual({ found: [["A", 1], ["B", 5]], one: 1 });
    expect(await placesLeft("2026-spring")).toEqual({ found: [["A", 2], ["B", 5]], one: 2 });
    // A period without its row yet has no sign-ups; without a period there is no count.
    expect(await placesLeft("2027-spring")).toEqual({ found: [["A", 3], ["B", 5]], one: 3 });
    expect(await placesLeft()).toEqual({ found: [["A", null], ["B", null]], one: null });
    // Full is full, never less than none.
    await prisma.activity.update({ where: { id: full.id }, data: { capacity: 1 } });
    expect(await placesLeft("2026-autumn")).toEqual({ found: [["A", 0], ["B", 5]], one: 0 });
  });
});
