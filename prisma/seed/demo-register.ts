/**
 * The demo population register: what the embedded default's `registry sync` reads when no register
 * is configured (POPULATION_REGISTER_URL). It lists the persons the demo seed wrote — built by the
 * seed's own code for the day the demo was seeded, so the two cannot disagree — plus the register's
 * news in demo-register-changes.json (a family moved in, one moved away, a contact reservation).
 * Why generated rather than a fixed JSON of everyone: the seed's families depend on the day it ran
 * (recent moves, who has a phone), so a file written on one day would disagree with a demo seeded on another.
 */
import { z } from "zod";
import changesJson from "./demo-register-changes.json" with { type: "json" };
import type { Database } from "../../services/db/database.ts";
import { addDays, isIsoDate, toIsoDate, type IsoDate } from "../../services/dates.ts";
import { InMemoryRegisterListing, type RegisterListing, type RegisterPerson } from "../../services/registry/population-register.ts";
import { buildDemo } from "./demo.ts";
import { DISTRICTS } from "./demo-data.ts";

const isoDate = z.string().refine(isIsoDate, "must be a date YYYY-MM-DD");
const ChangesSchema = z.object({
  moveIns: z.array(
    z.object({
      registryRef: z.string().regex(/^demo-reg-new-\d{4}$/),
      givenName: z.string().min(1),
      familyName: z.string().min(1),
      birthDate: isoDate,
      district: z.string().refine((name) => DISTRICTS.some((d) => d.name === name), "must be a demo district"),
      daysBeforeSeed: z.number().int().min(0),
      guardians: z.array(z.string()),
    }),
  ),
  /** The first family at or after `fromFamily` that has not moved (the seed's own moves depend on the day). */
  moveOuts: z.array(z.object({ fromFamily: z.number().int().min(3), daysAfterSeed: z.number().int().min(0) })),
  contactReservations: z.array(z.object({ fromFamily: z.number().int().min(3) })),
});
export const DEMO_REGISTER_CHANGES = ChangesSchema.parse(changesJson);

/** The day the demo was seeded (its audit row), or null when this database holds no demo. */
export async function demoSeedDay(db: Database, municipalityId: string): Promise<IsoDate | null> {
  const row = await db.prisma.auditLog.findFirst({ where: { municipalityId, action: "demo.seeded" }, orderBy: { id: "asc" }, select: { at: true } });
  return row ? toIsoDate(row.at) : null;
}

/** The demo register as records (what a register's API would send), for the day the demo was seeded. */
export function demoRegisterRecords(municipalityId: string, seedDay: IsoDate): RegisterPerson[] {
  const rows = buildDemo({ municipalityId, today: seedDay });
  const districtName = new Map(DISTRICTS.map((d) => [`demo-district-${d.slug}`, d.name]));
  const refOf = new Map(rows.persons.map((p) => [p.id!, p.registryRef!]));
  const guardiansOf = new Map<string, string[]>();
  for (const g of rows.guardianships) guardiansOf.set(g.childId, [...(guardiansOf.get(g.childId) ?? []), refOf.get(g.guardianId)!]);
  const date = (value: Date | string | null | undefined) => (value ? toIsoDate(new Date(value)) : null);

  const records = new Map<string, RegisterPerson>();
  for (const person of rows.persons) {
    records.set(person.id!, {
      registryRef: person.registryRef!,
      givenName: person.givenName,
      familyName: person.familyName,
      birthDate: date(person.birthDate)!,
      district: person.districtId ? (districtName.get(person.districtId) ?? null) : null,
      residentFrom: date(person.residentFrom),
      residentUntil: date(person.residentUntil),
      guardians: guardiansOf.get(person.id!) ?? [],
      contactReservation: false,
    });
  }

  const changes = DEMO_REGISTER_CHANGES;
  const familyFrom = (start: number, taken: Set<number>) => {
    for (const family of rows.families) {
      if (family.index < start || taken.has(family.index)) continue;
      const members = [...family.guardians, ...family.children];
      if (members.every((m) => m.residentUntil === null && m.residentFrom < seedDay)) return { family, members };
    }
    throw new Error(`demo register: no unmoved family from number ${start}`);
  };
  const taken = new Set<number>();
  for (const move of changes.moveOuts) {
    const { family, members } = familyFrom(move.fromFamily, taken);
    taken.add(family.index);
    for (const member of members) records.get(member.id)!.residentUntil = addDays(seedDay, move.daysAfterSeed);
  }
  for (const reservation of changes.contactReservations) {
    const { family, members } = familyFrom(reservation.fromFamily, taken);
    taken.add(family.index);
    for (const member of members) records.get(member.id)!.contactReservation = true;
  }
  const result = [...records.values()];
  for (const person of changes.moveIns) {
    result.push({
      registryRef: person.registryRef,
      givenName: person.givenName,
      familyName: person.familyName,
      birthDate: person.birthDate,
      district: person.district,
      residentFrom: addDays(seedDay, -person.daysBeforeSeed),
      residentUntil: null,
      guardians: person.guardians,
      contactReservation: false,
    });
  }
  return result;
}

/** The embedded default's register for a database holding the demo; null for any other database. */
export async function demoRegisterFor(db: Database, municipalityId: string): Promise<RegisterListing | null> {
  const seedDay = await demoSeedDay(db, municipalityId);
  return seedDay === null ? null : new InMemoryRegisterListing(demoRegisterRecords(municipalityId, seedDay));
}
