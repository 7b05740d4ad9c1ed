import { describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../prisma/seed/index.ts";
import { eventually, useApp } from "./channels/support/app.ts";
import { staffSessionCookie } from "../support/staff-login.ts";
import identities from "../../prisma/seed/demo-identities.json" with { type: "json" };

const TOKEN = "test-admin-token-0123456789abcdef";
const ctx = useApp({ ADMIN_API_TOKEN: TOKEN, TOKEN_SECRET: "approval-routes-test-secret-0123456789" }, { prepare: seedDemoOnce });

/** A decision on the scheme's rules is an administrator's: the demo admin, logged in. */
const admin = (path: string, init: RequestInit = {}, personId = identities.admin.personId) =>
  fetch(`${ctx.app.url}${path}`, { ...init, headers: { cookie: staffSessionCookie(ctx, personId), "content-type": "application/json", ...init.headers } });
const withToken = (path: string, init: RequestInit = {}, token = TOKEN) =>
  fetch(`${ctx.app.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers } });

interface Pending {
  id: string;
  title: string;
  provider: { name: string; orgNumber: string };
  problems: { rule: string; message: string }[];
}

describe("approvals in the admin API", () => {
  it("refuses no login and a wrong token, and refuses the machine token and a caseworker: a decision is an administrator's", async () => {
    expect((await fetch(`${ctx.app.url}/admin/activities/pending`)).status).toBe(401);
    expect((await withToken("/admin/providers/999900017/approve", { method: "POST", body: "{}" }, "wrong-token-wrong-token-wrong-xx")).status).toBe(401);
    expect((await withToken("/admin/providers/999900017/approve", { method: "POST", body: "{}" })).status).toBe(403);
    expect((await admin("/admin/activities/pending", {}, identities.caseworker.personId)).status).toBe(403);
  });

  it("lists the demo's pending activities and approves one; the club's contact gets the notice on their phone, in their language", async () => {
    const pending = (await (await admin("/admin/activities/pending")).json()) as { activities: Pending[] };
    const basketball = pending.activities.find((activity) => activity.provider.name === "Tårnåsen Basketballklubb");
    expect(basketball).toBeDefined();
    expect(basketball!.problems).toEqual([]);
    const waiting = pending.activities.find((activity) => activity.provider.name === "Stjerneskudd Turn og Cheer");
    expect(waiting!.problems).toContainEqual(expect.objectContaining({ rule: "provider-not-approved", message: "the club is not approved (PENDING)" }));

    const response = await admin(`/admin/activities/${basketball!.id}/approve`, { method: "POST", body: JSON.stringify({ reason: "alle krav oppfylt" }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "approved", id: basketball!.id, told: 1 });
    // Recorded as the administrator's own decision.
    const decided = await ctx.app.db!.prisma.auditLog.findFirstOrThrow({ where: { entityId: basketball!.id, action: { contains: "approved" } } });
    expect(decided.actorId).toBe(identities.admin.personId);

    const contact = await ctx.app.db!.prisma.channelIdentity.findFirstOrThrow({ where: { channel: "SMS", person: { providerContacts: { some: { provider: { name: "Tårnåsen Basketballklubb" } } } } } });
    const received = await eventually("the club's notice on the simulated phone", async () => {
      const messages = (await (await fetch(`${ctx.app.url}/dev/sms/messages?to=${encodeURIComponent(contact.address)}`)).json()) as { body: string }[];
      return messages.find((message) => message.body.includes("is approved for Fritidskortet"));
    });
    // In English, with the activity's English title where the catalogue has one.
    const english = await ctx.app.db!.prisma.activityTranslation.findUniqueOrThrow({ where: { activityId_language: { activityId: basketball!.id, language: "en" } } });
    expect(received.body).toBe(`"${english.title}" (Tårnåsen Basketballklubb) is approved for Fritidskortet. Children can now pay with the card.`);
  });

  it("answers a decision the rules refuse with 422 and the rules, and a rejection without a reason with 400", async () => {
    const pending = (await (await admin("/admin/activities/pending")).json()) as { activities: Pending[] };
    const waiting = pending.activities.find((activity) => activity.provider.name === "Stjerneskudd Turn og Cheer")!;
    const refused = await admin(`/admin/activities/${waiting.id}/approve`, { method: "POST", body: "{}" });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ error: "APPROVAL_REFUSED", problems: [expect.objectContaining({ rule: "provider-not-approved" })] });
    const bare = await admin(`/admin/providers/${waiting.provider.orgNumber}/reject`, { method: "POST", body: "{}" });
    expect(bare.status).toBe(400);
    expect((await admin("/admin/providers/123/approve", { method: "POST", body: "{}" })).status).toBe(400);
    expect((await admin(`/admin/providers/${waiting.provider.orgNumber}/suspend`, { method: "POST", body: "{}" })).status).toBe(400);
  });
});
