import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Database } from "./db/database.ts";
import { inTransaction } from "./db/transaction.ts";
import { recordAudit } from "./audit.ts";
import { AppError } from "./errors.ts";

/**
 * One-time login links that tie a chat identity (a phone, a web chat user) to a verified person.
 * In production the link starts an OpenID Connect login with ID-porten; the embedded default has a
 * local stand-in page (bot/dev-login-routes.ts) that lists the demo persons instead.
 *
 * The schema has no table for login tokens, so a token lives in the key/value table of bot state
 * (ConversationState) under "login-token:<sha256 of the token>": only its hash is stored, and
 * redeeming deletes the row, which makes a token single-use even under concurrent requests.
 */
export const LOGIN_TOKEN_TTL_MS = 15 * 60 * 1000;

const TokenData = z.object({ identityId: z.string(), expiresAt: z.string() });
const keyOf = (token: string) => `login-token:${createHash("sha256").update(token).digest("hex")}`;

/** Use case: a fresh single-use login token for a channel identity. */
export async function createLoginToken(db: Database, options: { identityId: string; now: Date }): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  const data = { identityId: options.identityId, expiresAt: new Date(options.now.getTime() + LOGIN_TOKEN_TTL_MS).toISOString() };
  await db.prisma.conversationState.create({ data: { key: keyOf(token), data, etag: "1" } });
  return token;
}

/** Whether a token can still be used (the page shows the persons only then). */
export async function checkLoginToken(db: Database, options: { token: string; now: Date }): Promise<{ identityId: string; language: string | null }> {
  const row = await db.prisma.conversationState.findUnique({ where: { key: keyOf(options.token) } });
  const data = row ? TokenData.safeParse(row.data) : undefined;
  if (!data?.success || new Date(data.data.expiresAt) <= options.now) throw new AppError("UNAUTHORIZED", "the login link is unknown, used or expired");
  const identity = await db.prisma.channelIdentity.findUnique({ where: { id: data.data.identityId }, select: { language: true } });
  return { identityId: data.data.identityId, language: identity?.language ?? null };
}

/**
 * Use case: the person proved who they are (ID-porten in production, the stand-in page here):
 * the token is spent and the channel identity is linked and verified, with its audit row.
 */
export async function redeemLoginToken(db: Database, options: { token: string; personId: string; now: Date }): Promise<{ identityId: string }> {
  const { identityId } = await checkLoginToken(db, options);
  return inTransaction(db, async (tx) => {
    const { count } = await tx.conversationState.deleteMany({ where: { key: keyOf(options.token) } });
    if (count !== 1) throw new AppError("UNAUTHORIZED", "the login link is unknown, used or expired");
    const person = await tx.person.findUnique({ where: { id: options.personId }, select: { id: true, municipalityId: true } });
    if (!person) throw new AppError("NOT_FOUND", "no such person", { personId: options.personId });
    await tx.channelIdentity.update({ where: { id: identityId }, data: { personId: person.id, verifiedAt: options.now } });
    await recordAudit(tx, { municipalityId: person.municipalityId, actorId: person.id, action: "identity.linked", entityType: "ChannelIdentity", entityId: identityId, data: { method: "dev-login" }, at: options.now });
    return { identityId };
  });
}

/** The stand-in's choice of persons: guardians and youths with a channel identity (the demo ones). */
export async function listLoginPersons(db: Database, options: { municipalityId?: string; limit?: number } = {}) {
  const rows = await db.prisma.person.findMany({
    where: { ...(options.municipalityId ? { municipalityId: options.municipalityId } : {}), channels: { some: {} }, staff: null, providerContacts: { none: {} } },
    select: { id: true, givenName: true, familyName: true, guardianOf: { select: { child: { select: { givenName: true } } } } },
    orderBy: { id: "asc" },
    take: options.limit ?? 20,
  });
  return rows.map((row) => ({ id: row.id, name: `${row.givenName} ${row.familyName}`, children: row.guardianOf.map((g) => g.child.givenName) }));
}
