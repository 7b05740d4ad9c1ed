import type { Database } from "../../services/db/database.ts";
import { fromIsoDate, type IsoDate } from "../../services/dates.ts";
import { recordAudit } from "../../services/audit.ts";
import { inTransaction } from "../../services/db/transaction.ts";
import { seedDemo } from "./demo.ts";
import { schemeOf } from "../../services/municipality.ts";
import { allocatePeriod } from "../../services/ledger/allocate.ts";
import { periodContaining } from "../../services/periods.ts";

// Any constant: two processes starting on one empty PostgreSQL database seed it once.
const SEED_LOCK_KEY = 7_301_2027;

/**
 * Seeds the demo municipality unless it already has data: a restart, or a second process, never
 * seeds twice. All or nothing: one transaction, with its audit row.
 */
export async function seedDemoOnce(db: Database, municipalityId: string, today: IsoDate): Promise<{ seeded: boolean }> {
  const result = await inTransaction(
    db,
    async (tx) => {
      if (db.kind === "postgresql") await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
      const existing = await tx.provider.count({ where: { municipalityId } });
      if (existing > 0) return { seeded: false };
      const summary = await seedDemo(tx, { municipalityId, today });
      await recordAudit(tx, { municipalityId, actorId: null, action: "demo.seeded", entityType: "Municipality", entityId: municipalityId, data: { ...summary }, at: fromIsoDate(today) });
      return { seeded: true };
    },
    { timeoutMs: 120_000 },
  );
  // The demo families should have money on their cards at once: allocate the current period.
  // (A real municipality's admin allocates through the admin API; re-running is harmless.)
  if (result.seeded) {
    const scheme = schemeOf(await db.prisma.municipality.findUniqueOrThrow({ where: { id: municipalityId } }));
    const period = periodContaining(today, scheme);
    if (period) await allocatePeriod(db, { municipalityId, period, scheme, today, now: fromIsoDate(today) });
  }
  return result;
}
