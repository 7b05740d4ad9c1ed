import { describe, expect, it } from "vitest";
import identities from "../../prisma/seed/demo-identities.json" with { type: "json" };
import { seedDemoOnce } from "../../prisma/seed/index.ts";
import { staffCommandOf } from "../../dialogs/staff/staff-commands.ts";
import { smsPhones } from "../bot/channels/support/sms-phones.ts";
import { useApp } from "../bot/channels/support/app.ts";
import { createFamily } from "../support/fixtures.ts";

/** A caseworker tops up a child's card by SMS (dialogs/staff/): the demo caseworker and the demo parent's children. */
const ctx = useApp({ TOPUP_MAX_NOK: "1000" }, { prepare: seedDemoOnce });
const phones = smsPhones(ctx);
const { caseworker, admin, parent } = identities;
const topUps = () => ctx.app.db!.prisma.ledgerTransfer.findMany({ where: { kind: "TOPUP" }, orderBy: { seq: "asc" } });

describe("reading a staff command", () => {
  it.each([
    ["PÅFYLL Jonas 500 Vedtak 2026/17", { kind: "top_up", name: "Jonas", amountNok: 500, reason: "Vedtak 2026/17" }],
    ["påfyll jonas aasen 300 kr vedtak", { kind: "top_up", name: "jonas aasen", amountNok: 300, reason: "vedtak" }],
    ["pafyll  Jonas  250,- økt behov", { kind: "top_up", name: "Jonas", amountNok: 250, reason: "økt behov" }],
  ])("%s", (text, command) => expect(staffCommandOf(text)).toEqual(command));

  it.each(["PÅFYLL Jonas 500", "PÅFYLL 500 Vedtak", "påfyll", "fyll på Jonas 500 Vedtak"])("%s is not one", (text) => expect(staffCommandOf(text)).toBeNull());
});

describe("a caseworker tops up by SMS", () => {
  it("PÅFYLL <child> <amount> <reason> → confirm → done; the reason only in the audit log", async () => {
    const ask = await phones.text(caseworker.phone, "PÅFYLL Jonas 400 Vedtak 2026/17 økt behov");
    expect(ask).toBe("Fylle på 400 kr for Jonas Aasen (2026-autumn)? Svar JA eller NEI.");
    expect(await topUps()).toHaveLength(0);
    expect(await phones.text(caseworker.phone, "ja")).toBe("Fylt på 400 kr for Jonas Aasen (2026-autumn).");
    const [transfer] = await topUps();
    expect(transfer).toMatchObject({ amountOre: 40_000, creditAccountId: expect.stringContaining(parent.children[0]!.personId) });
    const audit = await ctx.app.db!.prisma.auditLog.findFirstOrThrow({ where: { entityId: transfer!.id } });
    expect(audit).toMatchObject({ actorId: caseworker.personId, data: expect.objectContaining({ reason: "Vedtak 2026/17 økt behov" }) });
  }, 120_000);

  it("NEI tops up nothing", async () => {
    await phones.text(caseworker.phone, "PÅFYLL Jonas 100 Vedtak");
    expect(await phones.text(caseworker.phone, "nei")).toBe("Ok, ingen påfylling.");
    expect(await topUps()).toHaveLength(1);
  });

  it("says each refusal: an ambiguous name, too young, over the limit, not her family, not a caseworker", async () => {
    // Two of her families have an Ella: the full name says which.
    expect(await phones.text(caseworker.phone, "PÅFYLL Ella 100 Vedtak")).toMatch(/^Flere barn heter det: (.*, )?Ella Aasen(, .*)?\. Skriv fullt navn\.$/);
    expect(await phones.text(caseworker.phone, "PÅFYLL Ella Aasen 100 Vedtak")).toBe("Fylle på 100 kr for Ella Aasen (2026-autumn)? Svar JA eller NEI.");
    expect(await phones.text(caseworker.phone, "ja")).toBe("Ella Aasen har ikke kortet i 2026-autumn.");
    expect(await phones.text(caseworker.phone, "PÅFYLL Jonas 700 Vedtak")).toMatch(/^Fylle på 700 kr for Jonas Aasen/);
    expect(await phones.text(caseworker.phone, "ja")).toBe("Over grensen: høyst 1 000 kr per barn i perioden, 400 kr er gitt til Jonas Aasen.");
    // A family that is not assigned to her: its child is not found among her families.
    const db = ctx.app.db!;
    await createFamily(db.prisma, (await db.prisma.municipality.findFirstOrThrow()).id, ["2015-03-03"]);
    expect(await phones.text(caseworker.phone, "PÅFYLL Barn1 100 Vedtak")).toBe("Fant ingen Barn1 i familiene dine.");
    // The admin is staff but not a caseworker, and has no families.
    expect(await phones.text(admin.phone, "PÅFYLL Jonas 100 Vedtak")).toBe("Fant ingen Jonas i familiene dine.");
    expect(await topUps()).toHaveLength(1);
  });

  it("is not a command for a family: the parent's PÅFYLL is an ordinary message", async () => {
    const reply = await phones.text(parent.phone, "PÅFYLL Jonas 500 Vedtak");
    expect(reply).not.toMatch(/Fylle på|Fylt på/);
    expect(await topUps()).toHaveLength(1);
  });
});
