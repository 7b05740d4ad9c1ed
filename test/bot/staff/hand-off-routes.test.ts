import { describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../../prisma/seed/index.ts";
import identities from "../../../prisma/seed/demo-identities.json" with { type: "json" };
import { staffSessionCookie } from "../../support/staff-login.ts";
import { useApp } from "../channels/support/app.ts";
import { smsPhones } from "../channels/support/sms-phones.ts";

const ctx = useApp({ TOKEN_SECRET: "a-test-token-secret-of-32-characters!!" }, { prepare: seedDemoOnce });
const PARENT = identities.parent.phone;
const { text: textAs, outboxSmsMatching } = smsPhones(ctx);

const api = (path: string, options: { cookie?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  fetch(`${ctx.app.url}${path}`, {
    method: options.method ?? "GET",
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.body !== undefined ? { "content-type": "application/json" } : {}), ...options.headers },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });

interface Listed {
  me: { givenName: string; role: string };
  handOffs: { id: string; code: string; status: string; language: string; channel: string; personName: string; reason: string; claimedBy: string | null; transcript: { from: string; text: string }[]; messages: { kind: string; author: string; body: string }[] }[];
}

describe("the staff inbox API (/api/staff/hand-offs)", () => {
  it("shows a caseworker the open hand-offs with the transcript and the person's language; claim, answer and close reach the person", async () => {
    await textAs(PARENT, "hva dekker kortet");
    await textAs(PARENT, "jeg vil snakke med et menneske");
    const caseworker = staffSessionCookie(ctx, identities.caseworker.personId);

    expect((await api("/api/staff/hand-offs")).status).toBe(401);
    const listed = (await (await api("/api/staff/hand-offs", { cookie: caseworker })).json()) as Listed;
    expect(listed.me).toEqual({ givenName: "Sigrid", role: "CASEWORKER" });
    const [handOff] = listed.handOffs;
    expect(handOff).toMatchObject({ status: "OPEN", language: "nb", channel: "SMS", personName: "Kristin Aasen", reason: "jeg vil snakke med et menneske", claimedBy: null });
    expect(handOff!.transcript[0]).toMatchObject({ from: "person", text: "hva dekker kortet" });

    const claim = await api(`/api/staff/hand-offs/${handOff!.id}/claim`, { cookie: caseworker, method: "POST", body: {} });
    expect(claim.status).toBe(200);
    expect(await claim.json()).toEqual({ outcome: "CLAIMED", handOffId: handOff!.id, tookOver: false });

    expect((await api(`/api/staff/hand-offs/${handOff!.id}/answer`, { cookie: caseworker, method: "POST", body: {} })).status).toBe(400);
    expect((await api(`/api/staff/hand-offs/${handOff!.id}/answer`, { cookie: caseworker, method: "POST", body: { text: "x".repeat(1001) } })).status).toBe(400);
    const crossSite = await api(`/api/staff/hand-offs/${handOff!.id}/answer`, { cookie: caseworker, method: "POST", body: { text: "hei" }, headers: { "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    const answer = await api(`/api/staff/hand-offs/${handOff!.id}/answer`, { cookie: caseworker, method: "POST", body: { text: "Hei, jeg ser på saken nå." } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ outcome: "SENT", reached: true });
    expect(await outboxSmsMatching(PARENT, /^Sigrid/)).toBe("Sigrid fra Drammen kommune skriver: Hei, jeg ser på saken nå.");

    await textAs(PARENT, "takk!");
    const after = (await (await api("/api/staff/hand-offs", { cookie: caseworker })).json()) as Listed;
    expect(after.handOffs[0]).toMatchObject({ status: "CLAIMED", claimedBy: "Sigrid" });
    expect(after.handOffs[0]!.messages.map((m) => [m.kind, m.author, m.body])).toEqual([
      ["STAFF", "Sigrid", "Hei, jeg ser på saken nå."],
      ["PERSON", "Kristin", "takk!"],
    ]);

    expect((await api(`/api/staff/hand-offs/no-such-id/close`, { cookie: caseworker, method: "POST", body: {} })).status).toBe(404);
    expect((await api(`/api/staff/hand-offs/${handOff!.id}/close`, { cookie: caseworker, method: "POST", body: {} })).status).toBe(200);
    expect(await outboxSmsMatching(PARENT, /avsluttet samtalen/)).toContain("Nå svarer chatboten igjen");
    expect((await api(`/api/staff/hand-offs/${handOff!.id}/answer`, { cookie: caseworker, method: "POST", body: { text: "en til" } })).status).toBe(409);
    const closed = (await (await api("/api/staff/hand-offs?state=closed", { cookie: caseworker })).json()) as Listed;
    expect(closed.handOffs.map((h) => h.id)).toEqual([handOff!.id]);
    expect((await api("/api/staff/hand-offs?state=everything", { cookie: caseworker })).status).toBe(400);

    const audit = await ctx.app.db!.prisma.auditLog.findMany({ where: { entityId: handOff!.id, action: { in: ["handoff.claimed", "handoff.answered", "handoff.closed"] } }, orderBy: { id: "asc" } });
    expect(audit.map((row) => [row.action, row.actorId])).toEqual([
      ["handoff.claimed", identities.caseworker.personId],
      ["handoff.answered", identities.caseworker.personId],
      ["handoff.closed", identities.caseworker.personId],
    ]);
  }, 120_000);

  it("refuses a privacy officer, a parent, and another municipality's caseworker", async () => {
    const prisma = ctx.app.db!.prisma;
    const [handOff] = await prisma.handOff.findMany();
    const officer = staffSessionCookie(ctx, identities.privacyOfficer.personId);
    expect((await api("/api/staff/hand-offs", { cookie: officer })).status).toBe(403);
    expect((await api(`/api/staff/hand-offs/${handOff!.id}/claim`, { cookie: officer, method: "POST", body: {} })).status).toBe(403);
    expect((await api("/api/staff/hand-offs", { cookie: staffSessionCookie(ctx, identities.parent.personId) })).status).toBe(401);

    const other = await prisma.municipality.create({ data: { number: "3907", name: "Sandefjord" } });
    await prisma.person.create({ data: { id: "sandefjord-caseworker", municipalityId: other.id, givenName: "Ola", familyName: "Annen" } });
    await prisma.staffMember.create({ data: { personId: "sandefjord-caseworker", municipalityId: other.id, role: "CASEWORKER" } });
    const stranger = staffSessionCookie(ctx, "sandefjord-caseworker");
    expect(((await (await api("/api/staff/hand-offs?state=closed", { cookie: stranger })).json()) as Listed).handOffs).toEqual([]);
    expect((await api(`/api/staff/hand-offs/${handOff!.id}/claim`, { cookie: stranger, method: "POST", body: {} })).status).toBe(404);
    const refused = await prisma.auditLog.findFirst({ where: { action: "handoff.refused", actorId: "sandefjord-caseworker" } });
    expect(refused).not.toBeNull();
  }, 60_000);

  it("serves the inbox page in the browser's language, frameable by Teams only", async () => {
    const page = await fetch(`${ctx.app.url}/staff/?lang=en`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'self' https://teams.microsoft.com");
    const html = await page.text();
    expect(html).toContain("<title>Inbox: talk to a person</title>");
    expect((await fetch(`${ctx.app.url}/staff/teams.js`)).status).toBe(200);
  }, 60_000);
});
