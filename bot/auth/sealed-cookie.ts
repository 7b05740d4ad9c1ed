import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { z } from "zod";
import type { Clock } from "../../services/clock.ts";

export interface SealedCookieOptions<T> {
  name: string;
  /** 32 bytes: AES-256-GCM (bot/service-keys.ts derives one per purpose). */
  key: Buffer;
  /** What the cookie carries; a cookie that does not parse is treated as absent. */
  schema: z.ZodType<T>;
  ttlSeconds: number;
  path: string;
  clock: Clock;
  /** Secure cookies when the service is reached over https (always in production). */
  secure: boolean;
  /** Lax lets a top-level redirect back from an identity provider carry it; Strict otherwise. */
  sameSite: "Lax" | "Strict" | "None";
}

/**
 * A value carried in a cookie sealed with AES-256-GCM: signed and unreadable, so the browser can
 * neither change nor read it, httpOnly, path-bound and expiring (the expiry is inside the seal, not
 * only in Max-Age). No server-side session store is needed and any process can open it.
 */
export class SealedCookie<T> {
  constructor(private readonly options: SealedCookieOptions<T>) {
    if (options.key.length !== 32) throw new Error(`the ${options.name} cookie key must be 32 bytes`);
  }

  /** The Set-Cookie value carrying `value` until the cookie's time to live has passed. */
  seal(value: T): string {
    const exp = Math.floor(this.options.clock.now().getTime() / 1000) + this.options.ttlSeconds;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.options.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify({ value, exp }), "utf8"), cipher.final()]);
    return this.cookie(Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url"), this.options.ttlSeconds);
  }

  /** The value in a request's Cookie header, if it is ours, intact and not expired. */
  open(cookieHeader: string | undefined): T | undefined {
    const prefix = `${this.options.name}=`;
    const sealed = cookieHeader
      ?.split(";")
      .map((part) => part.trim())
      .find((part) => part.startsWith(prefix))
      ?.slice(prefix.length);
    if (!sealed) return undefined;
    try {
      const raw = Buffer.from(sealed, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", this.options.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const { value, exp } = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8")) as { value: unknown; exp: unknown };
      if (typeof exp !== "number" || exp * 1000 <= this.options.clock.now().getTime()) return undefined;
      const parsed = this.options.schema.safeParse(value);
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined; // tampered, foreign key, or garbage
    }
  }

  /** The Set-Cookie value that removes the cookie. */
  clear(): string {
    return this.cookie("", 0);
  }

  private cookie(value: string, maxAge: number): string {
    const { name, path, sameSite, secure } = this.options;
    return `${name}=${value}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=${sameSite}${secure || sameSite === "None" ? "; Secure" : ""}`;
  }
}
