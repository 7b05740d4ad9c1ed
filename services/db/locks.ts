import { Prisma } from "../../prisma/generated/client.ts";
import type { Tx } from "./database.ts";

/** Tables whose rows a transaction locks to serialise a decision on them. */
export type LockableTable = "AccommodationRequest" | "Activity" | "Enrollment" | "LedgerAccount" | "Period" | "Person" | "ChannelIdentity" | "Provider";

/**
 * `SELECT … FOR UPDATE` on one row, inside the caller's transaction: two transactions deciding about
 * the same row (the last place on an activity, confirming and cancelling one sign-up) take turns,
 * and the second sees what the first committed. Returns false if the row does not exist.
 */
export async function lockRow(tx: Tx, table: LockableTable, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM ${Prisma.raw(`"${table}"`)} WHERE id = ${id} FOR UPDATE`;
  return rows.length > 0;
}
