import { StaffSessions } from "../../bot/auth/staff-session.ts";
import type { Clock } from "../../services/clock.ts";
import type { AppConfig } from "../../services/config.ts";

/**
 * The Cookie header of a staff member who has logged in (bot/auth/staff-session.ts): for tests of
 * what a staff page or the admin API does for a logged-in person. The app must run with a
 * TOKEN_SECRET so that its session key and this one are the same; the login itself is tested on
 * its own, against the in-process identity provider.
 */
export function staffSessionCookie(ctx: { config: AppConfig; clock: Clock }, personId: string): string {
  if (!ctx.config.directLine.tokenSecret && !ctx.config.directLine.secret) throw new Error("start the app with TOKEN_SECRET to share its staff session key");
  return new StaffSessions(ctx.config, ctx.clock).issue(personId).split(";")[0]!;
}
