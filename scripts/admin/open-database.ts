import { today, type Clock } from "../../services/clock.ts";
import type { AppConfig } from "../../services/config.ts";
import { openDatabase, type Database } from "../../services/db/database.ts";
import { migrate } from "../../services/db/migrate.ts";
import { configureMunicipality } from "../../services/municipality.ts";
import { seedDemoOnce } from "../../prisma/seed/index.ts";

/**
 * The server's database, made ready the way the server's start makes it (bot/app.ts, and
 * scripts/demo.ts for the seed): migrations applied, the municipality's row carrying the scheme in
 * force, and — where SEED_DEMO is on, as `npm start` has it — the demo municipality seeded once
 * (seedDemoOnce seeds only a municipality without clubs). So the command line on a fresh
 * embedded folder sees exactly what `npm start` would have made, and never seeds twice.
 */
export async function openAdminDatabase(config: AppConfig, clock: Clock, say: (text: string) => void): Promise<{ db: Database; municipalityId: string }> {
  const db = await openDatabase(config.database.kind === "postgresql" ? config.database : { kind: "pglite", dataDir: config.database.dataDir });
  try {
    const applied = await migrate(db);
    if (applied.length > 0) say(`database migrated (${applied.length} migration${applied.length === 1 ? "" : "s"})`);
    const { municipality } = await configureMunicipality(db, config.scheme, clock.now());
    if (config.seedDemo) {
      const { seeded } = await seedDemoOnce(db, municipality.id, today(clock, config.scheme.timeZone));
      if (seeded) say("demo municipality seeded (SEED_DEMO=false skips it)");
    }
    return { db, municipalityId: municipality.id };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
