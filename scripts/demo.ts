import { existsSync } from "node:fs";
import { runService } from "../bot/main.ts";
import { seedDemoOnce } from "../prisma/seed/index.ts";
import { demoRegisterFor } from "../prisma/seed/demo-register.ts";

// `npm start`: the whole service with the demo municipality (prisma/seed/), seeded once on the
// first start. SEED_DEMO defaults to false for the service (production refuses it); this entry is
// the demo, so it asks for the seed unless SEED_DEMO=false is set (here or in .env).
// The production entry is bot/index.ts (`npm run serve`), which never seeds.
if (existsSync(".env")) process.loadEnvFile(".env");
process.env.SEED_DEMO ||= "true";

// The nightly register sync reads the demo's own register unless a real one is configured.
await runService(
  (config, logger) =>
    config.seedDemo
      ? async (db, municipalityId, today) => {
          const { seeded } = await seedDemoOnce(db, municipalityId, today);
          if (seeded) logger.info("demo municipality seeded");
        }
      : undefined,
  { register: demoRegisterFor },
);
