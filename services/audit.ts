import type { Prisma } from "../prisma/generated/client.ts";
import type { Tx } from "./db/database.ts";

export interface AuditEntry {
  municipalityId?: string | null;
  /** The person who did it; null for the system (start-up, scheduled jobs). */
  actorId: string | null;
  action: string; // enrollment.created
  entityType: string;
  entityId: string;
  /** Ids and codes, never names, phone numbers or health details. */
  data?: Prisma.InputJsonValue;
  /** When it happened, by the service's clock (docs/architecture.md: one clock), never the database's. */
  at: Date;
}

/** Writes the audit row of a state change; call it with the same transaction as the change. Returns the row's id. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<string> {
  const row = await tx.auditLog.create({ data: auditRow(entry), select: { id: true } });
  return String(row.id);
}

/** Writes many audit rows in one statement (a batch of changes, e.g. the register sync), in the changes' transaction. */
export async function recordAudits(tx: Tx, entries: AuditEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const result = await tx.auditLog.createMany({ data: entries.map(auditRow) });
  return result.count;
}

/** The row an entry writes (one mapping for the single and the batch form). */
function auditRow(entry: AuditEntry) {
  return {
    municipalityId: entry.municipalityId ?? null,
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    at: entry.at,
    ...(entry.data === undefined ? {} : { data: entry.data }),
  };
}
