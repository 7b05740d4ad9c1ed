import type { Database } from "../db/database.ts";

/**
 * Use case (reads only): the children whose families the period-start outreach reached in a
 * period, for the evaluation report's "uptake among reached and not reached families"; null when
 * no outreach was run for the period (the report then says there is no outreach data).
 */
export async function findReachedChildren(db: Database, options: { periodId: string }): Promise<string[] | null> {
  // A period belongs to one municipality: its id is enough.
  const rows = await db.prisma.outreachMessage.findMany({ where: { kind: "PERIOD_START", periodId: options.periodId }, select: { childId: true, status: true } });
  if (rows.length === 0) return null;
  return rows.filter((row) => row.status === "REACHED").map((row) => row.childId);
}
