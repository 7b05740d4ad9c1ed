import { beforeAll, describe, expect, it } from "vitest";
import { getActivity, searchActivities, type ActivityFilters } from "../../../services/catalog/search-activities.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createActivity, createDistrict, createMunicipality, createProvider, scheme } from "../../support/fixtures.ts";
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
    ["nothing matches", { category: "chess" }, []],
  ])("by %s", async (_, filters, expected) => {
    expect((await titles(filters)).sort()).toEqual(expected);
  });

  it("searches and answers in the user's language, falling back to Norwegian", async () => {
    expect(await titles({ text: "boys football" }, "en")).toEqual(["Football boys 10"]);
    expect(await titles({ category: "music" }, "ar")).toEqual(["مجموعة الغيتار"]);
    expect(await titles({ category: "swimming" }, "en")).toEqual(["Svømming nybegynner"]);
  });

  it("an unknown district is a clear error naming the districts there are", async () => {
    await expect(titles({ district: "Atlantis" })).rejects.toMatchObject({ code: "NOT_FOUND", details: { known: expect.arrayContaining(["Fjell", "Konnerud"]) } });
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
    expect(detail).toMatchObject({ title: "Håndball J14", providerName: "Konnerud IL", district: "Konnerud", feeOre: 150_000 });
    const other = await createMunicipality(ctx.db.prisma);
    await expect(getActivity(ctx.db, { municipalityId: other.id, activityId: any!.id, language: "nb" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
