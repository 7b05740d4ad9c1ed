import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { signUpChild } from "../../services/enrollment/sign-up.ts";
import { confirmEnrollment } from "../../services/enrollment/respond.ts";
import { startFamilyPayment } from "../../services/payments/family-payments.ts";
import { TEST_DAY } from "../support/clock.ts";
import { loadConfig } from "../../services/config.ts";
import { seedDemoOnce } from "../../prisma/seed/index.ts";
import { useApp } from "./channels/support/app.ts";
import identities from "../../prisma/seed/demo-identities.json" with { type: "json" };

const TOKEN = "test-admin-token-0123456789abcdef";
const today = TEST_DAY;
const ctx = useApp({ ADMIN_API_TOKEN: TOKEN }, { prepare: seedDemoOnce });

const admin = (path: string, init: RequestInit = {}, token = TOKEN) =>
  fetch(`${ctx.app.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers } });

describe("the admin API", () => {
  it("refuses a missing or wrong token", async () => {
    expect((await admin("/admin/ledger/check", {}, "wrong-token-wrong-token-wrong")).status).toBe(401);
    expect((await fetch(`${ctx.app.url}/admin/ledger/check`)).status).toBe(401);
  });

  it("answers a malformed request with 400 and the reason", async () => {
    const response = await admin("/admin/settlements", { method: "POST", body: JSON.stringify({ batchId: "has spaces", from: "2026-01-01", to: "2026-13-01" }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "INVALID_REQUEST", message: expect.stringMatching(/^batchId: /) });
    expect((await admin("/admin/periods/2026-summer/allocate", { method: "POST" })).status).toBe(400);
  });

  it("re-allocating the demo period credits nobody twice; the books balance", async () => {
    const response = await admin("/admin/periods/2026-autumn/allocate", { method: "POST" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ period: "2026-autumn", allocated: 0 });
    expect((await admin("/admin/ledger/check")).status).toBe(200);
  });

  it("pays a club through a settlement, exported as pain.001 and CSV; the family pays its part on the simulator page", async () => {
    const db = ctx.app.db!;
    const parent = identities.parent;
    const jonas = parent.children[0]!;
    const provider = identities.provider;
    const activity = await db.prisma.activity.findFirstOrThrow({
      where: { providerId: provider.providerId, approvalState: "APPROVED", feeOre: { gt: 0 }, minAge: { lte: 11 }, maxAge: { gte: 11 }, sessionsPerPeriod: { gte: 8 }, category: { notIn: ["camp", "tournament", "holiday_offer", "cinema", "bowling"] } },
    });
    const municipality = await db.prisma.municipality.findFirstOrThrow();
    const scheme = { ...loadConfig({}).scheme };
    const signUp = await signUpChild(db, { municipalityId: municipality.id, childId: jonas.personId, activityId: activity.id, actorId: parent.personId, today, now: new Date(`${today}T12:00:00Z`), scheme });
    await confirmEnrollment(db, { enrollmentId: signUp.enrollmentId, actorId: provider.personId, now: new Date(`${today}T13:00:00Z`) });
    if (signUp.familyPaysOre > 0) {
      const { redirectUrl } = await startFamilyPayment(db, ctx.app.payments, { enrollmentId: signUp.enrollmentId, returnUrl: ctx.app.url, now: ctx.clock.now() });
      const page = await fetch(redirectUrl!.replace(/^https?:\/\/[^/]+/, ctx.app.url));
      expect(await page.text()).toContain("<form method=\"post\"");
      const paid = await fetch(redirectUrl!.replace(/^https?:\/\/[^/]+/, ctx.app.url), { method: "POST" });
      expect(paid.status).toBe(200);
    }

    const created = await admin("/admin/settlements", { method: "POST", body: JSON.stringify({ batchId: "demo-1", from: "2026-01-01", to: "2027-01-01" }) });
    expect(created.status).toBe(201);
    const batch = (await created.json()) as { payments: { providerId: string; amountOre: number }[]; totalOre: number };
    expect(batch.payments).toContainEqual(expect.objectContaining({ providerId: provider.providerId, amountOre: activity.feeOre }));
    expect((await admin("/admin/settlements", { method: "POST", body: JSON.stringify({ batchId: "demo-1", from: "2026-01-01", to: "2027-01-01" }) })).status).toBe(200);

    const xml = await (await admin("/admin/settlements/demo-1/pain001?executionDate=2026-11-30")).text();
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain(`<CtrlSum>${(batch.totalOre / 100).toFixed(2)}</CtrlSum>`);
    expect(xml).toContain("<ReqdExctnDt>2026-11-30</ReqdExctnDt>");
    const csv = await (await admin("/admin/settlements/demo-1/csv")).text();
    expect(csv.split("\r\n")[0]).toMatch(/^batch_id,provider_id,/);
    expect((await admin("/admin/settlements/nope/csv")).status).toBe(404);
    expect((await admin("/admin/ledger/check")).status).toBe(200);
  });
});
