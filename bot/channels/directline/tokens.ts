import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock } from "../../../services/clock.ts";

/** Direct Line tokens live 30 minutes, as Microsoft's do; clients refresh them halfway. */
export const TOKEN_LIFETIME_SECONDS = 1800;

export interface DirectLineTokenClaims {
  /** The one conversation this token may use. */
  conv: string;
  /** The user the token speaks for (Direct Line's "dl_…" ids). */
  user: string;
  iat: number;
  exp: number;
}

const HEADER = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
const ISSUER = "fritidskort-directline";

/**
 * Direct Line tokens: compact JWTs (HS256, HMAC-SHA256 with a server secret), bound to one
 * conversation and one user, expiring. The official clients read the `user` claim of a token
 * (botframework-directlinejs does), so a JWT is what they expect; nothing else about the token
 * is trusted until its signature is checked here.
 */
export class DirectLineTokens {
  constructor(
    private readonly key: Buffer,
    /** Issue and expiry times come from it. */
    private readonly clock: Clock,
    readonly lifetimeSeconds = TOKEN_LIFETIME_SECONDS,
  ) {
    if (key.length < 32) throw new Error("a Direct Line token key needs at least 32 bytes");
  }

  /**
   * The signing key: TOKEN_SECRET if set, else derived from DIRECT_LINE_SECRET (HKDF), else — in
   * development only — random per process (tokens then end with a restart).
   */
  static keyFrom(secrets: { tokenSecret?: string; directLineSecret?: string }): { key: Buffer; ephemeral: boolean } {
    if (secrets.tokenSecret) return { key: Buffer.from(secrets.tokenSecret, "utf8"), ephemeral: false };
    if (secrets.directLineSecret) {
      return { key: Buffer.from(hkdfSync("sha256", secrets.directLineSecret, "fritidskort", "direct-line-token-signing", 32)), ephemeral: false };
    }
    return { key: randomBytes(32), ephemeral: true };
  }

  issue(conversationId: string, userId: string): { token: string; expires_in: number } {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const claims = { iss: ISSUER, conv: conversationId, user: userId, iat, exp: iat + this.lifetimeSeconds };
    const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
    return { token: `${body}.${this.sign(body)}`, expires_in: this.lifetimeSeconds };
  }

  /** The token's claims if its signature is ours and it has not expired; else undefined. */
  verify(token: string): DirectLineTokenClaims | undefined {
    const parts = token.split(".");
    if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let claims: Partial<DirectLineTokenClaims> & { iss?: string };
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
    } catch {
      return undefined;
    }
    if (claims.iss !== ISSUER || typeof claims.conv !== "string" || typeof claims.user !== "string" || typeof claims.exp !== "number" || typeof claims.iat !== "number") return undefined;
    if (claims.exp * 1000 <= this.clock.now().getTime()) return undefined;
    return { conv: claims.conv, user: claims.user, iat: claims.iat, exp: claims.exp };
  }

  /** Seconds until the token expires (for `expires_in` when a token is handed back). */
  secondsLeft(claims: DirectLineTokenClaims): number {
    return Math.max(0, claims.exp - Math.floor(this.clock.now().getTime() / 1000));
  }

  private sign(body: string): string {
    return createHmac("sha256", this.key).update(body).digest("base64url");
  }
}

/** Compares a presented secret with ours in constant time. */
export function isSecret(presented: string, secret: string | undefined): boolean {
  if (!secret) return false;
  const a = createHmac("sha256", "compare").update(presented).digest();
  const b = createHmac("sha256", "compare").update(secret).digest();
  return timingSafeEqual(a, b);
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}
