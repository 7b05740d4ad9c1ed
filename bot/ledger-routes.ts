import { timingSafeEqual } from "node:crypto";
import type restify from "restify";
import { z } from "zod";
import { today, type Clock } from "../services/clock.ts";
import { MACHINE_SCOPES, type AppConfig, type MachineScope } from "../services/config.ts";
import type { Database } from "../services/db/database.ts";
import { isIsoDate } from "../services/dates.ts";
import type { Logger } from "../services/logger.ts";
import { allocatePeriod } from "../services/ledger/allocate.ts";
import { expirePeriod } from "../services/ledger/expire-period.ts";
import { checkLedger } from "../services/ledger/invariants.ts";
import { loadPayoutBatch, toCsv, toPain001 } from "../services/ledger/payout-export.ts";
import { settle } from "../services/ledger/settle.ts";
import { topUp } from "../services/ledger/top-up.ts";
import { ACCOMMODATION_NEEDS, requestAccommodation } from "../services/accommodation/request-accommodation.ts";
import type { NoticeText } from "../services/clubs/notice-text.ts";
import { parsePeriodCode } from "../services/periods.ts";
import type { StaffRole } from "../services/staff/find-staff-member.ts";
import type { StaffPrincipal, StaffSessions } from "./auth/staff-session.ts";
import { parseOr400, sendError } from "./http-errors.ts";
import { actorOf, adminDoor, type AdminRuntime } from "./admin-access.ts";

export type LedgerRuntime = AdminRuntime;

export interface AdminApi {
  start(runtime: LedgerRuntime): void;
  stop(): void;
}

const isoDate = z.string().refine(isIsoDate, "must be a date YYYY-MM-DD");
const PeriodParams = z.object({ code: z.string().regex(/^\d{4}-(spring|autumn)$/, "must be <year>-spring or <year>-autumn") });
const SettleBody = z.object({
  batchId: z.string().regex(/^[A-Za-z0-9-]{1,24}$/, "must be 1–24 letters, digits or '-'"),
  from: isoDate,
  to: isoDate,
});
/** The caseworker is the logged-in person, never a field of the body (strict: an old client's `caseworkerId` is refused, not ignored). */
const TopUpBody = z
  .object({
    requestId: z.string().min(1).max(64),
    childId: z.string().min(1),
    period: z.string().regex(/^\d{4}-(spring|autumn)$/),
    amountNok: z.number().int().positive().max(100_000),
    reason: z.string().min(3).max(500),
  })
  .strict();
const AccommodationBody = z
  .object({
    enrollmentId: z.string().min(1).max(64),
    needs: z.array(z.enum(ACCOMMODATION_NEEDS)).min(1).max(ACCOMMODATION_NEEDS.length),
    /** The guardian (or the youth from 13) who agreed that the club is told. */
    consentGivenBy: z.string().min(1).max(64),
    note: z.string().max(1000).optional(),
  })
  .strict();
const ExportQuery = z.object({ executionDate: isoDate.optional() });
/** ?force=true: allocate a period later than the next one (normally a mistake in its name). */
const AllocateQuery = z.object({ force: z.enum(["true", "false"], { message: "must be true or false" }).optional().transform((value) => value === "true") });

/**
 * The municipal admin API of the ledger: allocate, expire, settle and its exports, top-ups, the
 * books check, and a caseworker's accommodation request for a family. Each call is a logged-in
 * staff member (the staff session, bot/auth/staff-session.ts: the acting person, audited) with a
 * role the route allows, or the machine token (ADMIN_API_TOKEN) with the route's scope; docs/staff.md.
 * The payment simulator's page is bot/channels/web/payment-simulator-routes.ts; the ledger's
 * background jobs are in the job calendar (services/jobs/calendar.ts).
 */
export function registerLedgerRoutes(server: restify.Server, deps: { config: AppConfig; logger: Logger; clock: Clock; sessions: StaffSessions; notices: NoticeText }): AdminApi {
  const { config, logger, clock, sessions } = deps;
  const todayHere = () => today(clock, config.scheme.timeZone);
  let runtime: LedgerRuntime | undefined;

  const admin = adminDoor({ config, logger, sessions, runtime: () => runtime });

  server.post("/admin/periods/:code/allocate", admin({ roles: ["ADMIN"], scope: "periods:allocate" }, async (req, res, rt, caller) => {
    const params = parseOr400(PeriodParams, req.params, res);
    const query = params && parseOr400(AllocateQuery, req.query ?? {}, res);
    if (!params || !query) return;
    res.json(200, await allocatePeriod(rt.db, { municipalityId: rt.municipalityId, period: parsePeriodCode(params.code, config.scheme), scheme: config.scheme, today: todayHere(), now: clock.now(), force: query.force, actorId: actorOf(caller) }));
  }));

  server.post("/admin/periods/:code/expire", admin({ roles: ["ADMIN"], scope: "periods:expire" }, async (req, res, rt, caller) => {
    const params = parseOr400(PeriodParams, req.params, res);
    if (!params) return;
    res.json(200, await expirePeriod(rt.db, { municipalityId: rt.municipalityId, periodCode: params.code, today: todayHere(), now: clock.now(), actorId: actorOf(caller) }));
  }));

  server.post("/admin/settlements", admin({ roles: ["ADMIN"], scope: "settlements:create" }, async (req, res, rt, caller) => {
    const body = parseOr400(SettleBody, req.body, res);
    if (!body) return;
    const result = await settle(rt.db, { municipalityId: rt.municipalityId, batchId: body.batchId, from: new Date(`${body.from}T00:00:00Z`), to: new Date(`${body.to}T00:00:00Z`), now: clock.now(), actorId: actorOf(caller) });
    res.json(result.status === "created" ? 201 : 200, result);
  }));

  server.get("/admin/settlements/:id/pain001", admin({ roles: ["ADMIN"], scope: "settlements:read" }, async (req, res, rt) => {
    const query = parseOr400(ExportQuery, req.query, res);
    if (!query) return;
    const batch = await loadPayoutBatch(rt.db, String(req.params.id));
    const xml = toPain001(batch, { name: `${config.scheme.municipalityName} kommune`, orgNumber: config.payments.municipalityOrgNumber, account: config.payments.municipalityAccount }, query.executionDate ?? todayHere());
    res.writeHead(200, { "content-type": "application/xml; charset=utf-8", "content-disposition": `attachment; filename="${batch.batchId}.pain001.xml"` });
    res.end(xml);
  }));

  server.get("/admin/settlements/:id/csv", admin({ roles: ["ADMIN"], scope: "settlements:read" }, async (req, res, rt) => {
    const batch = await loadPayoutBatch(rt.db, String(req.params.id));
    res.writeHead(200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${batch.batchId}.csv"` });
    res.end(toCsv(batch));
  }));

  // A person's action: a caseworker of the child's family (services/ledger/top-up.ts checks the role and the family).
  server.post("/admin/top-ups", admin({ roles: ["CASEWORKER"] }, async (req, res, rt, caller) => {
    const body = parseOr400(TopUpBody, req.body, res);
    if (!body || caller.kind !== "person") return;
    const outcome = await topUp(rt.db, {
      requestId: body.requestId,
      municipalityId: rt.municipalityId,
      childId: body.childId,
      period: parsePeriodCode(body.period, config.scheme),
      amountPerPeriodOre: config.scheme.amountPerPeriodOre,
      amountOre: body.amountNok * 100,
      reason: body.reason,
      caseworkerId: caller.staff.personId,
      ageRules: config.scheme,
      maxPerChildPerPeriodOre: config.topUps.maxPerChildPerPeriodOre,
      today: todayHere(),
      now: clock.now(),
    });
    res.json(outcome.status === "created" ? 201 : 200, { status: outcome.status, transferId: outcome.transfer.id });
  }));

  // A person's action: a caseworker asks the club on the family's behalf, with the family's consent.
  server.post("/admin/accommodation-requests", admin({ roles: ["CASEWORKER"] }, async (req, res, rt, caller) => {
    const body = parseOr400(AccommodationBody, req.body, res);
    if (!body || caller.kind !== "person") return;
    const request = await requestAccommodation(rt.db, {
      enrollmentId: body.enrollmentId,
      requestedById: caller.staff.personId,
      onBehalfOf: body.consentGivenBy,
      needs: body.needs,
      note: body.note,
      today: todayHere(),
      now: clock.now(),
      notices: deps.notices,
    });
    res.json(201, { requestId: request.requestId, code: request.code });
  }));

  server.get("/admin/ledger/check", admin({ roles: ["ADMIN"], scope: "ledger:check" }, async (_req, res, rt) => {
    const check = await checkLedger(rt.db, rt.municipalityId);
    res.json(check.ok ? 200 : 500, JSON.parse(JSON.stringify(check, (_, value) => (typeof value === "bigint" ? value.toString() : value))));
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
