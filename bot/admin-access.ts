import { timingSafeEqual } from "node:crypto";
import type restify from "restify";
import { MACHINE_SCOPES, type AppConfig, type MachineScope } from "../services/config.ts";
import type { Database } from "../services/db/database.ts";
import type { Logger } from "../services/logger.ts";
import type { StaffRole } from "../services/staff/find-staff-member.ts";
import type { StaffPrincipal, StaffSessions } from "./auth/staff-session.ts";
import { sendError } from "./http-errors.ts";
import { fromLoopback } from "./loopback.ts";

/** What the admin routes work on once the service is ready. */
export interface AdminRuntime {
  db: Database;
  municipalityId: string;
}

/** Who calls the admin API: a logged-in staff member, or a machine job with the shared token. */
export type AdminCaller = { kind: "person"; staff: StaffPrincipal } | { kind: "machine"; scopes: readonly MachineScope[] };

/** What a route allows: the staff roles that may call it, and the machine scope (none: a person's action only). */
export interface Access {
  roles: readonly StaffRole[];
  scope?: MachineScope;
}

export type AdminHandler = (req: restify.Request, res: restify.Response, rt: AdminRuntime, caller: AdminCaller) => Promise<void>;

/**
 * The admin API's one door (every /admin route goes through it; docs/staff.md): a bearer token is
 * the machine's (checked against its scopes); else the staff session (checked against the route's
 * roles, in the service's municipality); without a token configured (development) a loopback
 * caller without a session is the machine with every scope. `onError` answers what the handler
 * throws (default: the service's error answer).
 */
export function adminDoor(deps: { config: AppConfig; logger: Logger; sessions: StaffSessions; runtime: () => AdminRuntime | undefined; onError?: (res: restify.Response, error: unknown) => void }) {
  const { config, logger, sessions } = deps;

  async function callerOf(req: restify.Request, rt: AdminRuntime): Promise<AdminCaller | undefined> {
    const bearer = /^Bearer (.+)$/.exec(req.header("authorization") ?? "")?.[1];
    if (bearer !== undefined) return config.adminApiToken && sameSecret(bearer, config.adminApiToken) ? { kind: "machine", scopes: config.adminApiTokenScopes } : undefined;
    const staff = await sessions.authenticate(req, rt.db);
    if (staff) return staff.municipalityId === rt.municipalityId ? { kind: "person", staff } : undefined;
    if (!config.adminApiToken && config.env !== "production" && fromLoopback(req)) return { kind: "machine", scopes: MACHINE_SCOPES };
    return undefined;
  }

  return (access: Access, handler: AdminHandler) => async (req: restify.Request, res: restify.Response) => {
    const rt = deps.runtime();
    if (!rt) return void res.json(503, { error: "starting" });
    try {
      const caller = await callerOf(req, rt);
      if (!caller) return void res.json(401, { error: "UNAUTHORIZED", message: "log in as staff (/auth/staff), or send Authorization: Bearer <ADMIN_API_TOKEN> for a machine job" });
      const refusal = refused(caller, access);
      if (refusal) return void res.json(403, { error: "FORBIDDEN", message: refusal });
      await handler(req, res, rt, caller);
    } catch (error) {
      if (deps.onError) deps.onError(res, error);
      else sendError(res, error, logger);
    }
  };
}

/** The person acting: a person's action takes it from the session, never from the body. */
export const actorOf = (caller: AdminCaller): string | null => (caller.kind === "person" ? caller.staff.personId : null);

/** Why the caller may not use a route (undefined: they may). */
function refused(caller: AdminCaller, access: Access): string | undefined {
  if (caller.kind === "machine") {
    if (!access.scope) return "a machine token cannot do a person's action: log in as staff (/auth/staff)";
    return caller.scopes.includes(access.scope) ? undefined : `the token's scopes do not include ${access.scope}`;
  }
  return access.roles.includes(caller.staff.role) ? undefined : `this needs the role ${access.roles.join(" or ")} (you are ${caller.staff.role})`;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
