import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Clock } from "../../services/clock.ts";

export const LOGIN_COOKIE = "fk_idporten_login";
/** Long enough to log in at ID-porten (the login token itself lives 15 minutes). */
export const LOGIN_COOKIE_TTL_SECONDS = 10 * 60;

/** What the callback needs to finish the login that this browser started. */
export interface LoginAttempt {
  /** The one-time login token the chat handed out (its link started this login). */
  token: string;
  state: string;
  nonce: string;
  /** PKCE: only the callback, holding this, can exchange the code ID-porten hands back. */
  codeVerifier: string;
}

const Sealed = z.object({ token: z.string(), state: z.string(), nonce: z.string(), codeVerifier: z.string(), exp: z.number() });

/**
 * The login attempt travels in a cookie of its own, sealed with AES-256-GCM (so it is signed and
 * unreadable: the browser cannot change it or read the login token and PKCE verifier out of it),
 * httpOnly, path-bound to /auth/idporten and short-lived. It binds the callback to the browser and
 * the one-time token that started the login, so no server-side session store is needed and any
 * process can take the callback.
 */
export class LoginCookies {
  constructor(
    private readonly key: Buffer,
    private readonly clock: Clock,
    /** Secure cookies when the service is reached over https (always in production). */
    private readonly secure: boolean,
    private readonly path = "/auth/idporten",
  ) {
    if (key.length !== 32) throw new Error("the login cookie key must be 32 bytes");
  }

  /** The Set-Cookie value that starts a login. */
  seal(attempt: LoginAttempt): string {
    const exp = Math.floor(this.clock.now().getTime() / 1000) + LOGIN_COOKIE_TTL_SECONDS;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify({ ...attempt, exp }), "utf8"), cipher.final()]);
    const value = Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
    return this.cookie(value, LOGIN_COOKIE_TTL_SECONDS);
  }

  /** The attempt in a request's Cookie header, if it is ours, intact and not expired. */
  open(cookieHeader: string | undefined): LoginAttempt | undefined {
    const value = cookieHeader
      ?.split(";")
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${LOGIN_COOKIE}=`))
      ?.slice(LOGIN_COOKIE.length + 1);
    if (!value) return undefined;
    try {
      const raw = Buffer.from(value, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const json = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
      const sealed = Sealed.parse(JSON.parse(json));
      if (sealed.exp * 1000 <= this.clock.now().getTime()) return undefined;
      return { token: sealed.token, state: sealed.state, nonce: sealed.nonce, codeVerifier: sealed.codeVerifier };
    } catch {
      return undefined; // tampered, foreign key, or garbage
    }
  }

  /** The Set-Cookie value that ends a login attempt (each callback spends it). */
  clear(): string {
    return this.cookie("", 0);
  }

  private cookie(value: string, maxAge: number): string {
    // SameSite=Lax: ID-porten's redirect back is a top-level GET from another site, which Lax allows.
    return `${LOGIN_COOKIE}=${value}; Path=${this.path}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${this.secure ? "; Secure" : ""}`;
  }
}
