import { describe, expect, it } from "vitest";
import { bankAccount, orgNumber, useAdmin } from "./support.ts";

const ctx = useAdmin();

const PROVIDER_HEADER = "org_number,name,bank_account,police_certificates,contact_given_name,contact_family_name,contact_phone,contact_language";
const ACTIVITY_HEADER = "org_number,title,description,category,min_age,max_age,weekdays,start_time,duration_minutes,address,sessions,fee_nok,capacity";

const GOOD = orgNumber(1);
const NO_CERTIFICATE = orgNumber(2);
const smsTo = (phone: string) => ctx.db.prisma.outboxMessage.findMany({ where: { recipient: phone }, orderBy: { createdAt: "asc" } });
const activityId = async (title: string) => (await ctx.db.prisma.activity.findFirstOrThrow({ where: { title } })).id;

describe("approvals from the command line", () => {
  it("imports two clubs and their activities to decide on", async () => {
    const providers = ctx.csv("providers.csv", [
      PROVIDER_HEADER,
      `${GOOD},Godkjent IL,${bankAccount(1)},yes,Marte,Leder,+4799991901,en`,
      `${NO_CERTIFICATE},Uten Attest IL,${bankAccount(2)},no,Per,Leder,+4799991902,nb`,
    ]);
    expect((await ctx.admin(["providers", "import", providers])).code).toBe(0);
    const activities = ctx.csv("activities.csv", [
      ACTIVITY_HEADER,
      `${GOOD},Turn,Turn med instruktør.,gymnastics,6,12,mon,17:00,60,Hallen,30,600,20`,
      `${GOOD},Kurs på fire kvelder,Et kort kurs.,art,8,14,tue,18:00,90,Huset,4,200,10`,
      `${GOOD},Sommerleir,En uke i telt.,camp,10,16,mon,09:00,480,Skogen,20,1500,30`,
      `${GOOD},Dans,Dans for barn.,dance,6,12,wed,17:00,60,Salen,25,700,20`,
      `${NO_CERTIFICATE},Fotball,Trening.,football,8,12,thu,17:00,90,Banen,30,800,25`,
    ]);
    expect((await ctx.admin(["activities", "import", activities])).code).toBe(0);
  });

  it("lists what waits, each with what would refuse it today", async () => {
    const run = await ctx.admin(["activities", "pending"]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/Turn — Godkjent IL \(\d{9}\), gymnastics, 30 sessions, NOK 600\n {4}would be refused: the club is not approved \(PENDING\)/);
    expect(run.out).toContain("would be refused: the club is not approved (PENDING); 4 sessions per half-year, the scheme needs at least 8");
    expect(run.out).toContain("the category camp is excluded by the scheme");
    expect(run.out).toContain("5 activities pending: 0 can be approved, 5 would be refused");
  });

  it("refuses to approve a club without a police certificate on file, and changes nothing", async () => {
    const run = await ctx.admin(["providers", "approve", NO_CERTIFICATE]);
    expect(run.code).toBe(1);
    expect(run.err).toBe("refused: Uten Attest IL cannot be approved: no police certificate (politiattest) on file for the club's leaders");
    expect(await ctx.db.prisma.provider.findUniqueOrThrow({ where: { orgNumber: NO_CERTIFICATE } })).toMatchObject({ approvalState: "PENDING" });
    expect(await smsTo("+4799991902")).toEqual([]);
  });

  it("approves a club, records the reason, and tells its contact in their language; a second approve tells nobody again", async () => {
    const run = await ctx.admin(["providers", "approve", GOOD, "--reason", "attest og konto kontrollert"]);
    expect(run.code).toBe(0);
    expect(run.out).toBe("Godkjent IL (" + GOOD + ") approved; 1 contact told by SMS");
    const provider = await ctx.db.prisma.provider.findUniqueOrThrow({ where: { orgNumber: GOOD } });
    expect(provider).toMatchObject({ approvalState: "APPROVED", approvedAt: ctx.clock.now() });
    const audit = await ctx.db.prisma.auditLog.findFirstOrThrow({ where: { action: "provider.approved", entityId: provider.id } });
    expect(audit.data).toMatchObject({ from: "PENDING", to: "APPROVED", reason: "attest og konto kontrollert", via: "admin-cli" });
    expect((await smsTo("+4799991901")).map((message) => message.body)).toEqual(["Godkjent IL is approved as a Fritidskortet provider. Your activities can now be approved."]);

    const again = await ctx.admin(["providers", "approve", GOOD]);
    expect(again.out).toContain("was already approved: nothing changed, nobody told again");
    expect(await smsTo("+4799991901")).toHaveLength(1);
  });

  it("applies the scheme's rules to activities: too few sessions, an excluded category, a club without approval", async () => {
    const few = await ctx.admin(["activities", "approve", await activityId("Kurs på fire kvelder")]);
    expect(few).toMatchObject({ code: 1, err: "refused: Kurs på fire kvelder cannot be approved: 4 sessions per half-year, the scheme needs at least 8" });
    const camp = await ctx.admin(["activities", "approve", await activityId("Sommerleir")]);
    expect(camp.err).toBe("refused: Sommerleir cannot be approved: the category camp is excluded by the scheme");
    const club = await ctx.admin(["activities", "approve", await activityId("Fotball")]);
    expect(club.err).toBe("refused: Fotball cannot be approved: the club is not approved (PENDING); no police certificate (politiattest) on file for the club's leaders");
    expect(await ctx.db.prisma.activity.count({ where: { approvalState: "APPROVED" } })).toBe(0);
  });

  it("approves an activity that meets the rules and tells the club", async () => {
    const id = await activityId("Turn");
    const run = await ctx.admin(["activities", "approve", id]);
    expect(run).toMatchObject({ code: 0, out: `Turn (${id}) approved; 1 club contact told by SMS` });
    expect(await ctx.db.prisma.activity.findUniqueOrThrow({ where: { id } })).toMatchObject({ approvalState: "APPROVED" });
    expect((await smsTo("+4799991901")).at(-1)!.body).toBe('"Turn" (Godkjent IL) is approved for Fritidskortet. Children can now pay with the card.');
  });

  it("rejects only with a reason, which the club is told and the audit log keeps", async () => {
    const id = await activityId("Dans");
    const bare = await ctx.admin(["activities", "reject", id]);
    expect(bare).toMatchObject({ code: 2, err: "refused: a rejection needs a reason (at least 3 characters): the club is told why" });
    const run = await ctx.admin(["activities", "reject", id, "--reason", "Samme tilbud finnes allerede"]);
    expect(run.code).toBe(0);
    expect((await smsTo("+4799991901")).at(-1)!.body).toBe('"Dans" (Godkjent IL) is not approved for Fritidskortet. Reason: Samme tilbud finnes allerede');
    const audit = await ctx.db.prisma.auditLog.findFirstOrThrow({ where: { action: "activity.rejected", entityId: id } });
    expect(audit.data).toMatchObject({ reason: "Samme tilbud finnes allerede", from: "PENDING", to: "REJECTED" });

    const club = await ctx.admin(["providers", "reject", NO_CERTIFICATE, "--reason", "Mangler politiattest"]);
    expect(club.code).toBe(0);
    expect((await smsTo("+4799991902")).map((message) => message.body)).toEqual(["Uten Attest IL er ikke godkjent som arrangør i Fritidskortet. Begrunnelse: Mangler politiattest"]);
  });

  it("answers bad input with exit code 2 and one line", async () => {
    expect(await ctx.admin(["providers", "approve", "12345"])).toMatchObject({ code: 2, err: expect.stringContaining("org-number: must be a 9-digit organisation number") });
    expect(await ctx.admin(["providers", "approve", orgNumber(50)])).toMatchObject({ code: 2, err: `refused: no club with organisation number ${orgNumber(50)}` });
    expect(await ctx.admin(["activities", "approve", "no-such-activity"])).toMatchObject({ code: 2, err: "refused: no activity no-such-activity" });
    expect(await ctx.admin(["activities", "approve"])).toMatchObject({ code: 2, err: expect.stringContaining("missing <activity-id>") });
    expect(await ctx.admin(["providers", "approve", GOOD, "--colour", "red"])).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--colour'") });
    expect(await ctx.admin(["activities", "launch"])).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "activities launch"') });
  });
});
