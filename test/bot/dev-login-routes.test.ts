import restify from "restify";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerDevLoginRoutes } from "../../bot/dev-login-routes.ts";
import { createI18n } from "../../locales/i18n.ts";
import { createLogger } from "../../services/logger.ts";
import { createLoginToken } from "../../services/identity-login.ts";
import { resolveChannelIdentity } from "../../services/identity.ts";
import { useTestDatabase } from "../support/database.ts";
import { testClock } from "../support/clock.ts";
import { createFamily, createMunicipality } from "../support/fixtures.ts";

const clock = testClock();
const ctx = useTestDatabase();
let server: restify.Server;
let base: string;

beforeAll(async () => {
  const { t } = await createI18n("nb");
  server = restify.createServer();
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  registerDevLoginRoutes(server, { db: () => ctx.db, t, defaultLanguage: "nb", logger: createLogger("silent"), clock });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the development stand-in for ID-porten (/dev/login)", () => {
  it("lists persons for a valid link, links the chat identity to the chosen one, and refuses the link a second time", async () => {
    const municipality = await createMunicipality(ctx.db.prisma);
    const { guardian } = await createFamily(ctx.db.prisma, municipality.id, ["2015-01-01"]);
    await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: "+4799999001", personId: guardian.id, verifiedAt: clock.now() } });
    const phone = "+4799999002";
    const identity = await resolveChannelIdentity(ctx.db, { channel: "SMS", address: phone, now: clock.now() });
    expect(identity.verified).toBe(false);
    const token = await createLoginToken(ctx.db, { identityId: identity.identityId, now: clock.now() });

    const page = await fetch(`${base}/dev/login?token=${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Velg hvem du er");
    expect(html).toContain(`value="${guardian.id}"`);

    const post = () => fetch(`${base}/dev/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token, personId: guardian.id }).toString() });
    const linked = await post();
    expect(linked.status).toBe(200);
    expect(await linked.text()).toContain("Du er logget inn");
    const after = await resolveChannelIdentity(ctx.db, { channel: "SMS", address: phone, now: clock.now() });
    expect(after).toMatchObject({ verified: true, person: { id: guardian.id } });
    expect(after.children).toHaveLength(1);
    expect(await ctx.db.prisma.auditLog.count({ where: { action: "identity.linked", entityId: identity.identityId } })).toBe(1);

    expect((await post()).status).toBe(410);
    expect((await fetch(`${base}/dev/login?token=${token}`)).status).toBe(410);
  });

  it("answers a malformed link with 400 and no persons", async () => {
    const response = await fetch(`${base}/dev/login?token=short`);
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain("<form");
  });
});
