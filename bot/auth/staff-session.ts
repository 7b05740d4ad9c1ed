import type restify from "restify";
import { z } from "zod";
import type { Clock } from "../../services/clock.ts";
import type { AppConfig } from "../../services/config.ts";
import type { Database } from "../../services/db/database.ts";
import { findStaffMember, type StaffPrincipal } from "../../services/staff/find-staff-member.ts";
import { serviceKey } from "../service-keys.ts";
import { SealedCookie } from "./sealed-cookie.ts";

export type { StaffPrincipal };

export const STAFF_SESSION_COOKIE = "fk_staff_session";
/** A working day; the staff member logs in again after it (the identity provider may keep them signed in). */
export const STAFF_SESSION_TTL_SECONDS = 10 * 60 * 60;

const Session = z.object({ personId: z.string().min(1) });

/**
 * A staff member's web session (the staff pages and the admin API): after a login at the
 * municipality's identity provider, the person's id travels in a sealed cookie
 * (bot/auth/sealed-cookie.ts), SameSite=Strict so no other site can act with it. Each request
 * looks the person up again, so a staff member removed or given another role loses access at once.
 */
export class StaffSessions {
  private readonly cookie: SealedCookie<z.infer<typeof Session>>;

  constructor(config: Pick<AppConfig, "directLine" | "publicBaseUrl">, clock: Clock) {
    this.cookie = new SealedCookie({
      name: STAFF_SESSION_COOKIE,
      key: serviceKey(config.directLine, "staff-session").key,
      schema: Session,
      ttlSeconds: STAFF_SESSION_TTL_SECONDS,
      path: "/",
      clock,
      secure: config.publicBaseUrl.startsWith("https://"),
      sameSite: "Strict",
    });
  }

  /** The Set-Cookie value that starts a session for a person the identity provider vouched for. */
  issue(personId: string): string {
    return this.cookie.seal({ personId });
  }

  /** The Set-Cookie value that ends the session (log out). */
  end(): string {
    return this.cookie.clear();
  }

  /** The staff member behind a request's session cookie; undefined without a valid session or role. */
  async authenticate(req: restify.Request, db: Database): Promise<StaffPrincipal | undefined> {
    const session = this.cookie.open(req.headers.cookie);
    return session ? findStaffMember(db, { personId: session.personId }) : undefined;
  }
}
