import { existsSync } from "node:fs";
import { runService } from "../bot/main.ts";
import { seedDemoOnce } from "../prisma/seed/index.ts";
import { demoRegisterFor } from "../prisma/seed/demo-register.ts";
import identities from "../prisma/seed/demo-identities.json" with { type: "json" };

// `npm start`: the whole service with the demo municipality (prisma/seed/), seeded once on the
// first start. SEED_DEMO defaults to false for the service (production refuses it); this entry is
// the demo, so it asks for the seed unless SEED_DEMO=false is set (here or in .env).
// The production entry is bot/index.ts (`npm run serve`), which never seeds.
if (existsSync(".env")) process.loadEnvFile(".env");
process.env.SEED_DEMO ||= "true";

// Staff log in with OpenID Connect; without a configured provider the demo runs a local one
// in-process (oauth2-mock-server, a devDependency: `npm ci` installs it, a production install
// with --omit=dev has no "log in as anyone" provider at all), whose login page offers the demo's
// staff (docs/staff.md).
if (!process.env.STAFF_OIDC_ISSUER && process.env.NODE_ENV !== "production") {
  const { startStaffIdentityProvider } = await import("./staff-identity-provider.ts");
  const staff = [
    ["caseworker", identities.caseworker],
    ["admin", identities.admin],
    ["privacyOfficer", identities.privacyOfficer],
  ] as const;
  const local = await startStaffIdentityProvider(staff.map(([hint, person]) => ({ hint, objectId: person.teams, name: person.name })));
  process.env.STAFF_OIDC_ISSUER = local.issuer;
  process.env.STAFF_OIDC_CLIENT_ID = "fritidskort-local";
  process.env.STAFF_OIDC_CLIENT_SECRET = "local-staff-provider-secret";
}

// The nightly register sync reads the demo's own register unless a real one is configured. A person
// at a terminal reads pretty lines (LOG_FORMAT=json keeps JSON; `npm run serve` always logs JSON).
await runService(
  (config, logger) =>
    config.seedDemo
      ? async (db, municipalityId, today) => {
          const { seeded } = await seedDemoOnce(db, municipalityId, today);
          if (seeded) logger.info("demo municipality seeded");
        }
      : undefined,
  { register: demoRegisterFor },
  { prettyOnTerminal: true },
);
