import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../bot/app.ts";
import { loadConfig } from "../../services/config.ts";
import { createLogger } from "../../services/logger.ts";
import { createTestDatabaseTarget } from "../support/database.ts";
import { testClock } from "../support/clock.ts";
import { seedDemoOnce } from "../../prisma/seed/index.ts";
import identities from "../../prisma/seed/demo-identities.json" with { type: "json" };

const logger = createLogger("silent");
// A fresh data folder means initdb, migrations, the demo seed, allocation and NLU training: seconds
// alone, much longer on a loaded 2-core machine.
const STARTUP_MS = 180_000;
let target: Awaited<ReturnType<typeof createTestDatabaseTarget>>;

function configFor(extra: Record<string, string> = {}) {
  const base = { PORT: "0", LOG_LEVEL: "silent", NODE_ENV: "test", SEED_DEMO: "true", ...extra };
  const config = loadConfig(base);
  return { ...config, database: target.target };
}

beforeAll(async () => {
  target = await createTestDatabaseTarget();
});
afterAll(async () => {
  await target.dispose();
});

describe("the service", () => {
  let app: App;
  afterAll(async () => app?.stop());

  it("answers /healthz 503 while starting, 200 once migrated and seeded", async () => {
    let open!: () => void;
    app = await startApp(configFor(), { logger, clock: testClock(), prepare: seedDemoOnce, startupGate: new Promise((resolve) => (open = resolve)) });
    const early = await fetch(`${app.url}/healthz`);
    expect(early.status).toBe(503);
    expect(await early.json()).toEqual({ status: "starting" });
    expect((await fetch(`${app.url}/api/messages`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } })).status).toBe(503);
    open();
    await app.ready;
    const later = await fetch(`${app.url}/healthz`);
    expect(later.status).toBe(200);
    expect(await later.json()).toEqual({ status: "ok" });
  }, STARTUP_MS);

  it("holds the demo municipality with its identities", async () => {
    const prisma = app.db!.prisma;
    expect(await prisma.provider.count()).toBeGreaterThanOrEqual(40);
    expect(await prisma.activity.count()).toBeGreaterThanOrEqual(120);
    const parent = await prisma.channelIdentity.findUnique({ where: { channel_address: { channel: "SMS", address: identities.parent.phone } } });
    expect(parent?.verifiedAt).not.toBeNull();
    const period = await prisma.period.findFirst({ where: { code: "2026-autumn" } });
    expect(period).toMatchObject({ amountOre: 100_000, state: "OPEN" });
  });

  it("answers a Bot Framework message in the user's language, through the real adapter", async () => {
    const response = await fetch(`${app.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "message",
        id: "a1",
        text: "hello",
        locale: "en-GB",
        channelId: "emulator",
        serviceUrl: "http://127.0.0.1:1",
        deliveryMode: "expectReplies",
        conversation: { id: "conv-en" },
        from: { id: "user-en" },
        recipient: { id: "bot" },
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { activities: { text: string }[] };
    expect(body.activities[0]!.text).toContain("NOK 1,000 each half-year");
    expect(await app.db!.prisma.conversationState.count()).toBeGreaterThan(0);
  });

  it("never resolves an SMS or web chat identity from /api/messages, whatever the activity's channelId says", async () => {
    const ask = (channelId: string, from: Record<string, string>) =>
      fetch(`${app.url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "message", id: `b-${channelId}`, text: "hva er saldoen?", locale: "nb-NO", channelId, serviceUrl: "http://127.0.0.1:1", deliveryMode: "expectReplies", conversation: { id: `conv-${channelId}` }, from, recipient: { id: "bot" } }),
      });
    // The demo parent's verified phone, posing as SMS and as web chat: refused, nothing of the family's.
    for (const channelId of ["sms", "webchat", "directline", "test"]) {
      const refused = await ask(channelId, { id: identities.parent.phone });
      expect(refused.status).toBe(403);
      const text = await refused.text();
      expect(text).toContain("is not served here");
      expect(text).not.toContain("Jonas");
    }
    // As Teams, the phone number is only a Teams user id: a stranger, not the family.
    const teams = await ask("msteams", { id: identities.parent.phone, aadObjectId: identities.parent.phone });
    expect(teams.status).toBe(200);
    const replies = ((await teams.json()) as { activities: { text?: string }[] }).activities.map((activity) => activity.text ?? "").join("\n");
    expect(replies).not.toContain("Jonas");
    expect(await app.db!.prisma.channelIdentity.count({ where: { channel: "TEAMS", address: identities.parent.phone } })).toBe(1);
  });

  it("keeps its data and does not seed twice after a restart", async () => {
    const providers = await app.db!.prisma.provider.count();
    await app.stop();
    app = await startApp(configFor(), { logger, clock: testClock(), prepare: seedDemoOnce });
    await app.ready;
    expect(await app.db!.prisma.provider.count()).toBe(providers);
    expect(await app.db!.prisma.auditLog.count({ where: { action: "demo.seeded" } })).toBe(1);
    expect(await app.db!.prisma.auditLog.count({ where: { action: "municipality.created" } })).toBe(1);
  }, STARTUP_MS);

  it("records a change of the scheme's configuration, but not the running period's amount", async () => {
    await app.stop();
    app = await startApp(configFor({ AMOUNT_PER_PERIOD_NOK: "1200" }), { logger, clock: testClock(), prepare: seedDemoOnce });
    await app.ready;
    const prisma = app.db!.prisma;
    expect(await prisma.municipality.findFirst()).toMatchObject({ amountPerPeriodOre: 120_000 });
    expect(await prisma.auditLog.count({ where: { action: "municipality.reconfigured" } })).toBe(1);
    expect(await prisma.period.findFirst({ where: { code: "2026-autumn" } })).toMatchObject({ amountOre: 100_000 });
  }, STARTUP_MS);
});
