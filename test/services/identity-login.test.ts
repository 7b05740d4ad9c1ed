import { describe, expect, it } from "vitest";
import { checkLoginToken, createLoginToken, LOGIN_TOKEN_TTL_MS, redeemLoginToken } from "../../services/identity-login.ts";
import { resolveChannelIdentity } from "../../services/identity.ts";
import { testClock } from "../support/clock.ts";
import { useTestDatabase } from "../support/database.ts";
import { createFamily, createMunicipality } from "../support/fixtures.ts";

const ctx = useTestDatabase();
const clock = testClock();
const at = (ms: number) => new Date(clock.now().getTime() + ms);

async function unverifiedParent(address: string) {
  const municipality = await createMunicipality(ctx.db.prisma);
  const { guardian } = await createFamily(ctx.db.prisma, municipality.id, ["2015-01-01"]);
  const identity = await resolveChannelIdentity(ctx.db, { channel: "SMS", address, now: clock.now() });
  return { guardian, identityId: identity.identityId };
}

describe("login tokens (their own table: single use, expiring, hashed)", () => {
  it("stores a token only as its hash, in the LoginToken table and nowhere in bot state", async () => {
    const { identityId } = await unverifiedParent("+4799998001");
    const token = await createLoginToken(ctx.db, { identityId, now: clock.now() });

    const rows = await ctx.db.prisma.loginToken.findMany({ where: { identityId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBe(LOGIN_TOKEN_TTL_MS);
    // The raw token is in no table at all (the bot-state table used to hold login tokens).
    const everywhere = await ctx.db.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM "ConversationState" WHERE key LIKE 'login-token:%' OR data::text LIKE $1`,
      [`%${token}%`],
    );
    expect(everywhere[0]!.n).toBe(0);
  });

  it("is spent once, even by two requests at the same moment", async () => {
    const { guardian, identityId } = await unverifiedParent("+4799998002");
    const token = await createLoginToken(ctx.db, { identityId, now: clock.now() });
    const results = await Promise.allSettled([1, 2].map(() => redeemLoginToken(ctx.db, { token, personId: guardian.id, now: at(60_000), method: "idporten" })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(results.find((result) => result.status === "rejected")).toMatchObject({ reason: { code: "UNAUTHORIZED" } });
    await expect(checkLoginToken(ctx.db, { token, now: at(61_000) })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const audit = await ctx.db.prisma.auditLog.findMany({ where: { action: "identity.linked", entityId: identityId } });
    expect(audit.map((row) => row.data)).toEqual([{ method: "idporten" }]);
  });

  it("expires after 15 minutes, and a spent-or-expired link changes nothing", async () => {
    const { guardian, identityId } = await unverifiedParent("+4799998003");
    const token = await createLoginToken(ctx.db, { identityId, now: clock.now() });
    await expect(checkLoginToken(ctx.db, { token, now: at(LOGIN_TOKEN_TTL_MS) })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(redeemLoginToken(ctx.db, { token, personId: guardian.id, now: at(LOGIN_TOKEN_TTL_MS) })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const identity = await ctx.db.prisma.channelIdentity.findUniqueOrThrow({ where: { id: identityId } });
    expect(identity).toMatchObject({ personId: null, verifiedAt: null });
  });

  it("refuses an unknown person without spending the token", async () => {
    const { guardian, identityId } = await unverifiedParent("+4799998004");
    const token = await createLoginToken(ctx.db, { identityId, now: clock.now() });
    await expect(redeemLoginToken(ctx.db, { token, personId: "no-such-person", now: at(1000) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await redeemLoginToken(ctx.db, { token, personId: guardian.id, now: at(2000) });
  });

  it("clears expired tokens away when a new one is made", async () => {
    const { identityId } = await unverifiedParent("+4799998005");
    await createLoginToken(ctx.db, { identityId, now: clock.now() });
    await createLoginToken(ctx.db, { identityId, now: at(LOGIN_TOKEN_TTL_MS + 1) });
    expect(await ctx.db.prisma.loginToken.count({ where: { identityId } })).toBe(1);
  });
});
