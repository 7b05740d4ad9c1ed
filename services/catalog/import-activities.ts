import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { lockRow } from "../db/locks.ts";
import { recordAudit } from "../audit.ts";
import { AppError } from "../errors.ts";
import { ActivityRow, describeIssues } from "./import-rows.ts";
import type { ImportPlan, ImportRecord, RowOutcome } from "./import-providers.ts";

/** A valid activity row with what the database resolved for it. */
export interface PlannedActivity {
  row: ActivityRow;
  providerId: string;
  districtId: string | null;
}

const keyOf = (orgNumber: string, title: string) => `${orgNumber}\u0000${title.toLocaleLowerCase("nb")}`;

/**
 * Reads only: each record checked against the row schema, its club (by organisation number, in
 * this municipality) and its district (by name or a spelling people use, from the database). An
 * activity is keyed by its club and its title (in the default language, case aside): the same key
 * twice in one file is an error on the second line.
 */
export async function planActivityImport(db: Database, options: { municipalityId: string; records: ImportRecord[] }): Promise<ImportPlan<PlannedActivity>> {
  const [providers, districts] = await Promise.all([
    db.prisma.provider.findMany({ where: { municipalityId: options.municipalityId }, select: { id: true, orgNumber: true } }),
    db.prisma.district.findMany({ where: { municipalityId: options.municipalityId }, select: { id: true, name: true, aliases: true } }),
  ]);
  const providerByOrg = new Map(providers.map((provider) => [provider.orgNumber, provider.id]));
  const districtByName = new Map<string, string>();
  for (const district of districts) for (const name of [district.name, ...district.aliases]) districtByName.set(name.toLocaleLowerCase("nb"), district.id);

  const plan: ImportPlan<PlannedActivity> = { rows: [], errors: [] };
  const seen = new Map<string, number>();
  for (const { line, record } of options.records) {
    const parsed = ActivityRow.safeParse(record);
    if (!parsed.success) {
      plan.errors.push({ line, reason: describeIssues(parsed.error) });
      continue;
    }
    const row = parsed.data;
    const problems: string[] = [];
    const providerId = providerByOrg.get(row.org_number);
    if (!providerId) problems.push(`org_number: no club with organisation number ${row.org_number} (import the providers first)`);
    const districtId = row.district ? districtByName.get(row.district.toLocaleLowerCase("nb")) : null;
    if (districtId === undefined) problems.push(`district: "${row.district}" is not a district of the municipality (${districts.map((district) => district.name).join(", ")})`);
    const first = seen.get(keyOf(row.org_number, row.title));
    if (first !== undefined) problems.push(`title: "${row.title}" of ${row.org_number} is also on line ${first}`);
    if (problems.length > 0 || !providerId || districtId === undefined) {
      plan.errors.push({ line, reason: problems.join("; ") });
      continue;
    }
    seen.set(keyOf(row.org_number, row.title), line);
    plan.rows.push({ line, row: { row, providerId, districtId } });
  }
  return plan;
}

export interface ImportActivityOptions {
  municipalityId: string;
  activity: PlannedActivity;
  actorId: string | null;
  via: string;
  now: Date;
}

/**
 * Use case: one activity from the activities file, upserted by (club, title), with its audit row,
 * in one transaction. A new activity waits for approval. The same row twice changes nothing.
 * The scheme forbids raising prices because of the card: a higher fee on an APPROVED activity is
 * refused (the row is reported, nothing of it applied); a lower fee is applied. A changed category
 * or number of sessions sends an approved activity back to PENDING: the rules it was approved on
 * no longer describe it.
 */
export async function importActivity(db: Database, options: ImportActivityOptions): Promise<RowOutcome> {
  const { activity: planned, municipalityId, now } = options;
  const { row } = planned;
  const fields = {
    category: row.category,
    title: row.title,
    description: row.description,
    minAge: row.min_age,
    maxAge: row.max_age,
    weekdays: row.weekdays,
    startTime: row.start_time,
    durationMinutes: row.duration_minutes,
    districtId: planned.districtId,
    address: row.address,
    sessionsPerPeriod: row.sessions,
    feeOre: row.fee_nok,
    capacity: row.capacity,
    accessibility: row.accessibility ?? null,
  };
  const translation = row.title_en && row.description_en ? { language: "en", title: row.title_en, description: row.description_en } : null;
  return inTransaction(db, async (tx) => {
    const provider = await tx.provider.findUnique({ where: { id: planned.providerId }, select: { municipalityId: true } });
    if (!provider || provider.municipalityId !== municipalityId) throw new AppError("NOT_FOUND", `no club with organisation number ${row.org_number}`);
    const matches = await tx.activity.findMany({ where: { providerId: planned.providerId, title: { equals: row.title, mode: "insensitive" } }, select: { id: true } });
    if (matches.length > 1) return { outcome: "refused", id: matches[0]!.id, reason: `the club has ${matches.length} activities titled "${row.title}": rename one first` };
    if (matches.length === 0) {
      const created = await tx.activity.create({ data: { providerId: planned.providerId, ...fields, createdAt: now, ...(translation ? { translations: { create: translation } } : {}) }, select: { id: true } });
      await recordAudit(tx, { municipalityId, actorId: options.actorId, action: "activity.imported", entityType: "Activity", entityId: created.id, data: { orgNumber: row.org_number, via: options.via }, at: now });
      return { outcome: "created", id: created.id };
    }
    const id = matches[0]!.id;
    await lockRow(tx, "Activity", id);
    const existing = await tx.activity.findUniqueOrThrow({ where: { id }, include: { translations: { where: { language: "en" } } } });
    if (existing.approvalState === "APPROVED" && fields.feeOre > existing.feeOre) {
      return { outcome: "refused", id, reason: `fee_nok: raised from ${nok(existing.feeOre)} to ${nok(fields.feeOre)} NOK on an approved activity; the scheme forbids raising prices because of the card (nothing of this row was applied)` };
    }
    const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((key) => JSON.stringify(existing[key]) !== JSON.stringify(fields[key]));
    const current = existing.translations[0];
    const translationChanged = translation !== null && (current?.title !== translation.title || current?.description !== translation.description);
    if (changed.length === 0 && !translationChanged) return { outcome: "unchanged", id };
    const backToPending = existing.approvalState === "APPROVED" && (changed.includes("category") || changed.includes("sessionsPerPeriod"));
    await tx.activity.update({ where: { id }, data: { ...fields, ...(backToPending ? { approvalState: "PENDING" } : {}) } });
    if (translation) {
      await tx.activityTranslation.upsert({ where: { activityId_language: { activityId: id, language: "en" } }, create: { activityId: id, ...translation }, update: { title: translation.title, description: translation.description } });
    }
    await recordAudit(tx, {
      municipalityId,
      actorId: options.actorId,
      action: "activity.updated",
      entityType: "Activity",
      entityId: id,
      data: { changed: translationChanged ? [...changed, "translation.en"] : changed, via: options.via, ...(changed.includes("feeOre") ? { feeOre: { from: existing.feeOre, to: fields.feeOre } } : {}), ...(backToPending ? { approvalState: { from: "APPROVED", to: "PENDING" } } : {}) },
      at: now,
    });
    return { outcome: "updated", id };
  });
}

const nok = (ore: number) => (ore % 100 === 0 ? String(ore / 100) : (ore / 100).toFixed(2));
