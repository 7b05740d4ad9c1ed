import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../../services/db/database.ts";
import type { SchemeConfig } from "../../services/config.ts";
import { DEFAULT_EXCLUDED_CATEGORIES } from "../../services/catalog/categories.ts";
import { fromIsoDate } from "../../services/dates.ts";

/** Small, explicit test data: each test builds what it asserts on. */
export const scheme: SchemeConfig = {
  municipalityNumber: "3301",
  municipalityName: "Drammen",
  ageRule: "BIRTH_YEAR",
  minAge: 6,
  maxAge: 18,
  amountPerPeriodOre: 100_000,
  springStart: "01-01",
  autumnStart: "08-01",
  minSessionsPerPeriod: 8,
  excludedCategories: [...DEFAULT_EXCLUDED_CATEGORIES],
  defaultLanguage: "nb",
  timeZone: "Europe/Oslo",
  holdTimeoutDays: 14,
};

/** Districts as a municipality stores them (name and the spellings people type), for the NLU. */
export const districtNames = [
  { name: "Strømsø", aliases: ["strømsø", "stromso", "stroemsoe"] },
  { name: "Åssiden", aliases: ["åssiden", "assiden", "aassiden"] },
  { name: "Konnerud", aliases: ["konnerud"] },
  { name: "Gulskogen", aliases: ["gulskogen"] },
];

const uid = () => randomUUID().slice(0, 8);

let nextMunicipalityNumber = 1000;

export async function createMunicipality(prisma: PrismaClient, number = String(nextMunicipalityNumber++)) {
  return prisma.municipality.create({ data: { number, name: `Testkommune ${number}`, excludedCategories: scheme.excludedCategories } });
}

export async function createDistrict(prisma: PrismaClient, municipalityId: string, name: string, aliases: string[] = []) {
  return prisma.district.create({ data: { municipalityId, name, aliases } });
}

export async function createProvider(prisma: PrismaClient, municipalityId: string, overrides: { name?: string; approvalState?: "APPROVED" | "PENDING" | "REJECTED" | "SUSPENDED" } = {}) {
  return prisma.provider.create({
    data: {
      municipalityId,
      name: overrides.name ?? `Testklubb ${uid()}`,
      orgNumber: String(Math.floor(100_000_000 + Math.random() * 899_999_999)),
      approvalState: overrides.approvalState ?? "APPROVED",
      bankAccount: "86011117947",
    },
  });
}

/** A club with one contact person who answers its sign-ups. */
export async function createProviderWithContact(prisma: PrismaClient, municipalityId: string, name?: string) {
  const provider = await createProvider(prisma, municipalityId, name ? { name } : {});
  const contact = await createPerson(prisma, municipalityId, { givenName: "Kontakt", birthDate: "1980-01-01" });
  await prisma.providerContact.create({ data: { providerId: provider.id, personId: contact.id } });
  return { provider, contact };
}

export async function createCaseworker(prisma: PrismaClient, municipalityId: string) {
  const person = await createPerson(prisma, municipalityId, { givenName: "Saksbehandler", birthDate: "1975-01-01" });
  await prisma.staffMember.create({ data: { personId: person.id, municipalityId, role: "CASEWORKER", service: "NAV" } });
  return person;
}

/** Makes a person's family (a guardian's children, or the child) one of the caseworker's families. */
export async function assignCase(prisma: PrismaClient, caseworkerId: string, personId: string) {
  await prisma.caseAssignment.create({ data: { caseworkerId, personId } });
}

export async function createActivity(
  prisma: PrismaClient,
  providerId: string,
  overrides: Partial<{
    title: string;
    description: string;
    category: string;
    minAge: number;
    maxAge: number;
    weekdays: number[];
    districtId: string | null;
    sessionsPerPeriod: number;
    feeOre: number;
    capacity: number;
    approvalState: "APPROVED" | "PENDING";
    translations: { language: string; title: string; description: string }[];
  }> = {},
) {
  const { translations, ...fields } = overrides;
  return prisma.activity.create({
    data: {
      providerId,
      category: "football",
      title: `Aktivitet ${uid()}`,
      description: "Trening for barn og unge.",
      minAge: 6,
      maxAge: 18,
      weekdays: [2],
      startTime: "17:30",
      durationMinutes: 90,
      address: "Testveien 1",
      sessionsPerPeriod: 20,
      feeOre: 80_000,
      capacity: 20,
      approvalState: "APPROVED",
      ...fields,
      ...(translations ? { translations: { create: translations } } : {}),
    },
  });
}

export async function createPerson(prisma: PrismaClient, municipalityId: string, overrides: { givenName?: string; birthDate?: string | null; residentFrom?: string | null; residentUntil?: string | null } = {}) {
  const residentFrom = overrides.residentFrom === undefined ? "2010-01-01" : overrides.residentFrom;
  return prisma.person.create({
    data: {
      municipalityId,
      givenName: overrides.givenName ?? "Test",
      familyName: "Testesen",
      birthDate: overrides.birthDate ? fromIsoDate(overrides.birthDate) : null,
      residentFrom: residentFrom ? fromIsoDate(residentFrom) : null,
      residentUntil: overrides.residentUntil ? fromIsoDate(overrides.residentUntil) : null,
    },
  });
}

/** A guardian and children born on the given dates, all resident. */
export async function createFamily(prisma: PrismaClient, municipalityId: string, childBirthDates: string[]) {
  const guardian = await createPerson(prisma, municipalityId, { givenName: "Forelder", birthDate: "1985-05-05" });
  const children = [];
  for (const [i, birthDate] of childBirthDates.entries()) {
    const child = await createPerson(prisma, municipalityId, { givenName: `Barn${i + 1}`, birthDate });
    await prisma.guardianship.create({ data: { guardianId: guardian.id, childId: child.id } });
    children.push(child);
  }
  return { guardian, children };
}
