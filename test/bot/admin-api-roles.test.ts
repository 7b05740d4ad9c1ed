import { describe, expect, it } from "vitest";
import identities from "../../prisma/seed/demo-identities.json" with { type: "json" };
import { seedDemoOnce } from "../../prisma/seed/index.ts";
import { signUpChild } from "../../services/enrollment/sign-up.ts";
import { TEST_DAY } from "../support/clock.ts";
import { createFamily } from "../support/fixtures.ts";
import { staffSessionCookie } from "../support/staff-login.ts";
import { useApp } from "./channels/support/app.ts";

/**
 * The admin API's role boundaries (docs/staff.md): a staff session is the acting person with a
 * role; the machine token has scopes and never does a person's action. Each forbidden path is tried.
 */
const TOKEN = "machine-token-0123456789abcdef";
const ctx = useApp(
  { TOKEN_SECRET: "token-secret-0123456789abcdef0123456789", ADMIN_API_TOKEN: TOKEN, ADMIN_API_TOKEN_SCOPES: "ledger:check,settlements:read", TOPUP_MAX_NOK: "1500" },
  { prepare: seedDemoOnce },
);

const { caseworker, admin, privacyOfficer, parent } = identities;
const [jonas, ella] = parent.children as [(typeof parent.children)[0], (typeof parent.children)[0]];

type As = { person: { personId: string } } | { token: string } | "nobody";
function call(as: As, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (as !== "nobody" && "token" in as) headers.authorization = `Bearer ${as.token}`;
  if (as !== "nobody" && "person" in as) headers.cookie = staffSessionCookie(ctx, as.person.personId);
  return fetch(`${ctx.app.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}
const asCaseworker = { person: caseworker };
const asAdmin = { person: admin };
const asPrivacy = { person: privacyOfficer };
const machine = { token: TOKEN };

let request = 0;
const topUpBody = (childId: string, more: Record<string, unknown> = {}) => ({ requestId: `r-${++request}`, childId, period: "2026-autumn", amountNok: 500, reason: "Vedtak om økt støtte", ...more });

async function expectRefused(response: Response, status: number, error: string, message?: RegExp) {
  const body = (await response.json()) as { error: string; message: string };
  expect({ status: response.status, ...body }).toMatchObject({ status, error, ...(message ? { message: expect.stringMatching(message) } : {}) });
}

describe("who may call which admin route", () => {
  it("nobody without a session or token; a wrong token is nobody", async () => {
    await expectRefused(await call("nobody", "GET", "/admin/ledger/check"), 401, "UNAUTHORIZED");
    await expectRefused(await call({ token: "wrong-token-0123456789abcdefgh" }, "GET", "/admin/ledger/check"), 401, "UNAUTHORIZED");
  }, 120_000); // the first request after the start can wait for the NLU's training on a loaded machine

  it("the scheme's runs (allocation, expiry, settlement, the books) are the admin's; a caseworker and a privacy officer are refused", async () => {
    expect((await call(asAdmin, "POST", "/admin/periods/2026-autumn/allocate")).status).toBe(200);
    expect((await call(asAdmin, "GET", "/admin/ledger/check")).status).toBe(200);
    for (const as of [asCaseworker, asPrivacy]) {
      await expectRefused(await call(as, "POST", "/admin/periods/2026-autumn/allocate"), 403, "FORBIDDEN", /needs the role ADMIN/);
      await expectRefused(await call(as, "POST", "/admin/periods/2026-spring/expire"), 403, "FORBIDDEN");
      await expectRefused(await call(as, "POST", "/admin/settlements", { batchId: "x-1", from: "2026-01-01", to: "2026-12-01" }), 403, "FORBIDDEN");
      await expectRefused(await call(as, "GET", "/admin/settlements/x-1/csv"), 403, "FORBIDDEN");
      await expectRefused(await call(as, "GET", "/admin/ledger/check"), 403, "FORBIDDEN");
    }
  });

  it("the allocation an admin runs is audited with the admin as actor", async () => {
    const db = ctx.app.db!;
    const { guardian, children } = await createFamily(db.prisma, (await db.prisma.municipality.findFirstOrThrow()).id, ["2016-02-02"]);
    expect(guardian).toBeDefined();
    expect((await call(asAdmin, "POST", "/admin/periods/2026-autumn/allocate")).status).toBe(200);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { entityId: { contains: children[0]!.id } } });
    expect(audit.actorId).toBe(admin.personId);
  });

  it("the machine token does what its scopes say, nothing else, and never a person's action", async () => {
    expect((await call(machine, "GET", "/admin/ledger/check")).status).toBe(200);
    await expectRefused(await call(machine, "POST", "/admin/periods/2026-autumn/allocate"), 403, "FORBIDDEN", /scopes do not include periods:allocate/);
    await expectRefused(await call(machine, "POST", "/admin/top-ups", topUpBody(jonas.personId)), 403, "FORBIDDEN", /cannot do a person's action/);
    await expectRefused(await call(machine, "POST", "/admin/accommodation-requests", { enrollmentId: "x", needs: ["allergy"], consentGivenBy: parent.personId }), 403, "FORBIDDEN");
  });
});

describe("top-ups: a caseworker, for a child of her families, eligible in a running period, within the limit", () => {
  it("grants a top-up for Jonas, the reason in the audit log only, the caseworker as actor", async () => {
    const response = await call(asCaseworker, "POST", "/admin/top-ups", topUpBody(jonas.personId, { requestId: "jonas-1", amountNok: 700 }));
    expect(response.status).toBe(201);
    const audit = await ctx.app.db!.prisma.auditLog.findFirstOrThrow({ where: { entityId: "topup:jonas-1" } });
    expect(audit).toMatchObject({ actorId: caseworker.personId, data: expect.objectContaining({ reason: "Vedtak om økt støtte" }) });
    // The same request again tops up once.
    expect((await call(asCaseworker, "POST", "/admin/top-ups", topUpBody(jonas.personId, { requestId: "jonas-1", amountNok: 700 }))).status).toBe(200);
  });

  it("refuses each case with a 4xx and its reason, and writes nothing", async () => {
    const db = ctx.app.db!;
    const before = await db.prisma.ledgerTransfer.count({ where: { kind: "TOPUP" } });
    const outsider = await createFamily(db.prisma, (await db.prisma.municipality.findFirstOrThrow()).id, ["2015-03-03"]);

    // An adult guardian (Kristin herself) is not a child with the card.
    await expectRefused(await call(asCaseworker, "POST", "/admin/top-ups", topUpBody(parent.personId)), 422, "CHILD_NOT_ELIGIBLE", /too old/);
    // Ella is too young in 2026.
    await expectRefused(await call(asCaseworker, "POST", "/admin/top-ups", topUpBody(ella.personId)), 422, "CHILD_NOT_ELIGIBLE", /too young/);
    // A period that has ended.
    await expectRefused(await call(asCaseworker, "POST", "/admin/top-ups", topUpBody(jonas.personId, { period: "2026-spring" })), 422, "PERIOD_CLOSED", /ended on 2026-07-31/);
    // An admin (or a privacy officer) acting as caseworker.
    await expectRefused(await call(asAdmin, "POST", "/admin/top-ups", topUpBody(jonas.personId)), 403, "FORBIDDEN", /CASEWORKER/);
    await expectRefused(await call(asPrivacy, "POST", "/admin/top-ups", topUpBody(jonas.personId)), 403, "FORBIDDEN");
    // A child of a family that is not hers.
    await expectRefused(await call(asCaseworker, "POST", "/admin/top-ups", topUpBody(outsider.children[0]!.id)), 403, "FORBIDDEN", /not in one of your families/);
    // Over the limit: 700 given, 1500 at most per child and period.
    await expectRefused(await call(asCaseworker, "POST", "/admin/top-ups", topUpBody(jonas.personId, { amountNok: 900 })), 422, "OVER_TOP_UP_LIMIT", /at most NOK 1500; NOK 700 is already given/);
    // The caseworker is the session's person, never the body's.
    await expectRefused(await call(asCaseworker, "POST", "/admin/top-ups", topUpBody(jonas.personId, { caseworkerId: caseworker.personId })), 400, "INVALID_REQUEST", /caseworkerId/);
    expect(await db.prisma.ledgerTransfer.count({ where: { kind: "TOPUP" } })).toBe(before);
    // Up to the limit is fine.
    expect((await call(asCaseworker, "POST", "/admin/top-ups", topUpBody(jonas.personId, { amountNok: 800 }))).status).toBe(201);
  });
});

describe("an accommodation request on a family's behalf", () => {
  async function jonasSignedUp() {
    const db = ctx.app.db!;
    const municipality = await db.prisma.municipality.findFirstOrThrow();
    const activity = await db.prisma.activity.findFirstOrThrow({
      where: { providerId: identities.provider.providerId, approvalState: "APPROVED", minAge: { lte: 11 }, maxAge: { gte: 11 }, sessionsPerPeriod: { gte: 8 }, category: { notIn: ["camp", "tournament", "holiday_offer", "cinema", "bowling"] } },
    });
    const { loadConfig } = await import("../../services/config.ts");
    const signUp = await signUpChild(db, { municipalityId: municipality.id, childId: jonas.personId, activityId: activity.id, actorId: parent.personId, today: TEST_DAY, now: ctx.clock.now(), scheme: loadConfig({}).scheme });
    return signUp.enrollmentId;
  }

  it("a caseworker asks with the guardian's consent: the request feeds the club's thread (its contact is told), the consent is recorded", async () => {
    const db = ctx.app.db!;
    const enrollmentId = await jonasSignedUp();
    const response = await call(asCaseworker, "POST", "/admin/accommodation-requests", { enrollmentId, needs: ["allergy"], consentGivenBy: parent.personId, note: "Nøtteallergi, har med EpiPen" });
    expect(response.status).toBe(201);
    const { requestId, code } = (await response.json()) as { requestId: string; code: string };
    const row = await db.prisma.accommodationRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(row).toMatchObject({ requestedById: caseworker.personId, onBehalfOf: parent.personId, consentAt: ctx.clock.now(), needs: ["allergy"] });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "accommodation.requested", entityId: requestId } });
    expect(audit).toMatchObject({ actorId: caseworker.personId, data: expect.objectContaining({ onBehalfOf: parent.personId, consentRecordedBy: caseworker.personId }) });
    // The club's contact has the notice with the reply code, as for a family's own request.
    const contactPhone = await db.prisma.channelIdentity.findFirstOrThrow({ where: { personId: identities.provider.personId, channel: "SMS" } });
    const notice = await db.prisma.outboxMessage.findFirst({ where: { recipient: contactPhone.address, body: { contains: code } } });
    expect(notice?.body).toContain("Nøtteallergi");
  });

  it("refuses a consent from someone who is not the child's guardian, an admin, and a family that is not hers", async () => {
    const db = ctx.app.db!;
    const enrollmentId = await db.prisma.enrollment.findFirstOrThrow({ where: { childId: jonas.personId } }).then((e) => e.id);
    await expectRefused(await call(asCaseworker, "POST", "/admin/accommodation-requests", { enrollmentId, needs: ["allergy"], consentGivenBy: identities.youth.personId }), 403, "FORBIDDEN", /consent/);
    await expectRefused(await call(asAdmin, "POST", "/admin/accommodation-requests", { enrollmentId, needs: ["allergy"], consentGivenBy: parent.personId }), 403, "FORBIDDEN");
    await expectRefused(await call(asPrivacy, "POST", "/admin/accommodation-requests", { enrollmentId, needs: ["allergy"], consentGivenBy: parent.personId }), 403, "FORBIDDEN");
    // Another caseworker, whose families these are not.
    const municipality = await db.prisma.municipality.findFirstOrThrow();
    const other = await db.prisma.person.create({ data: { municipalityId: municipality.id, givenName: "Annen", familyName: "Saksbehandler" } });
    await db.prisma.staffMember.create({ data: { personId: other.id, municipalityId: municipality.id, role: "CASEWORKER", service: "Flyktningtjenesten" } });
    await expectRefused(await call({ person: { personId: other.id } }, "POST", "/admin/accommodation-requests", { enrollmentId, needs: ["allergy"], consentGivenBy: parent.personId }), 403, "FORBIDDEN", /not in one of your families/);
    await expectRefused(await call({ person: { personId: other.id } }, "POST", "/admin/top-ups", topUpBody(jonas.personId)), 403, "FORBIDDEN", /not in one of your families/);
  });
});
