import type restify from "restify";
import type { Clock } from "../services/clock.ts";

/**
 * A fixed-window counter per key (a client address): at most `limit` hits per `windowMs`. In
 * memory, per process; windows that have ended are swept once per window, so the map holds only
 * the addresses seen in the current one.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; hits: number }>();
  private lastSweep = 0;

  constructor(
    private readonly clock: Clock,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts a hit; returns 0 if allowed, else the seconds until the key's window ends. */
  hit(key: string): number {
    const now = this.clock.now().getTime();
    if (now - this.lastSweep >= this.windowMs) {
      for (const [k, window] of this.windows) if (now - window.startedAt >= this.windowMs) this.windows.delete(k);
      this.lastSweep = now;
    }
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.windowMs) {
      window = { startedAt: now, hits: 0 };
      this.windows.set(key, window);
    }
    window.hits += 1;
    if (window.hits <= this.limit) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000));
  }

  /** Keys currently held (for tests of the sweep). */
  get size(): number {
    return this.windows.size;
  }
}

/**
 * The client's address: the socket's peer, or behind our own reverse proxy (TRUST_PROXY) the last
 * X-Forwarded-For entry — the one the proxy added; earlier entries are the client's to invent.
 */
export function clientAddress(req: restify.Request, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = (req.header("x-forwarded-for") ?? "").split(",").map((part) => part.trim()).filter(Boolean).at(-1);
    if (forwarded) return forwarded;
  }
  return req.socket?.remoteAddress ?? "unknown";
}
