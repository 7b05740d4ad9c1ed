/**
 * Demo data of a Drammen-like municipality (kommunenummer 3301): real district names; fictional
 * clubs, activities, families and staff. Same rows on every run: a seeded PRNG, explicit ids
 * (demo-provider-001, demo-activity-001, demo-person-f001-g1, …) and timestamps taken from `today`.
 *
 * PHONE NUMBERS — every demo phone is in ONE fictional range, +47 9999 0000 – +47 9999 9999
 * (E.164 +4799990000 … +4799999999), so a demo number is recognisable at a glance and one filter
 * keeps demo traffic away from a real SMS gateway:
 *   9999 0xxx  municipal staff (caseworker, admin, privacy officer)
 *   9999 1xxx  provider (club) contacts, 1001 = demo-provider-001
 *   9999 2xxx–4xxx  guardians, in family order
 *   9999 5xxx  youths 13–17 with their own phone
 * The range is not reserved by Nkom for fiction: never point a real gateway at demo data.
 *
 * The people a newcomer logs in as are in demo-identities.json, the one source of truth: this file
 * builds those persons from it rather than repeating their names and numbers.
 */
import { z } from "zod";
import identitiesJson from "./demo-identities.json" with { type: "json" };
import type { Prisma } from "../generated/client.ts";
import type { Tx } from "../../services/db/database.ts";
import { addDays, ageOn, fromIsoDate, isIsoDate, maxDate, yearOf, type IsoDate } from "../../services/dates.ts";
import { isValidBankAccount, isValidOrgNumber } from "../../services/org-number.ts";
import { LANGUAGES, type Language } from "../../services/languages.ts";
import {
  ACCESSIBILITY_NOTES,
  CATEGORY_PROFILES,
  DISTRICTS,
  FAMILY_LANGUAGE_SHARES,
  NAMES,
  PROVIDERS,
  type ActivityVariant,
  type ApprovalStateSeed,
  type DistrictSeed,
  type FamilyName,
  type ProviderSeed,
} from "./demo-data.ts";

export const DEMO_FAMILY_COUNT = 220;
/** Every demo phone number matches this: +47 9999 xxxx. */
export const DEMO_PHONE_PATTERN = /^\+479999\d{4}$/;

const PHONE_BLOCKS = {
  staff: { from: 99990001, to: 99990999 },
  provider: { from: 99991001, to: 99991999 },
  guardian: { from: 99992001, to: 99994999 },
  youth: { from: 99995001, to: 99995999 },
} as const;

// ───────────────────────────── Demo identities (demo-identities.json) ─────────────────────────────

const isoDate = z.string().refine(isIsoDate, "must be a date YYYY-MM-DD");
const personFields = {
  personId: z.string().regex(/^demo-person-[a-z0-9-]+$/),
  name: z.string().min(1),
  givenName: z.string().min(1),
  familyName: z.string().min(1),
  birthDate: isoDate,
};
const withPhone = { ...personFields, phone: z.string().regex(DEMO_PHONE_PATTERN, "must be in the demo range +4799990000-+4799999999") };

const DemoIdentitiesSchema = z
  .object({
    youth: z.object({ ...withPhone, district: z.string(), language: z.enum(LANGUAGES) }),
    parent: z.object({ ...withPhone, district: z.string(), language: z.enum(LANGUAGES), children: z.array(z.object(personFields)).length(2) }),
    provider: z.object({ ...withPhone, providerId: z.string(), providerName: z.string() }),
    caseworker: z.object({ ...withPhone, teams: z.string().min(1), service: z.string().min(1) }),
    admin: z.object({ ...withPhone, teams: z.string().min(1) }),
    privacyOfficer: z.object({ ...withPhone, teams: z.string().min(1) }),
  })
  .superRefine((ids, ctx) => {
    // `name` is what docs and tests show; it must be the stored given and family name.
    const people = [ids.youth, ids.parent, ...ids.parent.children, ids.provider, ids.caseworker, ids.admin, ids.privacyOfficer];
    for (const person of people) {
      if (person.name !== `${person.givenName} ${person.familyName}`) {
        ctx.addIssue({ code: "custom", message: `${person.personId}: name "${person.name}" is not "${person.givenName} ${person.familyName}"` });
      }
    }
  });

export type DemoIdentities = z.infer<typeof DemoIdentitiesSchema>;
export const DEMO_IDENTITIES: DemoIdentities = DemoIdentitiesSchema.parse(identitiesJson);

// ───────────────────────────── Deterministic randomness ─────────────────────────────

type Rng = () => number;

/** mulberry32: a tiny 32-bit PRNG; good enough for demo data, identical on every platform. */
function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One stream per entity (family 17, activity 42, …) rather than one for the whole seed, so adding
 * a provider does not reshuffle every family after it.
 */
function rngFor(label: string): Rng {
  let hash = 0x811c9dc5; // FNV-1a
  for (const char of `fritidskortet-demo:${label}`) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return mulberry32(hash);
}

const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error("demo seed: pick from an empty list");
  return item;
}

function weighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rng() * total;
  for (const [value, weight] of entries) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** A date in `year`; days 1–28 so every month has it. */
const dateIn = (rng: Rng, year: number): IsoDate => `${year}-${pad(int(rng, 1, 12), 2)}-${pad(int(rng, 1, 28), 2)}`;

// ───────────────────────────── Numbers with check digits ─────────────────────────────

/**
 * The next `digits`-long number after `prefix` + counter whose mod-11 check digit exists (a
 * check digit of 10 makes the number impossible, so that counter is skipped). The check digit is
 * found with the validators in services/org-number.ts, so the demo cannot disagree with them.
 */
function* withCheckDigit(prefix: string, counterWidth: number, isValid: (value: string) => boolean): Generator<string> {
  for (let counter = 1; counter < 10 ** counterWidth; counter++) {
    const body = prefix + pad(counter, counterWidth);
    for (let check = 0; check <= 9; check++) {
      if (isValid(body + check)) {
        yield body + check;
        break;
      }
    }
  }
}

function take(numbers: Generator<string>, what: string): string {
  const next = numbers.next();
  if (next.done) throw new Error(`demo seed: ran out of ${what}`);
  return next.value;
}

/** Phone numbers handed out block by block, never twice, skipping numbers the identities file holds. */
class PhoneBook {
  private readonly taken = new Set<string>();
  private readonly cursor = new Map<keyof typeof PHONE_BLOCKS, number>();

  constructor(reserved: Iterable<string>) {
    for (const phone of reserved) this.taken.add(phone);
  }

  next(block: keyof typeof PHONE_BLOCKS): string {
    const { from, to } = PHONE_BLOCKS[block];
    for (let n = this.cursor.get(block) ?? from; n <= to; n++) {
      const phone = `+47${n}`;
      if (!this.taken.has(phone)) {
        this.taken.add(phone);
        this.cursor.set(block, n + 1);
        return phone;
      }
    }
    throw new Error(`demo seed: the ${block} phone block ${from}-${to} is full`);
  }
}

// ───────────────────────────── Small helpers ─────────────────────────────

/** Lower-case spellings people type, with and without æøå: "strømsø", "stromso", "stroemsoe". */
export function districtAliases(name: string): string[] {
  const lower = name.toLowerCase();
  const short = lower.replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "a");
  const long = lower.replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa");
  return [...new Set([lower, short, long])];
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/å/g, "a")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

type Sex = "F" | "M";

function familyNameFor(name: FamilyName, sex: Sex, adult: boolean): string {
  if (typeof name === "string") return name;
  if (sex === "M") return name.male;
  return adult ? name.female : (name.daughter ?? name.female);
}

function givenNameFor(rng: Rng, language: Language, sex: Sex, taken: Set<string>): string {
  const list = sex === "F" ? NAMES[language].female : NAMES[language].male;
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = pick(rng, list);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  return pick(rng, list);
}

// ───────────────────────────── Row builders ─────────────────────────────

type PersonRow = Prisma.PersonCreateManyInput;
type ChannelRow = Prisma.ChannelIdentityCreateManyInput;

interface Member {
  id: string;
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  residentFrom: IsoDate;
  residentUntil: IsoDate | null;
  language: Language;
  phone: string | null;
}

interface Family {
  index: number;
  language: Language;
  districtId: string;
  guardians: Member[];
  children: Member[];
}

interface PinnedFamily {
  district: string;
  language: Language;
  familyName: string;
  guardian?: { id: string; givenName: string; birthDate: IsoDate; phone: string };
  children: { id: string; givenName: string; birthDate: IsoDate; phone?: string }[];
  /** False when the identities file lists every child (the demo parent has exactly two). */
  moreChildren: boolean;
}

export interface SeedDemoOptions {
  municipalityId: string;
  /** YYYY-MM-DD: timestamps, recent moves and who counts as a youth are relative to it. */
  today: string;
}

export interface SeedDemoResult {
  districts: number;
  providers: number;
  activities: number;
  families: number;
  persons: number;
}

/**
 * Writes the demo municipality's districts, providers, activities, families and staff with `tx`.
 * Assumes the Municipality row exists and holds no demo data (the caller checks and locks).
 */
export async function seedDemo(tx: Tx, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const rows = buildDemo(options);
  // Parents before children: foreign keys (persons before guardianships, channels, contacts, staff).
  await tx.district.createMany({ data: rows.districtRows });
  await tx.person.createMany({ data: rows.persons });
  await tx.guardianship.createMany({ data: rows.guardianships });
  await tx.channelIdentity.createMany({ data: rows.channels });
  await tx.staffMember.createMany({ data: rows.staffRows });
  await tx.caseAssignment.createMany({ data: rows.caseRows });
  await tx.provider.createMany({ data: rows.providerRows });
  await tx.providerContact.createMany({ data: rows.contactRows });
  await tx.activity.createMany({ data: rows.activities });
  await tx.activityTranslation.createMany({ data: rows.translations });

  return {
    districts: rows.districtRows.length,
    providers: rows.providerRows.length,
    activities: rows.activities.length,
    families: rows.families.length,
    persons: rows.persons.length,
  };
}

/**
 * The demo's rows for `today`, written by nobody: `seedDemo` writes them, and the demo population
 * register (demo-register.ts) lists the same persons, so a register sync of the demo changes nothing
 * but the register's own news.
 */
export function buildDemo(options: SeedDemoOptions) {
  const { municipalityId, today } = options;
  if (!isIsoDate(today)) throw new Error(`demo seed: today must be YYYY-MM-DD, not "${today}"`);
  const ids = DEMO_IDENTITIES;
  // Every timestamp is this one instant, so two runs for the same day write identical rows
  // (midnight UTC: at most an hour or two ahead of the clock for a seed just after midnight in Oslo).
  const seededAt = fromIsoDate(today);

  const districtBySlug = new Map(DISTRICTS.map((d) => [d.slug, d]));
  const districtId = (d: DistrictSeed) => `demo-district-${d.slug}`;
  const districtNamed = (name: string) => {
    const found = DISTRICTS.find((d) => d.name === name);
    if (!found) throw new Error(`demo seed: demo-identities.json names an unknown district "${name}"`);
    return found;
  };

  const phones = new PhoneBook([ids.youth, ids.parent, ids.provider, ids.caseworker, ids.admin, ids.privacyOfficer].map((p) => p.phone));
  const persons: PersonRow[] = [];
  const channels: ChannelRow[] = [];
  let registrySerial = 0;

  const addPerson = (row: Omit<PersonRow, "municipalityId" | "registryRef" | "createdAt">) => {
    // An opaque register reference: never anything shaped like a national identity number.
    registrySerial += 1;
    persons.push({ ...row, municipalityId, registryRef: `demo-reg-${pad(registrySerial, 6)}`, createdAt: seededAt });
  };
  const addSms = (personId: string, phone: string, language: string | null) => {
    channels.push({
      id: `${personId.replace(/^demo-person-/, "demo-sms-")}`,
      channel: "SMS",
      address: phone,
      personId,
      verifiedAt: seededAt,
      language,
      createdAt: seededAt,
    });
  };

  // ── Districts
  const districtRows: Prisma.DistrictCreateManyInput[] = DISTRICTS.map((d) => ({
    id: districtId(d),
    municipalityId,
    name: d.name,
    aliases: districtAliases(d.name),
    lowIncomeShare: d.lowIncomeShare,
  }));

  // ── Staff: one caseworker, one admin, one privacy officer, each reachable by SMS and Teams
  const staffRows: Prisma.StaffMemberCreateManyInput[] = [];
  for (const [member, role, service] of [
    [ids.caseworker, "CASEWORKER", ids.caseworker.service],
    [ids.admin, "ADMIN", null],
    [ids.privacyOfficer, "PRIVACY_OFFICER", null],
  ] as const) {
    addPerson({ id: member.personId, givenName: member.givenName, familyName: member.familyName, birthDate: fromIsoDate(member.birthDate), preferredLanguage: "nb" });
    addSms(member.personId, member.phone, "nb");
    channels.push({
      id: member.personId.replace(/^demo-person-/, "demo-teams-"),
      channel: "TEAMS",
      address: member.teams,
      personId: member.personId,
      verifiedAt: seededAt,
      language: "nb",
      createdAt: seededAt,
    });
    staffRows.push({ personId: member.personId, municipalityId, role, service });
  }

  // ── Providers, each with one contact person
  const pinnedProviderIndex = PROVIDERS.findIndex((_, i) => providerId(i) === ids.provider.providerId);
  const pinnedProvider = PROVIDERS[pinnedProviderIndex];
  if (!pinnedProvider || pinnedProvider.name !== ids.provider.providerName || pinnedProvider.state !== "APPROVED") {
    throw new Error(`demo seed: demo-identities.json provider ${ids.provider.providerId} must be the APPROVED "${pinnedProvider?.name ?? "?"}"`);
  }
  const orgNumbers = withCheckDigit("99990", 3, isValidOrgNumber);
  const bankAccounts = withCheckDigit("999900", 4, isValidBankAccount);
  const providerRows: Prisma.ProviderCreateManyInput[] = [];
  const contactRows: Prisma.ProviderContactCreateManyInput[] = [];
  let pendingSeen = 0;
  PROVIDERS.forEach((provider, i) => {
    const id = providerId(i);
    const district = districtBySlug.get(provider.district);
    if (!district) throw new Error(`demo seed: provider "${provider.name}" has an unknown district "${provider.district}"`);
    const approved = provider.state === "APPROVED";
    if (provider.state === "PENDING") pendingSeen += 1;
    providerRows.push({
      id,
      municipalityId,
      name: provider.name,
      orgNumber: take(orgNumbers, "organisation numbers"),
      bankAccount: take(bankAccounts, "bank account numbers"),
      email: `${slugify(provider.name)}@example.org`,
      approvalState: provider.state,
      // Approved clubs confirmed police certificates; one applicant has sent them, the rest not yet.
      policeCertificates: approved || (provider.state === "PENDING" && pendingSeen === 1),
      // A suspended club was approved once.
      approvedAt: approved || provider.state === "SUSPENDED" ? seededAt : null,
      createdAt: seededAt,
    });

    const contactId = i === pinnedProviderIndex ? ids.provider.personId : `demo-person-p${pad(i + 1, 3)}`;
    const rng = rngFor(`provider-${i + 1}`);
    const language = provider.contactLanguage ?? "nb";
    const sex: Sex = rng() < 0.5 ? "F" : "M";
    const generated = {
      givenName: givenNameFor(rng, language, sex, new Set()),
      familyName: familyNameFor(pick(rng, NAMES[language].family), sex, true),
      birthDate: dateIn(rng, int(rng, 1965, 1995)),
      residentFrom: dateIn(rng, int(rng, 1995, 2020)),
    };
    const pinned = i === pinnedProviderIndex ? ids.provider : null;
    addPerson({
      id: contactId,
      givenName: pinned?.givenName ?? generated.givenName,
      familyName: pinned?.familyName ?? generated.familyName,
      birthDate: fromIsoDate(pinned?.birthDate ?? generated.birthDate),
      residentFrom: fromIsoDate(generated.residentFrom),
      districtId: districtId(district),
      preferredLanguage: language,
    });
    addSms(contactId, pinned?.phone ?? phones.next("provider"), language);
    contactRows.push({ providerId: id, personId: contactId, role: provider.contactRole ?? "contact" });
  });

  // ── Activities
  const { activities, translations } = buildActivities(districtBySlug, districtId, seededAt);

  // ── Families
  const families = buildFamilies({
    today,
    phones,
    districtIdOf: districtId,
    pinned: new Map<number, PinnedFamily>([
      [
        1,
        {
          district: ids.parent.district,
          language: ids.parent.language,
          familyName: ids.parent.familyName,
          guardian: { id: ids.parent.personId, givenName: ids.parent.givenName, birthDate: ids.parent.birthDate, phone: ids.parent.phone },
          children: ids.parent.children.map((c) => ({ id: c.personId, givenName: c.givenName, birthDate: c.birthDate })),
          moreChildren: false,
        },
      ],
      [
        2,
        {
          district: ids.youth.district,
          language: ids.youth.language,
          familyName: ids.youth.familyName,
          children: [{ id: ids.youth.personId, givenName: ids.youth.givenName, birthDate: ids.youth.birthDate, phone: ids.youth.phone }],
          moreChildren: true,
        },
      ],
    ]),
    districtNamed,
  });
  const guardianships: Prisma.GuardianshipCreateManyInput[] = [];
  for (const family of families) {
    for (const member of [...family.guardians, ...family.children]) {
      addPerson({
        id: member.id,
        givenName: member.givenName,
        familyName: member.familyName,
        birthDate: fromIsoDate(member.birthDate),
        residentFrom: fromIsoDate(member.residentFrom),
        residentUntil: member.residentUntil ? fromIsoDate(member.residentUntil) : null,
        districtId: family.districtId,
        preferredLanguage: member.language,
      });
      if (member.phone) addSms(member.id, member.phone, member.language);
    }
    for (const guardian of family.guardians) {
      for (const child of family.children) guardianships.push({ guardianId: guardian.id, childId: child.id, createdAt: seededAt });
    }
  }

  // The demo caseworker's families (CaseAssignment): the demo parent's and the next four, each by
  // its first guardian (the whole family) or, without one, the child.
  const caseRows: Prisma.CaseAssignmentCreateManyInput[] = families.slice(0, 5).map((family) => ({
    caseworkerId: ids.caseworker.personId,
    personId: (family.guardians[0] ?? family.children[0]!).id,
    createdAt: seededAt,
  }));

  return { districtRows, persons, guardianships, channels, staffRows, caseRows, providerRows, contactRows, activities, translations, families };
}

function providerId(index: number): string {
  return `demo-provider-${pad(index + 1, 3)}`;
}

// ───────────────────────────── Activities ─────────────────────────────

const WEEKDAY_PAIRS: readonly (readonly [number, number])[] = [
  [1, 3],
  [2, 4],
  [1, 4],
  [3, 5],
  [2, 5],
];

function activityTitle(variant: ActivityVariant, language: "nb" | "en" | "pl" | "ar", minAge: number, maxAge: number): string | null {
  // A plain hyphen in age ranges: an en dash is outside GSM-7 and would double an SMS's cost.
  const ages = `${minAge}-${maxAge}`;
  switch (language) {
    case "nb":
      return `${variant.title.nb} ${ages} år`;
    case "en":
      return `${variant.title.en}, ages ${ages}`;
    case "pl":
      return variant.title.pl ? `${variant.title.pl}, ${ages} lat` : null;
    case "ar":
      return variant.title.ar ? `${variant.title.ar}، للأعمار ${ages}` : null;
  }
}

function buildActivities(districtBySlug: Map<string, DistrictSeed>, districtIdOf: (d: DistrictSeed) => string, seededAt: Date) {
  const activities: Prisma.ActivityCreateManyInput[] = [];
  const translations: Prisma.ActivityTranslationCreateManyInput[] = [];

  PROVIDERS.forEach((provider: ProviderSeed, providerIndex) => {
    const home = districtBySlug.get(provider.district)!;
    const usedCombos = new Set<string>();
    for (const offer of provider.offers) {
      const profile = CATEGORY_PROFILES[offer.category];
      if (!profile) throw new Error(`demo seed: no activity profile for category "${offer.category}"`);

      // Which (variant, age group) pairs this offer becomes: one explicit, or the next unused ones
      // of the category, starting at a provider-dependent place so clubs differ.
      const chosen: { variant: ActivityVariant; ages: readonly [number, number] }[] = [];
      if (offer.special) {
        chosen.push({ variant: offer.special, ages: offer.special.ages[0]! });
      } else {
        const variantIndices = offer.variants ?? profile.variants.map((_, i) => i);
        const combos = variantIndices.flatMap((vi) => {
          const variant = profile.variants[vi];
          if (!variant) throw new Error(`demo seed: ${offer.category} has no variant ${vi}`);
          return variant.ages.map((ages) => ({ variant, ages, key: `${offer.category}/${vi}/${ages.join("-")}` }));
        });
        const count = offer.count ?? 1;
        const start = (providerIndex * 3) % combos.length;
        for (let step = 0; step < combos.length && chosen.length < count; step++) {
          const combo = combos[(start + step) % combos.length]!;
          if (usedCombos.has(combo.key)) continue;
          usedCombos.add(combo.key);
          chosen.push(combo);
        }
        if (chosen.length < count) throw new Error(`demo seed: "${provider.name}" asks for more ${offer.category} activities than there are variants`);
      }

      for (const { variant, ages } of chosen) {
        const n = activities.length + 1;
        const id = `demo-activity-${pad(n, 3)}`;
        const rng = rngFor(`activity-${n}`);
        // Draw every field before applying overrides, so an override does not shift the rest.
        const weekend = rng() < profile.weekendShare;
        const twoDays = rng() < 0.4;
        const weekdays = weekend ? [rng() < 0.8 ? 6 : 7] : twoDays ? [...pick(rng, WEEKDAY_PAIRS)] : [int(rng, 1, 5)];
        const [minAge, maxAge] = ages;
        const startTime = pick(
          rng,
          profile.startTimes ??
            (weekend ? ["10:00", "11:00", "12:00", "13:00"] : minAge <= 8 ? ["16:00", "16:30", "17:00", "17:30"] : minAge <= 12 ? ["16:30", "17:00", "17:30", "18:00", "18:30"] : ["17:30", "18:00", "18:30", "19:00", "19:30", "20:00"]),
        );
        const durationMinutes = pick(rng, profile.durationMinutes);
        const weeks = int(rng, 14, 20); // school weeks in a half-year, less holidays
        const [feeMin, feeMax] = variant.feeNok ?? profile.feeNok;
        const feeNok = Math.round(int(rng, feeMin, feeMax) / 50) * 50;
        const capacity = int(rng, profile.capacity[0], profile.capacity[1]);
        const away = rng() < 0.25; // clubs also rent school gyms in other districts
        const awayDistrict = pick(rng, DISTRICTS);
        const district = away ? awayDistrict : home;
        const address = `${pick(rng, district.streets)} ${int(rng, 1, 120)}, ${district.town}`;
        const accessibility = rng() < 0.3 ? pick(rng, ACCESSIBILITY_NOTES) : null;

        const derived: ApprovalStateSeed = provider.state === "PENDING" || provider.state === "REJECTED" ? provider.state : "APPROVED";
        activities.push({
          id,
          providerId: providerId(providerIndex),
          category: offer.category,
          title: activityTitle(variant, "nb", minAge, maxAge)!,
          description: variant.description.nb,
          minAge,
          maxAge,
          weekdays,
          startTime,
          durationMinutes,
          districtId: districtIdOf(district),
          address,
          sessionsPerPeriod: offer.sessions ?? weekdays.length * weeks,
          feeOre: (offer.feeNok ?? feeNok) * 100,
          capacity: offer.capacity ?? capacity,
          accessibility,
          approvalState: offer.approval ?? derived,
          createdAt: seededAt,
        });
        for (const language of ["en", "pl", "ar"] as const) {
          const title = activityTitle(variant, language, minAge, maxAge);
          const description = variant.description[language];
          if (title && description) translations.push({ activityId: id, language, title, description });
        }
      }
    }
  });
  return { activities, translations };
}

// ───────────────────────────── Families ─────────────────────────────

interface FamilyContext {
  today: IsoDate;
  phones: PhoneBook;
  districtIdOf: (d: DistrictSeed) => string;
  districtNamed: (name: string) => DistrictSeed;
  /** Families whose members come (partly) from demo-identities.json, by family number. */
  pinned: Map<number, PinnedFamily>;
}

/** Family languages in proportion to FAMILY_LANGUAGE_SHARES, shuffled; pinned families keep theirs. */
function familyLanguages(count: number, pinned: Map<number, PinnedFamily>): Language[] {
  const free = count - pinned.size;
  const total = Object.values(FAMILY_LANGUAGE_SHARES).reduce((a, b) => a + b, 0);
  const list: Language[] = [];
  for (const language of LANGUAGES) {
    const share = FAMILY_LANGUAGE_SHARES[language];
    for (let i = 0; i < Math.max(1, Math.floor((free * share) / total)); i++) list.push(language);
  }
  while (list.length < free) list.push("nb");
  list.length = free;
  shuffle(rngFor("family-languages"), list);
  const result: Language[] = [];
  for (let index = 1; index <= count; index++) result.push(pinned.get(index)?.language ?? list.shift()!);
  return result;
}

function buildFamilies(ctx: FamilyContext): Family[] {
  const { today } = ctx;
  const languages = familyLanguages(DEMO_FAMILY_COUNT, ctx.pinned);
  const districtWeights = DISTRICTS.map((d) => [d, d.weight] as const);
  const families: Family[] = [];

  for (let index = 1; index <= DEMO_FAMILY_COUNT; index++) {
    const rng = rngFor(`family-${index}`);
    const code = `f${pad(index, 3)}`;
    const pin = ctx.pinned.get(index);
    const language = languages[index - 1]!;
    const names = NAMES[language];
    const district = pin ? ctx.districtNamed(pin.district) : weighted(rng, districtWeights);

    // Guardians: two in most families, else one, most often the mother.
    const twoGuardians = pin?.guardian ? true : rng() < 0.72;
    const sexes: Sex[] = twoGuardians ? (rng() < 0.5 ? ["F", "M"] : ["M", "F"]) : [rng() < 0.75 ? "F" : "M"];

    // Birth years: guardians 1970–1998, children 2005–2023, parents 19–45 at each birth.
    const pinnedChildYears = (pin?.children ?? []).map((c) => yearOf(c.birthDate));
    const guardianLo = Math.max(1970, ...pinnedChildYears.map((y) => y - 45));
    const guardianHi = Math.min(1998, ...pinnedChildYears.map((y) => y - 19));
    const firstYear = pin?.guardian ? yearOf(pin.guardian.birthDate) : int(rng, guardianLo, guardianHi);
    const secondYear = Math.min(guardianHi, Math.max(guardianLo, firstYear + int(rng, -4, 4)));
    const guardianYears = twoGuardians ? [firstYear, secondYear] : [firstYear];
    const childLo = Math.max(2005, Math.max(...guardianYears) + 19);
    const childHi = Math.min(2023, Math.min(...guardianYears) + 45);
    const wanted = weighted(rng, [[1, 30], [2, 40], [3, 22], [4, 8]] as const);
    const childYears: number[] = [];
    if (!pin || pin.moreChildren) {
      const extra = Math.max(0, wanted - pinnedChildYears.length);
      const pool = [];
      for (let y = childLo; y <= childHi; y++) if (!pinnedChildYears.includes(y)) pool.push(y);
      childYears.push(...shuffle(rng, pool).slice(0, extra).sort((a, b) => a - b));
    }

    // Names. Somali and Eritrean children carry the father's given name; elsewhere a shared surname
    // (gendered in Polish, Lithuanian and some Ukrainian names), and Norwegian mothers often keep theirs.
    const shared: FamilyName = pin ? pin.familyName : pick(rng, names.family);
    const motherOwn: FamilyName = pick(rng, names.family);
    const motherKeepsName = names.patronymic || (language === "nb" && rng() < 0.3);
    const taken = new Set<string>([...(pin?.children ?? []).map((c) => c.givenName), ...(pin?.guardian ? [pin.guardian.givenName] : [])]);

    const familyFrom = pin ? dateIn(rng, int(rng, 2005, 2012)) : dateIn(rng, int(rng, 1998, 2024));
    const memberLanguage = (birthDate: IsoDate, adult: boolean): Language => {
      // Youths and some parents who grew up here prefer Norwegian.
      const roll = rng();
      if (language === "nb" || language === "en") return language;
      if (adult) return roll < 0.15 ? "nb" : language;
      return ageOn(birthDate, today) >= 13 && roll < 0.5 ? "nb" : language;
    };

    const guardians: Member[] = sexes.map((sex, g) => {
      const pinnedGuardian = g === 0 ? pin?.guardian : undefined;
      const givenName = pinnedGuardian?.givenName ?? givenNameFor(rng, language, sex, taken);
      const surname = sex === "F" && motherKeepsName && !pin ? motherOwn : shared;
      const birthDate = pinnedGuardian?.birthDate ?? dateIn(rng, guardianYears[g]!);
      return {
        id: pinnedGuardian?.id ?? `demo-person-${code}-g${g + 1}`,
        givenName,
        familyName: familyNameFor(surname, sex, true),
        birthDate,
        residentFrom: familyFrom,
        residentUntil: null,
        language: pin ? pin.language : memberLanguage(birthDate, true),
        phone: pinnedGuardian?.phone ?? ctx.phones.next("guardian"),
      };
    });

    const father = guardians.find((_, g) => sexes[g] === "M");
    const childSurname: FamilyName = names.patronymic ? (father?.givenName ?? pick(rng, names.male)) : shared;
    const children: Member[] = (pin?.children ?? []).map((c) => ({
      id: c.id,
      givenName: c.givenName,
      familyName: pin!.familyName,
      birthDate: c.birthDate,
      residentFrom: maxDate(familyFrom, c.birthDate),
      residentUntil: null,
      language: pin!.language,
      phone: c.phone ?? null,
    }));
    childYears.forEach((year) => {
      const sex: Sex = rng() < 0.5 ? "F" : "M";
      const birthDate = dateIn(rng, year);
      const age = ageOn(birthDate, today);
      // Some youths 13–17 use the service on their own phone.
      const ownPhone = age >= 13 && age <= 17 && rng() < 0.45;
      children.push({
        id: `demo-person-${code}-c${children.length + 1}`,
        givenName: givenNameFor(rng, language, sex, taken),
        familyName: familyNameFor(childSurname, sex, false),
        birthDate,
        residentFrom: maxDate(familyFrom, birthDate),
        residentUntil: null,
        language: pin ? pin.language : memberLanguage(birthDate, false),
        phone: ownPhone ? ctx.phones.next("youth") : null,
      });
    });

    families.push({ index, language, districtId: ctx.districtIdOf(district), guardians, children });
  }

  markMoves(families, today);
  return families;
}

/**
 * A few families moved in lately (a child who just arrived becomes eligible from that day) and
 * two moved away (no longer eligible). Picked by language and position, never a pinned family.
 */
function markMoves(families: Family[], today: IsoDate): void {
  const chosen = new Set<number>();
  const find = (test: (f: Family) => boolean) => {
    const family = families.find((f) => f.index >= 10 && !chosen.has(f.index) && test(f));
    if (!family) throw new Error("demo seed: no family fits a planned move");
    chosen.add(family.index);
    return family;
  };
  const moveIn = (members: Member[], daysAgo: number) => {
    for (const member of members) member.residentFrom = maxDate(member.birthDate, addDays(today, -daysAgo));
  };

  for (const [language, daysAgo] of [["uk", 43], ["ar", 20], ["ti", 75]] as const) {
    const family = find((f) => f.language === language);
    moveIn([...family.guardians, ...family.children], daysAgo);
  }
  // A school-age child who came to live with a parent here (from the other parent elsewhere): eligible
  // from the day of registration, while the siblings have been eligible all along.
  const schoolAge = (m: Member) => yearOf(today) - yearOf(m.birthDate) >= 8 && yearOf(today) - yearOf(m.birthDate) <= 14;
  const joined = find((f) => f.language === "nb" && f.children.length >= 2 && f.children.some(schoolAge));
  moveIn([joined.children.find(schoolAge)!], 12);

  for (const [language, daysAgo] of [["pl", 60], ["nb", 150]] as const) {
    const until = addDays(today, -daysAgo);
    const family = find((f) => f.language === language && [...f.guardians, ...f.children].every((m) => m.residentFrom < until));
    for (const member of [...family.guardians, ...family.children]) member.residentUntil = until;
  }
}
