import { describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../../prisma/seed/index.ts";
import identities from "../../../prisma/seed/demo-identities.json" with { type: "json" };
import { smsPhones } from "../channels/support/sms-phones.ts";
import { useApp } from "../channels/support/app.ts";
import { staffSessionCookie } from "../../support/staff-login.ts";

const ctx = useApp({ TOKEN_SECRET: "privacy-test-token-secret-0123456789abcdef", RETENTION_DAYS: "90" }, { prepare: seedDemoOnce });
const PARENT = identities.parent.phone;
const YOUTH = identities.youth.phone;
const OFFICER = identities.privacyOfficer;
const CASEWORKER = identities.caseworker;
const [JONAS, ELLA] = identities.parent.children;
const DAY_MS = 86_400_000;

const { outboxTo, outboxSmsMatching, text } = smsPhones(ctx);
const db = () => ctx.app.db!.prisma;
const api = (path: string, options: { cookie?: string; method?: string } = {}) =>
  fetch(`${ctx.app.url}${path}`, { method: options.method ?? "GET", headers: options.cookie ? { cookie: options.cookie } : {} });

describe("privacy requests over SMS (the demo parent and the demo privacy officer)", () => {
  let requestId = "";

  it("innsyn: after login, a one-time link to a JSON export of the parent, the children, their cards and stored messages", async () => {
    expect(await text(PARENT, "hvor mye har jeg igjen?")).toMatch(/Jonas/);
    const reply = await text(PARENT, "hva har dere lagret om meg?");
    const url = /(http\S+\/privacy\/export\?token=\S+)/.exec(reply)?.[1];
    expect(url, reply).toBeDefined();
    expect(reply).toContain("én gang");

    // The link is built on PUBLIC_BASE_URL; the test's app listens elsewhere.
    const link = `${ctx.app.url}${new URL(url!).pathname}${new URL(url!).search}`;
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="fritidskortet-innsyn-2026-11-27\.json"/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const data = (await response.json()) as Record<string, any>;
    expect(data.person).toMatchObject({ id: identities.parent.personId, givenName: "Kristin", familyName: "Aasen", birthDate: "1984-02-20" });
    expect(data.identities).toEqual([expect.objectContaining({ channel: "SMS", address: PARENT })]);
    expect(data.children.map((child: { givenName: string; birthDate: string }) => [child.givenName, child.birthDate])).toEqual([
      [JONAS!.givenName, JONAS!.birthDate],
      [ELLA!.givenName, ELLA!.birthDate],
    ]);
    const jonas = data.children.find((child: { id: string }) => child.id === JONAS!.personId);
    expect(jonas.cards[0]).toMatchObject({ period: "2026-autumn" });
    expect(jonas.cards[0].movements[0]).toMatchObject({ kind: "allocation" });
    // The reply to the balance question is among the messages still stored.
    expect(data.messages.smsRepliesStored.some((m: { reply: string | null }) => m.reply?.includes("Jonas"))).toBe(true);
    expect(data.privacyRequests).toEqual([expect.objectContaining({ kind: "ACCESS", status: "PENDING" })]);
    // Served once, then spent.
    expect((await fetch(link)).status).toBe(404);
    expect(await db().privacyRequest.findFirstOrThrow({ where: { personId: identities.parent.personId, kind: "ACCESS" } })).toMatchObject({ status: "COMPLETED", exportTokenHash: null });
    // The first message waits for the NLU's training.
  }, 180_000);

  it("innsyn needs a login: an unknown number gets a login link, no export", async () => {
    const stranger = "+4799998877";
    const reply = await text(stranger, "what do you have about me?");
    expect(reply).toContain("/dev/login?token=");
    expect(reply).not.toContain("/privacy/export");
  });

  it("delete my data: erased at once, the officer told by SMS, and the next balance question gets a login link, not the balance", async () => {
    const ledgerBefore = await db().ledgerTransfer.count();
    expect(await text(PARENT, "slett dataene mine")).toContain("Svar JA eller NEI");
    const done = await text(PARENT, "ja");
    expect(done).toMatch(/^Gjort: du er logget ut, og meldingene våre er slettet\. Personvernombudet har fått sak ([A-Z0-9]{8})/);
    const ref = /sak ([A-Z0-9]{8})/.exec(done)![1]!;

    const notice = await outboxSmsMatching(OFFICER.phone, /sletteforespørsel/);
    expect(notice).toContain(`sak ${ref}`);
    expect(notice).not.toMatch(/Kristin|Aasen|\+47/);

    const request = await db().privacyRequest.findFirstOrThrow({ where: { personId: identities.parent.personId, kind: "DELETE" } });
    requestId = request.id;
    expect(request).toMatchObject({ status: "PENDING", completedAt: null });
    expect(request.id.slice(-8).toUpperCase()).toBe(ref);
    // At once: no identity of the parent, no stored reply or outbox message to the number, no bot state.
    expect(await db().channelIdentity.count({ where: { OR: [{ personId: identities.parent.personId }, { address: PARENT }] } })).toBe(0);
    // Only the reply to "ja" itself stays (its turn was running; it holds no personal data): retention takes it.
    const stored = await db().inboundMessage.findMany({ where: { sender: PARENT }, select: { response: true } });
    expect(stored).toEqual([{ response: expect.stringContaining("Gjort: du er logget ut") }]);
    expect(await db().outboxMessage.count({ where: { recipient: PARENT } })).toBe(0);
    expect(await db().conversationState.count({ where: { key: { contains: PARENT } } })).toBe(0);
    // The ledger is untouched.
    expect(await db().ledgerTransfer.count()).toBe(ledgerBefore);

    const next = await text(PARENT, "hvor mye har jeg igjen?");
    expect(next).toContain("/dev/login?token=");
    expect(next).not.toMatch(/Jonas|kr/);
    // The new identity is a stranger's: linked to nobody.
    expect(await db().channelIdentity.findUniqueOrThrow({ where: { channel_address: { channel: "SMS", address: PARENT } } })).toMatchObject({ personId: null, verifiedAt: null });
  });

  it("the staff API: no session 401, a caseworker 403, the privacy officer sees the request", async () => {
    expect((await api("/api/staff/privacy-requests")).status).toBe(401);
    const caseworker = staffSessionCookie(ctx, CASEWORKER.personId);
    const forbidden = await api("/api/staff/privacy-requests", { cookie: caseworker });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: "FORBIDDEN" });

    const officer = staffSessionCookie(ctx, OFFICER.personId);
    const listed = await api("/api/staff/privacy-requests?status=PENDING", { cookie: officer });
    expect(listed.status).toBe(200);
    const { requests } = (await listed.json()) as { requests: { id: string; kind: string; status: string; personId: string }[] };
    expect(requests).toEqual([expect.objectContaining({ id: requestId, kind: "DELETE", status: "PENDING", personId: identities.parent.personId })]);
    expect((await api("/api/staff/privacy-requests?status=OPEN", { cookie: officer })).status).toBe(400);

    // The officer's page: its own sentences, its script from our origin only.
    const page = await api("/staff/privacy?lang=nb", { cookie: officer });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain("<h1>Personvernforespørsler</h1>");
    expect(html).toContain('<script src="/web/staff/privacy.js"></script>');
    expect(html).toContain('"complete":"Fullfør sletting"');
    expect((await api("/web/staff/privacy.js")).status).toBe(200);
  });

  it("the privacy officer completes it: the parent pseudonymised; the children, whom the other parent still has, kept; the ledger kept; only once", async () => {
    const caseworker = staffSessionCookie(ctx, CASEWORKER.personId);
    expect((await api(`/api/staff/privacy-requests/${requestId}/complete`, { method: "POST", cookie: caseworker })).status).toBe(403);
    expect(await db().privacyRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "PENDING" });
    expect((await api(`/api/staff/privacy-requests/${requestId}/complete`, { method: "POST" })).status).toBe(401);

    const cards = await db().ledgerAccount.findMany({ where: { childId: { in: [JONAS!.personId, ELLA!.personId] } }, select: { id: true } });
    const transfersBefore = await db().ledgerTransfer.count({ where: { OR: [{ debitAccountId: { in: cards.map((c) => c.id) } }, { creditAccountId: { in: cards.map((c) => c.id) } }] } });
    expect(transfersBefore).toBeGreaterThan(0);

    const officer = staffSessionCookie(ctx, OFFICER.personId);
    const completed = await api(`/api/staff/privacy-requests/${requestId}/complete`, { method: "POST", cookie: officer });
    expect(completed.status).toBe(200);
    expect(await completed.json()).toEqual({ requestId, status: "COMPLETED", pseudonymised: [identities.parent.personId], childrenKept: [JONAS!.personId, ELLA!.personId] });

    const parent = await db().person.findUniqueOrThrow({ where: { id: identities.parent.personId } });
    expect(parent).toMatchObject({ givenName: "Slettet", registryRef: null, birthDate: null, districtId: null, preferredLanguage: null });
    // Jonas and Ella have another guardian in the register: kept as they are, only this parent's guardianship goes.
    for (const child of [JONAS!, ELLA!]) {
      expect(await db().person.findUniqueOrThrow({ where: { id: child.personId } })).toMatchObject({ givenName: child.givenName });
      expect(await db().guardianship.count({ where: { childId: child.personId } })).toBe(1);
      expect(await db().guardianship.count({ where: { childId: child.personId, guardianId: identities.parent.personId } })).toBe(0);
    }
    expect(await db().ledgerTransfer.count({ where: { OR: [{ debitAccountId: { in: cards.map((c) => c.id) } }, { creditAccountId: { in: cards.map((c) => c.id) } }] } })).toBe(transfersBefore);
    expect(await db().privacyRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "COMPLETED", handledById: OFFICER.personId, completedAt: ctx.clock.now() });
    expect(await db().auditLog.count({ where: { action: "privacy.deletion_completed", entityId: requestId, actorId: OFFICER.personId } })).toBe(1);

    const again = await api(`/api/staff/privacy-requests/${requestId}/complete`, { method: "POST", cookie: officer });
    expect(again.status).toBe(409);
    expect((await api("/api/staff/privacy-requests/nosuchrequest0001/complete", { method: "POST", cookie: officer })).status).toBe(404);
  });

  it("retention: messages older than RETENTION_DAYS go on the daily run; newer ones, the ledger and the audit log stay", async () => {
    await text(YOUTH, "hei");
    const old = await db().inboundMessage.findFirstOrThrow({ where: { sender: YOUTH }, orderBy: { receivedAt: "desc" } });
    const oldOutbox = await db().outboxMessage.count({ where: { createdAt: { lte: ctx.clock.now() } } });
    expect(oldOutbox).toBeGreaterThan(0); // the officer's notice, sent
    ctx.clock.advance(89 * DAY_MS);
    await text(YOUTH, "hei igjen");
    const recent = await db().inboundMessage.findFirstOrThrow({ where: { sender: YOUTH }, orderBy: { receivedAt: "desc" } });
    const ledger = await db().ledgerTransfer.count();
    const audit = await db().auditLog.count();

    expect((await ctx.app.jobs!.runNow("retention")).summary).toMatchObject({ inbound: 0 });
    ctx.clock.advance(2 * DAY_MS);
    const purged = (await ctx.app.jobs!.runNow("retention")).summary as { inbound: number; outbox: number };
    expect(purged.inbound).toBeGreaterThan(0);
    expect(purged.outbox).toBeGreaterThan(0);
    expect(await db().inboundMessage.findUnique({ where: { channel_externalId: { channel: "SMS", externalId: old.externalId } } })).toBeNull();
    expect(await db().inboundMessage.findUnique({ where: { channel_externalId: { channel: "SMS", externalId: recent.externalId } } })).not.toBeNull();
    expect(await db().outboxMessage.count({ where: { createdAt: { lt: new Date(ctx.clock.now().getTime() - 90 * DAY_MS) } } })).toBe(0);
    expect(await db().ledgerTransfer.count()).toBe(ledger);
    expect(await db().auditLog.count()).toBe(audit + 1);
    expect(await db().auditLog.findFirstOrThrow({ where: { action: "privacy.retention_purged" } })).toMatchObject({ actorId: null });
    expect(outboxTo(OFFICER.phone).length).toBeGreaterThan(0);
  }, 60_000);
});
