import { runService } from "../bot/main.ts";
import { seedDemoOnce } from "../prisma/seed/index.ts";

// `npm start`: the whole service with the demo municipality (prisma/seed/), seeded once on the
// first start unless SEED_DEMO=false. The production entry is bot/index.ts, which never seeds.
await runService((config, logger) =>
  config.seedDemo
    ? async (db, municipalityId, today) => {
        const { seeded } = await seedDemoOnce(db, municipalityId, today);
        if (seeded) logger.info("demo municipality seeded");
      }
    : undefined,
);
