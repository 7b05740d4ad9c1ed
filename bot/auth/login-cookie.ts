import { z } from "zod";
import type { Clock } from "../../services/clock.ts";
import { SealedCookie } from "./sealed-cookie.ts";

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

const Attempt = z.object({ token: z.string(), state: z.string(), nonce: z.string(), codeVerifier: z.string() });

/**
 * The login attempt travels in a sealed cookie of its own (bot/auth/sealed-cookie.ts: the browser
 * cannot change it or read the login token and PKCE verifier out of it), path-bound to
 * /auth/idporten and short-lived. It binds the callback to the browser and the one-time token that
 * started the login, so no server-side session store is needed and any process can take the callback.
 */
export class LoginCookies {
  private readonly cookie: SealedCookie<LoginAttempt>;

  constructor(key: Buffer, clock: Clock, secure: boolean, path = "/auth/idporten") {
    // SameSite=Lax: ID-porten's redirect back is a top-level GET from another site, which Lax allows.
    this.cookie = new SealedCookie({ name: LOGIN_COOKIE, key, schema: Attempt, ttlSeconds: LOGIN_COOKIE_TTL_SECONDS, path, clock, secure, sameSite: "Lax" });
  }

  /** The Set-Cookie value that starts a login. */
  seal(attempt: LoginAttempt): string {
    return this.cookie.seal(attempt);
  }

  /** The attempt in a request's Cookie header, if it is ours, intact and not expired. */
  open(cookieHeader: string | undefined): LoginAttempt | undefined {
    return this.cookie.open(cookieHeader);
  }

  /** The Set-Cookie value that ends a login attempt (each callback spends it). */
  clear(): string {
    return this.cookie.clear();
  }
}
