import type restify from "restify";
import { z } from "zod";
import type { Clock } from "../services/clock.ts";
import type { AppConfig } from "../services/config.ts";
import type { NoticeText } from "../services/clubs/notice-text.ts";
import { describeProblem, type ApprovalProblem } from "../services/catalog/approval-rules.ts";
import { decideActivity } from "../services/catalog/decide-activity.ts";
import { decideProvider } from "../services/catalog/decide-provider.ts";
import { findPendingActivities } from "../services/catalog/find-pending-activities.ts";
import { isAppError } from "../services/errors.ts";
import type { Logger } from "../services/logger.ts";
import { parseOr400, sendError } from "./http-errors.ts";
import type { StaffSessions } from "./auth/staff-session.ts";
import { actorOf, adminDoor, type Access, type AdminRuntime } from "./admin-access.ts";
import type { AdminApi } from "./ledger-routes.ts";

const OrgParams = z.object({ org: z.string().regex(/^\d{9}$/, "must be a 9-digit organisation number"), decision: z.enum(["approve", "reject"]) });
const ActivityParams = z.object({ id: z.string().min(1).max(64), decision: z.enum(["approve", "reject"]) });
const DecisionBody = z.object({ reason: z.string().trim().max(500).optional() });

/**
 * Approvals in the admin API, next to the ledger's routes and behind the same authentication: the
 * same use cases as `npm run admin -- providers|activities approve|reject` (services/catalog/).
 *   GET  /admin/activities/pending
 *   POST /admin/providers/:org/approve|reject     {"reason": "…"} (required to reject)
 *   POST /admin/activities/:id/approve|reject     {"reason": "…"}
 * A decision the scheme's rules refuse answers 422 with the rules that failed.
 */
export function registerApprovalRoutes(server: restify.Server, deps: { config: AppConfig; logger: Logger; clock: Clock; text: NoticeText; sessions: StaffSessions }): AdminApi {
  const { config, logger, clock, text, sessions } = deps;
  let runtime: AdminRuntime | undefined;
  // A decision on the scheme's rules is an administrator's, recorded as theirs: no machine scope.
  const ADMIN: Access = { roles: ["ADMIN"] };

  const admin = adminDoor({
    config,
    logger,
    sessions,
    runtime: () => runtime,
    onError: (res, error) => {
      if (isAppError(error, "APPROVAL_REFUSED")) {
        const problems = (error.details.problems ?? []) as ApprovalProblem[];
        return void res.json(422, { error: error.code, message: error.message, problems: problems.map((problem) => ({ ...problem, message: describeProblem(problem) })) });
      }
      sendError(res, error, logger);
    },
  });

  server.get("/admin/activities/pending", admin(ADMIN, async (_req, res, rt) => {
    const pending = await findPendingActivities(rt.db, { municipalityId: rt.municipalityId });
    res.json(200, { activities: pending.map((activity) => ({ ...activity, problems: activity.problems.map((problem) => ({ ...problem, message: describeProblem(problem) })) })) });
  }));

  server.post("/admin/providers/:org/:decision", admin(ADMIN, async (req, res, rt, caller) => {
    const params = parseOr400(OrgParams, req.params, res);
    const body = params && parseOr400(DecisionBody, req.body ?? {}, res);
    if (!params || !body) return;
    const result = await decideProvider(rt.db, { municipalityId: rt.municipalityId, orgNumber: params.org, decision: params.decision, reason: body.reason, actorId: actorOf(caller), via: "admin-api", now: clock.now(), text });
    res.json(200, { status: result.status, id: result.id, told: result.told.length });
  }));

  server.post("/admin/activities/:id/:decision", admin(ADMIN, async (req, res, rt, caller) => {
    const params = parseOr400(ActivityParams, req.params, res);
    const body = params && parseOr400(DecisionBody, req.body ?? {}, res);
    if (!params || !body) return;
    const result = await decideActivity(rt.db, { municipalityId: rt.municipalityId, activityId: params.id, decision: params.decision, reason: body.reason, actorId: actorOf(caller), via: "admin-api", now: clock.now(), text });
    res.json(200, { status: result.status, id: result.id, told: result.told.length });
  }));

  return {
    start(rt) {
      runtime = rt;
    },
    stop() {
      runtime = undefined;
    },
  };
}
