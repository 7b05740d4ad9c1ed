import { createHash, randomBytes } from "node:crypto";
import type { Database } from "./db/database.ts";
import { inTransaction } from "./db/transaction.ts";
import { recordAudit } from "./audit.ts";
import { AppError } from "./errors.ts";

/**
 * One-time login links that tie a chat identity (a phone, a web chat user) to a verified person.
 * In production the link starts an OpenID Connect login with ID-porten (bot/auth/); the embedded
 * default has a local stand-in page (bot/dev-login-routes.ts) that lists the demo persons instead.
 *
 * A token has its own row (LoginToken): only its SHA-256 hash is stored, so a database copy holds
 * no usable link; it expires after 15 minutes and is spent once — redeeming sets `usedAt` only
 * where it is still null, which one of two concurrent requests wins.
 */
export const LOGIN_TOKEN_TTL_MS = 15 * 60 * 1000;

/** How a person proved who they are; recorded on the audit row of the link. */
export type LoginMethod = "idporten" | "dev-login";

const UNUSABLE = "the login link is unknown, used or expired";
const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** Use case: a fresh single-use login token for a channel identity. */
export async function createLoginToken(db: Database, options: { identityId: string; now: Date }): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await inTransaction(db, async (tx) => {
    // Expired links are of no use to anyone: each new one clears them away.
    await tx.loginToken.deleteMany({ where: { expiresAt: { lt: options.now } } });
    await tx.loginToken.create({
      data: { tokenHash: hashOf(token), identityId: options.identityId, createdAt: options.now, expiresAt: new Date(options.now.getTime() + LOGIN_TOKEN_TTL_MS) },
    });
  });
  return token;
}

/** Whether a token can still be used (the login pages start only then). Reads only. */
export async function checkLoginToken(db: Database, options: { token: string; now: Date }): Promise<{ identityId: string; language: string | null }> {
  const row = await db.prisma.loginToken.findUnique({
    where: { tokenHash: hashOf(options.token) },
    select: { identityId: true, expiresAt: true, usedAt: true, identity: { select: { language: true } } },
  });
  if (!row || row.usedAt !== null || row.expiresAt <= options.now) throw new AppError("UNAUTHORIZED", UNUSABLE);
  return { identityId: row.identityId, language: row.identity.language };
}

/**
 * Use case: the person proved who they are (ID-porten in production, the stand-in page here):
 * the token is spent and the channel identity is linked and verified, with its audit row.
 */
export async function redeemLoginToken(db: Database, options: { token: string; personId: string; now: Date; method?: LoginMethod }): Promise<{ identityId: string }> {
  const tokenHash = hashOf(options.token);
  return inTransaction(db, async (tx) => {
    const person = await tx.person.findUnique({ where: { id: options.personId }, select: { id: true, municipalityId: true } });
    if (!person) throw new AppError("NOT_FOUND", "no such person", { personId: options.personId });
    const { count } = await tx.loginToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: options.now } }, data: { usedAt: options.now } });
    if (count !== 1) throw new AppError("UNAUTHORIZED", UNUSABLE);
    const { identityId } = await tx.loginToken.findUniqueOrThrow({ where: { tokenHash }, select: { identityId: true } });
    await tx.channelIdentity.update({ where: { id: identityId }, data: { personId: person.id, verifiedAt: options.now } });
    await recordAudit(tx, { municipalityId: person.municipalityId, actorId: person.id, action: "identity.linked", entityType: "ChannelIdentity", entityId: identityId, data: { method: options.method ?? "dev-login" }, at: options.now });
    return { identityId };
  });
}

/**
 * Reads only: the person the population register's opaque reference names (ID-porten's login
 * finds it from the national identity number through services/registry/; the number itself never
 * reaches this table). Null when the municipality does not know them.
 */
export async function findPersonByRegistryRef(db: Database, options: { registryRef: string; municipalityId?: string }): Promise<{ id: string } | null> {
  const person = await db.prisma.person.findUnique({ where: { registryRef: options.registryRef }, select: { id: true, municipalityId: true } });
  if (!person || (options.municipalityId && person.municipalityId !== options.municipalityId)) return null;
  return { id: person.id };
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
