import { describe, expect, it } from "vitest";
import { badCheckDigit, bankAccount, orgNumber, useAdmin } from "./support.ts";

const ctx = useAdmin();

const PROVIDER_HEADER = "org_number,name,bank_account,email,police_certificates,contact_given_name,contact_family_name,contact_phone,contact_language";
const ACTIVITY_HEADER = "org_number,title,description,category,min_age,max_age,weekdays,start_time,duration_minutes,district,address,sessions,fee_nok,capacity";

const auditCount = () => ctx.db.prisma.auditLog.count();

describe("providers import", () => {
  it("adds the clubs waiting for approval, with their contacts reachable by SMS; the same file again changes nothing", async () => {
    const file = ctx.csv("providers.csv", [
      PROVIDER_HEADER,
      `${orgNumber(1)},Testby Turn,${bankAccount(1)},post@turn.example,yes,Marte,Turnsen,+4799991901,nb`,
      `${orgNumber(2)},Testby Sjakk,${bankAccount(2)},,no,Ali,Sjakksen,+47 999 91 902,ar`,
      `${orgNumber(3)},Testby Teater,,,,,,,`,
    ]);
    const first = await ctx.admin(["providers", "import", file]);
    expect(first.code).toBe(0);
    expect(first.out).toContain("providers import: 3 created, 0 updated, 0 unchanged, 0 refused");

    const turn = await ctx.db.prisma.provider.findUniqueOrThrow({ where: { orgNumber: orgNumber(1) }, include: { contacts: { include: { person: { include: { channels: true } } } } } });
    expect(turn).toMatchObject({ name: "Testby Turn", approvalState: "PENDING", policeCertificates: true, bankAccount: bankAccount(1) });
    expect(turn.contacts[0]!.person.channels).toEqual([expect.objectContaining({ channel: "SMS", address: "+4799991901", verifiedAt: expect.any(Date), language: "nb" })]);
    const sjakk = await ctx.db.prisma.provider.findUniqueOrThrow({ where: { orgNumber: orgNumber(2) }, include: { contacts: { include: { person: { include: { channels: true } } } } } });
    expect(sjakk.contacts[0]!.person.channels[0]!.address).toBe("+4799991902");

    const audits = await auditCount();
    const again = await ctx.admin(["providers", "import", file]);
    expect(again.code).toBe(0);
    expect(again.out).toContain("providers import: 0 created, 0 updated, 3 unchanged, 0 refused");
    expect(await auditCount()).toBe(audits);
    expect(await ctx.db.prisma.person.count({ where: { channels: { some: { address: "+4799991901" } } } })).toBe(1);
  });

  it("reports a changed row as updated, with its audit row", async () => {
    const file = ctx.csv("providers-changed.csv", [PROVIDER_HEADER, `${orgNumber(3)},Testby Ungdomsteater,${bankAccount(3)},,yes,,,,`]);
    const run = await ctx.admin(["providers", "import", file]);
    expect(run.out).toContain("0 created, 1 updated, 0 unchanged");
    const audit = await ctx.db.prisma.auditLog.findFirstOrThrow({ where: { action: "provider.updated" }, orderBy: { id: "desc" } });
    expect(audit.data).toMatchObject({ changed: expect.arrayContaining(["name", "bankAccount", "policeCertificates"]), via: "admin-cli" });
  });

  it("reports every bad row with its line and reason and imports nothing: duplicate org number, wrong mod-11, a half contact", async () => {
    const before = await ctx.db.prisma.provider.count();
    const file = ctx.csv("providers-bad.csv", [
      PROVIDER_HEADER,
      `${orgNumber(10)},Ny klubb,,,,,,,`,
      `${orgNumber(10)},Samme klubb igjen,,,,,,,`,
      `${badCheckDigit(orgNumber(11))},Skrivefeil,,,,,,,`,
      `${orgNumber(12)},Feil konto,${badCheckDigit(bankAccount(12))},,,,,,`,
      `${orgNumber(13)},Halv kontakt,,,,Kari,,+4799991990,`,
      `${orgNumber(14)},Rar attest,,,kanskje,,,,`,
    ]);
    const run = await ctx.admin(["providers", "import", file]);
    expect(run.code).toBe(2);
    expect(run.out).toContain(`line 3: org_number: ${orgNumber(10)} is also on line 2`);
    expect(run.out).toContain("line 4: org_number: fails the mod-11 check");
    expect(run.out).toContain("line 5: bank_account: fails the mod-11 check");
    expect(run.out).toContain("line 6: contact_phone: a contact needs contact_given_name, contact_family_name and contact_phone together");
    expect(run.out).toContain("line 7: police_certificates: must be yes or no");
    expect(run.err).toMatch(/^error: .*providers-bad\.csv: 5 of 6 rows have errors, nothing imported \(fix them, or --skip-invalid to import the 1 valid rows\)/);
    expect(await ctx.db.prisma.provider.count()).toBe(before);

    const skipping = await ctx.admin(["providers", "import", file, "--skip-invalid"]);
    expect(skipping.code).toBe(0);
    expect(skipping.out).toContain("1 created, 0 updated, 0 unchanged, 0 refused, 5 invalid skipped");
    expect(await ctx.db.prisma.provider.findUnique({ where: { orgNumber: orgNumber(10) } })).toMatchObject({ name: "Ny klubb" });
  });

  it("refuses a file that is not CSV, has an unknown column, or is missing", async () => {
    const unclosed = await ctx.admin(["providers", "import", ctx.csv("broken.csv", [PROVIDER_HEADER, `${orgNumber(20)},"Uten slutt,,,,,,,,`])]);
    expect(unclosed.code).toBe(2);
    expect(unclosed.err).toMatch(/broken\.csv is not well-formed CSV: .*quote/i);
    const extra = await ctx.admin(["providers", "import", ctx.csv("extra.csv", [`${PROVIDER_HEADER},phone_nr`, `${orgNumber(21)},Klubb,,,,,,,,`])]);
    expect(extra.code).toBe(2);
    expect(extra.err).toContain("unknown column phone_nr");
    const missing = await ctx.admin(["providers", "import", ctx.csv("no-name.csv", ["org_number", orgNumber(22)])]);
    expect(missing.err).toContain("missing column name");
    const none = await ctx.admin(["providers", "import", "/nonexistent/providers.csv"]);
    expect(none).toMatchObject({ code: 2, err: expect.stringContaining("cannot read /nonexistent/providers.csv: no such file") });
    expect(await ctx.db.prisma.provider.findUnique({ where: { orgNumber: orgNumber(20) } })).toBeNull();
  });

  it("reads a spreadsheet's semicolon CSV with a byte-order mark", async () => {
    const file = ctx.csv("excel.csv", [`\uFEFF${PROVIDER_HEADER.replaceAll(",", ";")}`, `${orgNumber(30)};Semikolon IL;;;ja;;;;`]);
    const run = await ctx.admin(["providers", "import", file]);
    expect(run.code).toBe(0);
    expect(await ctx.db.prisma.provider.findUnique({ where: { orgNumber: orgNumber(30) } })).toMatchObject({ name: "Semikolon IL", policeCertificates: true });
  });
});

describe("activities import", () => {
  const row = (org: string, title: string, overrides: Partial<Record<"category" | "min_age" | "max_age" | "weekdays" | "start_time" | "district" | "sessions" | "fee_nok", string>> = {}) => {
    const v = { category: "gymnastics", min_age: "8", max_age: "10", weekdays: "mon;wed", start_time: "17:00", district: "Strømsø", sessions: "30", fee_nok: "650", ...overrides };
    return `${org},${title},Trening med instruktør.,${v.category},${v.min_age},${v.max_age},${v.weekdays},${v.start_time},60,${v.district},Testveien 1,${v.sessions},"${v.fee_nok}",20`;
  };

  it("adds activities of known clubs, by district name or spelling; the same file again changes nothing", async () => {
    const file = ctx.csv("activities.csv", [ACTIVITY_HEADER, row(orgNumber(1), "Turn 8-10 år"), row(orgNumber(1), "Turn 11-13 år", { district: "stromso", min_age: "11", max_age: "13", weekdays: "tue 4" }), row(orgNumber(2), "Sjakk", { category: "chess", district: "", fee_nok: "299,50" })]);
    const run = await ctx.admin(["activities", "import", file]);
    expect(run.code).toBe(0);
    expect(run.out).toContain("activities import: 3 created, 0 updated, 0 unchanged, 0 refused");
    const older = await ctx.db.prisma.activity.findFirstOrThrow({ where: { title: "Turn 11-13 år" }, include: { district: true } });
    expect(older).toMatchObject({ approvalState: "PENDING", weekdays: [2, 4], minAge: 11, maxAge: 13, feeOre: 65_000, sessionsPerPeriod: 30 });
    expect(older.district!.name).toBe("Strømsø");
    expect(await ctx.db.prisma.activity.findFirstOrThrow({ where: { title: "Sjakk" } })).toMatchObject({ feeOre: 29_950, districtId: null });

    const audits = await auditCount();
    const again = await ctx.admin(["activities", "import", file]);
    expect(again.out).toContain("0 created, 0 updated, 3 unchanged, 0 refused");
    expect(await auditCount()).toBe(audits);
  });

  it("reports unknown district, negative fee, unknown club, bad ages, weekday and time with line numbers; nothing imported", async () => {
    const before = await ctx.db.prisma.activity.count();
    const file = ctx.csv("activities-bad.csv", [
      ACTIVITY_HEADER,
      row(orgNumber(1), "Ny turn", { district: "Atlantis" }),
      row(orgNumber(1), "Gratis?", { fee_nok: "-100" }),
      row(orgNumber(99), "Ukjent klubb"),
      row(orgNumber(1), "Baklengs", { min_age: "12", max_age: "8" }),
      row(orgNumber(1), "Feil dag", { weekdays: "fredag;blursday" }),
      row(orgNumber(1), "Feil tid", { start_time: "25:00" }),
      row(orgNumber(1), "Feil kategori", { category: "paintball" }),
      row(orgNumber(1), "Gyldig"),
      row(orgNumber(1), "gyldig"),
    ]);
    const run = await ctx.admin(["activities", "import", file]);
    expect(run.code).toBe(2);
    expect(run.out).toMatch(/line 2: district: "Atlantis" is not a district of the municipality \(/);
    expect(run.out).toContain("line 3: fee_nok: must be 0 or more");
    expect(run.out).toContain(`line 4: org_number: no club with organisation number ${orgNumber(99)} (import the providers first)`);
    expect(run.out).toContain("line 5: max_age: is below min_age (12)");
    expect(run.out).toContain('line 6: weekdays: "blursday" is not a weekday');
    expect(run.out).toContain("line 7: start_time: must be a time HH:MM");
    expect(run.out).toContain("line 8: category: is not a catalogue category");
    expect(run.out).toContain(`line 10: title: "gyldig" of ${orgNumber(1)} is also on line 9`);
    expect(run.err).toContain("8 of 9 rows have errors, nothing imported");
    expect(await ctx.db.prisma.activity.count()).toBe(before);
  });

  it("refuses a raised fee on an approved activity (the scheme forbids raising prices because of the card), applies a lowered one", async () => {
    await ctx.db.prisma.activity.updateMany({ where: { title: { in: ["Turn 8-10 år", "Turn 11-13 år"] } }, data: { approvalState: "APPROVED" } });
    const file = ctx.csv("activities-fees.csv", [ACTIVITY_HEADER, row(orgNumber(1), "Turn 8-10 år", { fee_nok: "900" }), row(orgNumber(1), "Turn 11-13 år", { district: "stromso", min_age: "11", max_age: "13", weekdays: "tue;thu", fee_nok: "500" })]);
    const run = await ctx.admin(["activities", "import", file]);
    expect(run.code).toBe(1);
    expect(run.out).toContain("activities import: 0 created, 1 updated, 0 unchanged, 1 refused");
    expect(run.out).toContain("line 2: refused: fee_nok: raised from 650 to 900 NOK on an approved activity; the scheme forbids raising prices because of the card");
    expect(run.err).toContain("failed: 1 row refused");
    expect(await ctx.db.prisma.activity.findFirstOrThrow({ where: { title: "Turn 8-10 år" } })).toMatchObject({ feeOre: 65_000, approvalState: "APPROVED" });
    expect(await ctx.db.prisma.activity.findFirstOrThrow({ where: { title: "Turn 11-13 år" } })).toMatchObject({ feeOre: 50_000, approvalState: "APPROVED" });
    const audit = await ctx.db.prisma.auditLog.findFirstOrThrow({ where: { action: "activity.updated" }, orderBy: { id: "desc" } });
    expect(audit.data).toMatchObject({ changed: ["feeOre"], feeOre: { from: 65_000, to: 50_000 } });
  });

  it("sends an approved activity back for approval when its sessions change", async () => {
    const file = ctx.csv("activities-sessions.csv", [ACTIVITY_HEADER, row(orgNumber(1), "Turn 8-10 år", { sessions: "6" })]);
    expect((await ctx.admin(["activities", "import", file])).code).toBe(0);
    expect(await ctx.db.prisma.activity.findFirstOrThrow({ where: { title: "Turn 8-10 år" } })).toMatchObject({ sessionsPerPeriod: 6, approvalState: "PENDING" });
  });

  it("checks without writing under --dry-run", async () => {
    const file = ctx.csv("activities-dry.csv", [ACTIVITY_HEADER, row(orgNumber(2), "Tørrsvømming", { category: "swimming" })]);
    const run = await ctx.admin(["activities", "import", file, "--dry-run"]);
    expect(run.out).toContain("activities import (dry run): 1 valid rows, 0 invalid; nothing written");
    expect(await ctx.db.prisma.activity.findFirst({ where: { title: "Tørrsvømming" } })).toBeNull();
  });
});
