import type { Prisma } from "../../prisma/generated/client.ts";
import { recordAudits, type AuditEntry } from "../audit.ts";
import type { Database, Tx } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { fromIsoDate, toIsoDate, type IsoDate } from "../dates.ts";
import type { RegisterListing, RegisterPerson, SkippedRecord } from "./population-register.ts";

export interface SyncRegistryOptions {
  municipalityId: string;
  register: RegisterListing;
  /** The service's clock: audit rows and new rows' creation time. */
  now: Date;
  /** Persons per transaction. */
  batchSize?: number;
  /** Told as pages arrive (the total is unknown until the last one). */
  onPage?(page: number, persons: number, skipped: number): void;
  /** Told once every page is in, before anything is written: how many persons will be compared. */
  onWriteStart?(total: number): void;
  /** Told after each batch: how many persons it held. */
  onWritten?(persons: number): void;
}

export interface SyncRegistryResult {
  /** Valid records the register listed. */
  listed: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Persons who became resident (new, or a residence that starts or starts again). */
  movedIn: number;
  /** Persons whose residence ended (residentUntil set): their rows stay; they stop being eligible. */
  movedOut: number;
  reservationsChanged: number;
  guardianshipsAdded: number;
  guardianshipsRemoved: number;
  /** Records skipped as unreadable (with why), or repeated, or belonging to another municipality. */
  skipped: SkippedRecord[];
  /** District names the register used that the municipality does not have, with how many persons. */
  unknownDistricts: Record<string, number>;
  /** Guardian references that name nobody listed or known: the pair was left out. */
  unknownGuardians: number;
  /** Persons we hold with a register reference the register did not list this time: left as they are. */
  notListed: number;
  /** True when nothing was written: the database already agreed with the register. */
  noChanges: boolean;
}

type PersonFields = {
  givenName: string;
  familyName: string;
  birthDate: IsoDate | null;
  residentFrom: IsoDate | null;
  residentUntil: IsoDate | null;
  districtId: string | null;
  contactReserved: boolean;
};

const FIELDS = ["givenName", "familyName", "birthDate", "residentFrom", "residentUntil", "districtId", "contactReserved"] as const;

/**
 * Use case: bring the municipality's persons in line with the population register — persons (by
 * `registryRef`), birth date, residence (moves in and out, which is what eligibility reads), district,
 * the contact reservation, and guardianship (which comes only from here). In batches, each one
 * transaction with an audit row per change; nothing is deleted but a guardianship the register no
 * longer lists (a person who moved out keeps every row the ledger needs; only `residentUntil` is set).
 * Idempotent: the same register twice writes nothing the second time, so an interrupted run is
 * simply run again.
 */
export async function syncRegistry(db: Database, options: SyncRegistryOptions): Promise<SyncRegistryResult> {
  const { municipalityId, now } = options;
  const batchSize = options.batchSize ?? 500;
  const municipality = await db.prisma.municipality.findUniqueOrThrow({ where: { id: municipalityId }, select: { number: true } });
  const districtIdOf = await districtLookup(db, municipalityId);

  // 1. Read every page first: guardians may be listed on a later page than their children.
  const records = new Map<string, RegisterPerson>();
  const skipped: SkippedRecord[] = [];
  let pageCount = 0;
  for await (const page of options.register.pages(municipality.number)) {
    pageCount += 1;
    page.persons.forEach((person, index) => {
      if (records.has(person.registryRef)) {
        skipped.push({ registryRef: person.registryRef, page: pageCount, index, reason: "listed twice: the first record kept" });
      } else {
        records.set(person.registryRef, person);
      }
    });
    skipped.push(...page.skipped);
    options.onPage?.(pageCount, page.persons.length, page.skipped.length);
  }

  const result: SyncRegistryResult = {
    listed: records.size,
    created: 0,
    updated: 0,
    unchanged: 0,
    movedIn: 0,
    movedOut: 0,
    reservationsChanged: 0,
    guardianshipsAdded: 0,
    guardianshipsRemoved: 0,
    skipped,
    unknownDistricts: {},
    unknownGuardians: 0,
    notListed: 0,
    noChanges: true,
  };
  const listed = [...records.values()];
  options.onWriteStart?.(listed.length * 2);

  // 2. Persons, batch by batch. Ids of every listed person are kept for the guardianships.
  const idByRef = new Map<string, string>();
  for (let start = 0; start < listed.length; start += batchSize) {
    const batch = listed.slice(start, start + batchSize);
    // A transaction retried from scratch reports once: the delta is merged after it commits.
    const delta = await inTransaction(db, (tx) => writePersons(tx, { municipalityId, now, batch, districtIdOf, idByRef: new Map<string, string>() }), { timeoutMs: 60_000 });
    for (const [ref, id] of delta.ids) idByRef.set(ref, id);
    for (const key of ["created", "updated", "unchanged", "movedIn", "movedOut", "reservationsChanged"] as const) result[key] += delta.counts[key];
    result.skipped.push(...delta.skipped);
    for (const [name, n] of Object.entries(delta.unknownDistricts)) result.unknownDistricts[name] = (result.unknownDistricts[name] ?? 0) + n;
    options.onWritten?.(batch.length);
  }

  // 3. Guardianships, once every person exists: the register's list is the whole truth for each listed child.
  for (let start = 0; start < listed.length; start += batchSize) {
    const batch = listed.slice(start, start + batchSize);
    const delta = await inTransaction(db, (tx) => writeGuardianships(tx, { municipalityId, now, batch, idByRef }), { timeoutMs: 60_000 });
    result.guardianshipsAdded += delta.added;
    result.guardianshipsRemoved += delta.removed;
    result.unknownGuardians += delta.unknownGuardians;
    options.onWritten?.(batch.length);
  }

  const held = await db.prisma.person.findMany({ where: { municipalityId, registryRef: { not: null } }, select: { registryRef: true } });
  result.notListed = held.filter((p) => !records.has(p.registryRef!)).length;
  result.noChanges = result.created + result.updated + result.guardianshipsAdded + result.guardianshipsRemoved === 0;
  return result;
}

/** A district by its name or one of its spellings, case-insensitive. */
async function districtLookup(db: Database, municipalityId: string): Promise<(name: string) => string | undefined> {
  const districts = await db.prisma.district.findMany({ where: { municipalityId }, select: { id: true, name: true, aliases: true } });
  const byName = new Map<string, string>();
  for (const d of districts) for (const name of [d.name, ...d.aliases]) byName.set(name.trim().toLowerCase(), d.id);
  return (name) => byName.get(name.trim().toLowerCase());
}

async function writePersons(
  tx: Tx,
  ctx: { municipalityId: string; now: Date; batch: RegisterPerson[]; districtIdOf: (name: string) => string | undefined; idByRef: Map<string, string> },
) {
  const { municipalityId, now, batch } = ctx;
  const skipped: SkippedRecord[] = [];
  const unknownDistricts: Record<string, number> = {};
  const existing = await tx.person.findMany({
    where: { registryRef: { in: batch.map((p) => p.registryRef) } },
    select: { id: true, municipalityId: true, registryRef: true, givenName: true, familyName: true, birthDate: true, residentFrom: true, residentUntil: true, districtId: true, contactReserved: true },
  });
  const byRef = new Map(existing.map((row) => [row.registryRef!, row]));
  const audits: AuditEntry[] = [];
  const creates: Prisma.PersonCreateManyInput[] = [];
  const counts = { created: 0, updated: 0, unchanged: 0, movedIn: 0, movedOut: 0, reservationsChanged: 0 };

  for (const [index, record] of batch.entries()) {
    const row = byRef.get(record.registryRef);
    if (row && row.municipalityId !== municipalityId) {
      skipped.push({ registryRef: record.registryRef, page: 0, index, reason: "the reference belongs to a person of another municipality" });
      continue;
    }
    let districtId: string | null = null;
    if (record.district !== null) {
      const found = ctx.districtIdOf(record.district);
      if (found === undefined) {
        unknownDistricts[record.district] = (unknownDistricts[record.district] ?? 0) + 1;
        // Keep what we had rather than forget the district: the municipality adds the new one, then syncs again.
        districtId = row?.districtId ?? null;
      } else {
        districtId = found;
      }
    }
    const wanted: PersonFields = {
      givenName: record.givenName,
      familyName: record.familyName,
      birthDate: record.birthDate,
      residentFrom: record.residentFrom,
      residentUntil: record.residentUntil,
      districtId,
      contactReserved: record.contactReservation,
    };

    if (!row) {
      creates.push({ municipalityId, registryRef: record.registryRef, ...asColumns(wanted), createdAt: now });
      counts.created += 1;
      if (wanted.residentFrom !== null && wanted.residentUntil === null) counts.movedIn += 1;
      if (wanted.contactReserved) counts.reservationsChanged += 1;
      continue;
    }
    ctx.idByRef.set(record.registryRef, row.id);
    const had: PersonFields = {
      givenName: row.givenName,
      familyName: row.familyName,
      birthDate: row.birthDate ? toIsoDate(row.birthDate) : null,
      residentFrom: row.residentFrom ? toIsoDate(row.residentFrom) : null,
      residentUntil: row.residentUntil ? toIsoDate(row.residentUntil) : null,
      districtId: row.districtId,
      contactReserved: row.contactReserved,
    };
    const changed = FIELDS.filter((field) => had[field] !== wanted[field]);
    if (changed.length === 0) {
      counts.unchanged += 1;
      continue;
    }
    await tx.person.update({ where: { id: row.id }, data: asColumns(wanted) });
    counts.updated += 1;
    const wasResident = had.residentFrom !== null && had.residentUntil === null;
    const isResident = wanted.residentFrom !== null && wanted.residentUntil === null;
    if (!wasResident && isResident) counts.movedIn += 1;
    if (had.residentUntil === null && wanted.residentUntil !== null) counts.movedOut += 1;
    if (changed.includes("contactReserved")) counts.reservationsChanged += 1;
    audits.push({
      municipalityId,
      actorId: null,
      action: "person.registry-updated",
      entityType: "Person",
      entityId: row.id,
      // Field names, and the residence dates and district that decide eligibility: never names.
      data: { fields: changed, residentFrom: wanted.residentFrom, residentUntil: wanted.residentUntil, districtId: wanted.districtId, contactReserved: wanted.contactReserved },
      at: now,
    });
  }

  if (creates.length > 0) {
    const made = await tx.person.createManyAndReturn({ data: creates, select: { id: true, registryRef: true, residentFrom: true, residentUntil: true, districtId: true, contactReserved: true } });
    for (const person of made) {
      ctx.idByRef.set(person.registryRef!, person.id);
      audits.push({
        municipalityId,
        actorId: null,
        action: "person.registry-created",
        entityType: "Person",
        entityId: person.id,
        data: {
          residentFrom: person.residentFrom ? toIsoDate(person.residentFrom) : null,
          residentUntil: person.residentUntil ? toIsoDate(person.residentUntil) : null,
          districtId: person.districtId,
          contactReserved: person.contactReserved,
        },
        at: now,
      });
    }
  }
  await recordAudits(tx, audits);
  return { counts, skipped, unknownDistricts, ids: ctx.idByRef };
}

function asColumns(fields: PersonFields) {
  return {
    givenName: fields.givenName,
    familyName: fields.familyName,
    birthDate: fields.birthDate ? fromIsoDate(fields.birthDate) : null,
    residentFrom: fields.residentFrom ? fromIsoDate(fields.residentFrom) : null,
    residentUntil: fields.residentUntil ? fromIsoDate(fields.residentUntil) : null,
    districtId: fields.districtId,
    contactReserved: fields.contactReserved,
  };
}

async function writeGuardianships(
  tx: Tx,
  ctx: { municipalityId: string; now: Date; batch: RegisterPerson[]; idByRef: Map<string, string> },
): Promise<{ added: number; removed: number; unknownGuardians: number }> {
  const { municipalityId, now, batch, idByRef } = ctx;
  // Guardians the register names but did not list this time may still be persons we hold.
  const missing = [...new Set(batch.flatMap((p) => p.guardians).filter((ref) => !idByRef.has(ref)))];
  const known = missing.length === 0 ? [] : await tx.person.findMany({ where: { municipalityId, registryRef: { in: missing } }, select: { id: true, registryRef: true } });
  const guardianIdOf = new Map([...known.map((p) => [p.registryRef!, p.id] as const)]);
  const lookup = (ref: string) => idByRef.get(ref) ?? guardianIdOf.get(ref);

  const children = batch.map((p) => ({ childId: idByRef.get(p.registryRef), guardians: p.guardians })).filter((c): c is { childId: string; guardians: string[] } => c.childId !== undefined);
  const existing = await tx.guardianship.findMany({ where: { childId: { in: children.map((c) => c.childId) } }, select: { guardianId: true, childId: true } });
  const have = new Set(existing.map((g) => `${g.guardianId}:${g.childId}`));
  const want = new Set<string>();
  let unknownGuardians = 0;
  for (const child of children) {
    for (const ref of child.guardians) {
      const guardianId = lookup(ref);
      if (guardianId === undefined) unknownGuardians += 1;
      else want.add(`${guardianId}:${child.childId}`);
    }
  }
  const added = [...want].filter((pair) => !have.has(pair)).map(splitPair);
  const removed = [...have].filter((pair) => !want.has(pair)).map(splitPair);
  if (added.length > 0) await tx.guardianship.createMany({ data: added.map((g) => ({ ...g, createdAt: now })), skipDuplicates: true });
  if (removed.length > 0) await tx.guardianship.deleteMany({ where: { OR: removed } });
  await recordAudits(tx, [
    ...added.map((g) => ({ municipalityId, actorId: null, action: "guardianship.registry-added", entityType: "Guardianship", entityId: `${g.guardianId}:${g.childId}`, data: { ...g }, at: now })),
    ...removed.map((g) => ({ municipalityId, actorId: null, action: "guardianship.registry-removed", entityType: "Guardianship", entityId: `${g.guardianId}:${g.childId}`, data: { ...g }, at: now })),
  ]);
  return { added: added.length, removed: removed.length, unknownGuardians };
}

function splitPair(pair: string): { guardianId: string; childId: string } {
  const [guardianId, childId] = pair.split(":") as [string, string];
  return { guardianId, childId };
}
