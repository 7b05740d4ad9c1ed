import { Prisma } from "../../prisma/generated/client.ts";
import type { Tx } from "./database.ts";

/** Tables whose rows a transaction locks to serialise a decision on them. */
export type LockableTable = "AccommodationRequest" | "Activity" | "Enrollment" | "HandOff" | "LedgerAccount" | "Municipality" | "Period" | "Person" | "ChannelIdentity" | "Provider";

/**
 * `SELECT … FOR UPDATE` on one row, inside the caller's transaction: two transactions deciding about
 * the same row (the last place on an activity, confirming and cancelling one sign-up) take turns,
 * and the second sees what the first committed. `share` (`FOR SHARE`) lets many transactions that
 * only depend on the row go together, while one that changes it waits for them all (sign-ups
 * against the period's state, which expiry changes). Returns false if the row does not exist.
 */
export async function lockRow(tx: Tx, table: LockableTable, id: string, mode: "update" | "share" = "update"): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM ${Prisma.raw(`"${table}"`)} WHERE id = ${id} ${Prisma.raw(mode === "share" ? "FOR SHARE" : "FOR UPDATE")}`;
  return rows.length > 0;
}
