import path from "node:path";
import type restify from "restify";
import { z } from "zod";
import type { Clock } from "../services/clock.ts";
import type { Database } from "../services/db/database.ts";
import type { Logger } from "../services/logger.ts";
import { completePrivacyRequest, listPrivacyRequests } from "../services/privacy/complete-privacy-request.ts";
import { redeemDataExport } from "../services/privacy/export-my-data.ts";
import type { StaffPrincipal, StaffSessions } from "./auth/staff-session.ts";
import { parseOr400, sendError } from "./http-errors.ts";
import { renderPage, staticFile, WEB_DIR, type PageContext } from "./channels/web/pages.ts";
import { PRIVACY_EXPORT_PATH } from "../dialogs/access-data-dialog.ts";

export const STAFF_PRIVACY_API = "/api/staff/privacy-requests";
export const STAFF_PRIVACY_PAGE = "/staff/privacy";

export interface PrivacyRoutes {
  start(db: Database): void;
  stop(): void;
}

const ListQuery = z.object({ status: z.enum(["PENDING", "COMPLETED"], { message: "must be PENDING or COMPLETED" }).optional() });
const RequestParams = z.object({ id: z.string().regex(/^[a-z0-9]{10,40}$/, "must be a privacy request id") });
const ExportQuery = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, "must be the token of an export link") });

/**
 * Privacy requests at the edge (docs/privacy.md): the privacy officer's API (a staff web session,
 * bot/auth/staff-session.ts; the service checks the role) and the person's one-time export link.
 */
export function registerPrivacyRoutes(server: restify.Server, deps: { staffSessions: StaffSessions; clock: Clock; logger: Logger; page: PageContext }): PrivacyRoutes {
  const { staffSessions, clock, logger } = deps;
  let db: Database | undefined;

  // The privacy officer's page (web/staff/privacy.html): its sentences are locales/<lang>/privacy-page.json.
  const page: PageContext = {
    ...deps.page,
    catalogs: Object.fromEntries(Object.entries(deps.page.catalogs).map(([language, namespaces]) => [language, { web: namespaces["privacy-page"] ?? {} }])),
  };
  server.get(STAFF_PRIVACY_PAGE, async (req, res) => {
    await renderPage(req, res, "staff/privacy.html", page);
  });
  server.get("/web/staff/privacy.js", staticFile(path.join(WEB_DIR, "staff", "privacy.js")));

  /** A staff route: 503 while starting, 401 without a staff session; the use case decides the role (403). */
  const staff = (handler: (req: restify.Request, res: restify.Response, ctx: { db: Database; staff: StaffPrincipal }) => Promise<void>) => async (req: restify.Request, res: restify.Response) => {
    res.header("cache-control", "no-store");
    if (!db) return void res.json(503, { error: "starting" });
    try {
      const principal = await staffSessions.authenticate(req, db);
      if (!principal) return void res.json(401, { error: "UNAUTHORIZED", message: "log in as municipal staff first" });
      await handler(req, res, { db, staff: principal });
    } catch (error) {
      sendError(res, error, logger);
    }
  };

  server.get(STAFF_PRIVACY_API, staff(async (req, res, { db, staff }) => {
    const query = parseOr400(ListQuery, req.query, res);
    if (!query) return;
    res.json(200, { requests: await listPrivacyRequests(db, { officer: staff, ...(query.status ? { status: query.status } : {}) }) });
  }));

  server.post(`${STAFF_PRIVACY_API}/:id/complete`, staff(async (req, res, { db, staff }) => {
    const params = parseOr400(RequestParams, req.params, res);
    if (!params) return;
    res.json(200, await completePrivacyRequest(db, { requestId: params.id, officer: staff, now: clock.now() }));
  }));

  // The person's export: served once, as a file to keep (the link is spent by this download).
  server.get(PRIVACY_EXPORT_PATH, async (req, res) => {
    res.header("cache-control", "no-store");
    res.header("referrer-policy", "no-referrer");
    if (!db) return void res.json(503, { error: "starting" });
    const query = parseOr400(ExportQuery, req.query, res);
    if (!query) return;
    try {
      const data = await redeemDataExport(db, { token: query.token, now: clock.now() });
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="fritidskortet-innsyn-${data.exportedAt.slice(0, 10)}.json"` });
      res.end(JSON.stringify(data, null, 2));
    } catch (error) {
      sendError(res, error, logger);
    }
  });

  return {
    start(ready) {
      db = ready;
    },
    stop() {
      db = undefined;
    },
  };
}
