import { beforeAll, describe, expect, it } from "vitest";
import { requestAccommodation } from "../../../services/accommodation/request-accommodation.ts";
import { signUpChild } from "../../../services/enrollment/sign-up.ts";
import { isAppError } from "../../../services/errors.ts";
import { completePrivacyRequest, listPrivacyRequests } from "../../../services/privacy/complete-privacy-request.ts";
import { eraseMyData } from "../../../services/privacy/erase-my-data.ts";
import { redeemDataExport, requestDataExport } from "../../../services/privacy/export-my-data.ts";
import type { StaffPrincipal } from "../../../services/staff/find-staff-member.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createActivity, createCaseworker, createFamily, createMunicipality, createPerson, createProvider, scheme } from "../../support/fixtures.ts";

const ctx = useTestDatabase();
const today = "2026-09-15";
const now = new Date("2026-09-15T10:30:00Z");
const text = (language: string, key: string, values?: Record<string, unknown>) => `${language}:${key}:${JSON.stringify(values ?? {})}`;
let municipalityId: string;
let providerId: string;
let officer: StaffPrincipal;
let phoneCounter = 0;
const newPhone = () => `+4799997${String(phoneCounter++).padStart(3, "0")}`;

async function staff(role: "PRIVACY_OFFICER" | "CASEWORKER", inMunicipality = municipalityId): Promise<StaffPrincipal> {
  const person = await createPerson(ctx.db.prisma, inMunicipality, { givenName: role });
  await ctx.db.prisma.staffMember.create({ data: { personId: person.id, municipalityId: inMunicipality, role } });
  return { personId: person.id, municipalityId: inMunicipality, role, givenName: role, service: null };
}

/** A family of one guardian (verified on SMS and in web chat) with a child signed up and an accommodation thread. */
async function family() {
  const { guardian, children: [child] } = await createFamily(ctx.db.prisma, municipalityId, ["2015-06-09"]);
  const phone = newPhone();
  const sms = await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: phone, personId: guardian.id, verifiedAt: now } });
  await ctx.db.prisma.channelIdentity.create({ data: { channel: "WEBCHAT", address: `dl_${phone}`, personId: guardian.id, verifiedAt: now } });
  await ctx.db.prisma.directLineConversation.create({ data: { id: `conv-${phone}`, userId: `dl_${phone}`, activities: { create: [{ seq: 1, activity: { text: "hei", from: { role: "user" } } }] } } });
  await ctx.db.prisma.conversationState.create({ data: { key: `sms/users/${phone}/`, data: {}, etag: "1" } });
  await ctx.db.prisma.outboxMessage.create({ data: { channel: "SMS", recipient: phone, body: "Jonas er påmeldt", status: "SENT" } });
  const activity = await createActivity(ctx.db.prisma, providerId);
  const { enrollmentId } = await signUpChild(ctx.db, { municipalityId, childId: child!.id, activityId: activity.id, actorId: guardian.id, today, now, scheme });
  const { requestId } = await requestAccommodation(ctx.db, { enrollmentId, requestedById: guardian.id, needs: ["allergy"], today, now });
  await ctx.db.prisma.accommodationMessage.create({ data: { requestId, authorId: guardian.id, body: "Han har nøtteallergi" } });
  return { guardian, child: child!, phone, identityId: sms.id, accommodationId: requestId };
}

beforeAll(async () => {
  municipalityId = (await createMunicipality(ctx.db.prisma)).id;
  providerId = (await createProvider(ctx.db.prisma, municipalityId)).id;
  officer = await staff("PRIVACY_OFFICER");
  await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: newPhone(), personId: officer.personId, verifiedAt: now } });
});

describe("delete my data", () => {
  it("erases every identity of the person and their messages at once, and tells the privacy officer", async () => {
    const { guardian, phone, identityId, accommodationId } = await family();
    const erased = await eraseMyData(ctx.db, { identityId, municipalityId, now, text });
    expect(erased).toMatchObject({ personId: guardian.id, identities: 2, messages: 2, officersTold: [officer.personId] });
    expect(await ctx.db.prisma.channelIdentity.count({ where: { personId: guardian.id } })).toBe(0);
    expect(await ctx.db.prisma.directLineActivity.count({ where: { conversation: { userId: `dl_${phone}` } } })).toBe(0);
    expect(await ctx.db.prisma.conversationState.count({ where: { key: `sms/users/${phone}/` } })).toBe(0);
    expect(await ctx.db.prisma.outboxMessage.count({ where: { recipient: phone } })).toBe(0);
    const bodies = await ctx.db.prisma.accommodationMessage.findMany({ where: { requestId: accommodationId, authorId: guardian.id }, select: { body: true } });
    expect(bodies.every((m) => m.body === "")).toBe(true);
    const notice = await ctx.db.prisma.outboxMessage.findFirstOrThrow({ where: { body: { contains: "privacy:officer_notice" } } });
    expect(notice.body).toBe(`nb:privacy:officer_notice:${JSON.stringify({ ref: erased.requestId.slice(-8).toUpperCase() })}`);
    expect(await ctx.db.prisma.privacyRequest.findUniqueOrThrow({ where: { id: erased.requestId } })).toMatchObject({ kind: "DELETE", status: "PENDING", requestedAt: now });
  });

  it("keeps a number that said STOP as an opt-out only, so it is never texted again", async () => {
    const { guardian, phone, identityId } = await family();
    await ctx.db.prisma.channelIdentity.update({ where: { id: identityId }, data: { optedOutAt: now } });
    await eraseMyData(ctx.db, { identityId, municipalityId, now, text });
    expect(await ctx.db.prisma.channelIdentity.findUniqueOrThrow({ where: { id: identityId } })).toMatchObject({ address: phone, personId: null, verifiedAt: null, optedOutAt: now });
    expect(await ctx.db.prisma.channelIdentity.count({ where: { personId: guardian.id } })).toBe(0);
  });

  it("for a number linked to nobody, erases it and records the request as completed", async () => {
    const identity = await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: newPhone() } });
    const erased = await eraseMyData(ctx.db, { identityId: identity.id, municipalityId, now, text });
    expect(erased).toMatchObject({ personId: null, identities: 1, officersTold: [] });
    expect(await ctx.db.prisma.privacyRequest.findUniqueOrThrow({ where: { id: erased.requestId } })).toMatchObject({ status: "COMPLETED", completedAt: now });
  });
});

describe("the privacy officer completes a deletion", () => {
  it("pseudonymises the person and a child in no one else's care; keeps the ledger; empties health details", async () => {
    const { guardian, child, identityId, accommodationId } = await family();
    const { requestId } = await eraseMyData(ctx.db, { identityId, municipalityId, now, text });
    const transfers = await ctx.db.prisma.ledgerTransfer.count({ where: { enrollmentId: { not: null } } });
    const later = new Date(now.getTime() + 86_400_000);
    const done = await completePrivacyRequest(ctx.db, { requestId, officer, now: later });
    expect(done).toEqual({ requestId, status: "COMPLETED", pseudonymised: [guardian.id, child.id], childrenKept: [] });
    expect(await ctx.db.prisma.person.findUniqueOrThrow({ where: { id: guardian.id } })).toMatchObject({ givenName: "Slettet", familyName: requestId.slice(-8).toUpperCase(), registryRef: null, birthDate: null, residentFrom: null });
    const pseudoChild = await ctx.db.prisma.person.findUniqueOrThrow({ where: { id: child.id } });
    expect(pseudoChild).toMatchObject({ givenName: "Slettet", registryRef: null });
    expect(pseudoChild.birthDate?.toISOString().slice(0, 10)).toBe("2015-01-01");
    expect(await ctx.db.prisma.accommodationRequest.findUniqueOrThrow({ where: { id: accommodationId } })).toMatchObject({ needs: [] });
    expect((await ctx.db.prisma.accommodationMessage.findMany({ where: { requestId: accommodationId } })).every((m) => m.body === "")).toBe(true);
    expect(await ctx.db.prisma.ledgerTransfer.count({ where: { enrollmentId: { not: null } } })).toBe(transfers);
    expect(await ctx.db.prisma.privacyRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "COMPLETED", completedAt: later, handledById: officer.personId });
    await expect(completePrivacyRequest(ctx.db, { requestId, officer, now: later })).rejects.toSatisfy((error) => isAppError(error, "CONFLICT"));
  });

  it("is refused to a caseworker (FORBIDDEN) and to another municipality's officer (NOT_FOUND)", async () => {
    const { identityId } = await family();
    const { requestId } = await eraseMyData(ctx.db, { identityId, municipalityId, now, text });
    const caseworker = await createCaseworker(ctx.db.prisma, municipalityId);
    const asCaseworker: StaffPrincipal = { personId: caseworker.id, municipalityId, role: "CASEWORKER", givenName: "S", service: "NAV" };
    await expect(completePrivacyRequest(ctx.db, { requestId, officer: asCaseworker, now })).rejects.toSatisfy((error) => isAppError(error, "FORBIDDEN"));
    await expect(listPrivacyRequests(ctx.db, { officer: asCaseworker })).rejects.toSatisfy((error) => isAppError(error, "FORBIDDEN"));
    const elsewhere = await staff("PRIVACY_OFFICER", (await createMunicipality(ctx.db.prisma)).id);
    await expect(completePrivacyRequest(ctx.db, { requestId, officer: elsewhere, now })).rejects.toSatisfy((error) => isAppError(error, "NOT_FOUND"));
    expect(await listPrivacyRequests(ctx.db, { officer: elsewhere })).toEqual([]);
    expect(await ctx.db.prisma.privacyRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "PENDING" });
  });
});

describe("innsyn (the export)", () => {
  it("needs a verified identity, is served once, and expires", async () => {
    const { guardian, child, identityId } = await family();
    const stranger = await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: newPhone() } });
    await expect(requestDataExport(ctx.db, { identityId: stranger.id, now })).rejects.toSatisfy((error) => isAppError(error, "UNAUTHORIZED"));

    const { token } = await requestDataExport(ctx.db, { identityId, now });
    const data = await redeemDataExport(ctx.db, { token, now });
    expect(data.person).toMatchObject({ id: guardian.id, givenName: guardian.givenName });
    expect(data.children).toEqual([expect.objectContaining({ id: child.id, birthDate: "2015-06-09" })]);
    const [thread] = data.children[0]!.accommodationRequests;
    expect(thread).toMatchObject({ needs: ["allergy"], requestedBy: "you", consentAt: now.toISOString() });
    expect(thread!.messages).toContainEqual(expect.objectContaining({ from: "you", body: "Han har nøtteallergi" }));
    expect(data.children[0]!.enrollments).toEqual([expect.objectContaining({ status: "PENDING", signedUpBy: "you" })]);
    expect(data.children[0]!.cards).toEqual([]); // no allocation in this test's ledger
    expect(data.consents).toHaveLength(1);
    expect(data.messages.outbox).toEqual([expect.objectContaining({ body: "Jonas er påmeldt" })]);
    expect(data.messages.webChat[0]!.activities).toEqual([expect.objectContaining({ from: "you", text: "hei" })]);
    await expect(redeemDataExport(ctx.db, { token, now })).rejects.toSatisfy((error) => isAppError(error, "NOT_FOUND"));

    const second = await requestDataExport(ctx.db, { identityId, now });
    await expect(redeemDataExport(ctx.db, { token: second.token, now: second.expiresAt })).rejects.toSatisfy((error) => isAppError(error, "NOT_FOUND"));
  });

  it("a deletion spends an export link not yet used", async () => {
    const { identityId } = await family();
    const { token } = await requestDataExport(ctx.db, { identityId, now });
    await eraseMyData(ctx.db, { identityId, municipalityId, now, text });
    await expect(redeemDataExport(ctx.db, { token, now })).rejects.toSatisfy((error) => isAppError(error, "NOT_FOUND"));
  });
});
