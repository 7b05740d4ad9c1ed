import { timingSafeEqual } from "node:crypto";
import type restify from "restify";
import { z } from "zod";
import { today, type Clock } from "../services/clock.ts";
import type { AppConfig } from "../services/config.ts";
import type { Database } from "../services/db/database.ts";
import { isIsoDate } from "../services/dates.ts";
import type { Logger } from "../services/logger.ts";
import { allocatePeriod } from "../services/ledger/allocate.ts";
import { expirePeriod } from "../services/ledger/expire-period.ts";
import { checkLedger } from "../services/ledger/invariants.ts";
import { loadPayoutBatch, toCsv, toPain001 } from "../services/ledger/payout-export.ts";
import { settle } from "../services/ledger/settle.ts";
import { topUp } from "../services/ledger/top-up.ts";
import { parsePeriodCode } from "../services/periods.ts";
import { parseOr400, sendError } from "./http-errors.ts";
import { fromLoopback } from "./loopback.ts";

export interface LedgerRuntime {
  db: Database;
  municipalityId: string;
}

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
const TopUpBody = z.object({
  requestId: z.string().min(1).max(64),
  childId: z.string().min(1),
  period: z.string().regex(/^\d{4}-(spring|autumn)$/),
  amountNok: z.number().int().positive().max(100_000),
  reason: z.string().min(3).max(500),
  caseworkerId: z.string().min(1),
});
const ExportQuery = z.object({ executionDate: isoDate.optional() });
/** ?force=true: allocate a period later than the next one (normally a mistake in its name). */
const AllocateQuery = z.object({ force: z.enum(["true", "false"], { message: "must be true or false" }).optional().transform((value) => value === "true") });

/**
 * The municipal admin API of the ledger: allocate, expire, settle and its exports, top-ups, the
 * books check. The payment simulator's page is bot/channels/web/payment-simulator-routes.ts; the
 * ledger's background jobs are in the job calendar (services/jobs/calendar.ts).
 */
export function registerLedgerRoutes(server: restify.Server, deps: { config: AppConfig; logger: Logger; clock: Clock }): AdminApi {
  const { config, logger, clock } = deps;
  const todayHere = () => today(clock, config.scheme.timeZone);
  let runtime: LedgerRuntime | undefined;

  const ready = (res: restify.Response): LedgerRuntime | null => {
    if (!runtime) res.json(503, { error: "starting" });
    return runtime ?? null;
  };

  /** Admin calls carry ADMIN_API_TOKEN as a bearer token; without one configured (development) only loopback may call. */
  const admin = (handler: (req: restify.Request, res: restify.Response, rt: LedgerRuntime) => Promise<void>) => async (req: restify.Request, res: restify.Response) => {
    if (!authorised(req, config.adminApiToken)) return void res.json(401, { error: "UNAUTHORIZED", message: "admin API needs Authorization: Bearer <ADMIN_API_TOKEN>" });
    const rt = ready(res);
    if (!rt) return;
    try {
      await handler(req, res, rt);
    } catch (error) {
      sendError(res, error, logger);
    }
  };

  server.post("/admin/periods/:code/allocate", admin(async (req, res, rt) => {
    const params = parseOr400(PeriodParams, req.params, res);
    const query = params && parseOr400(AllocateQuery, req.query ?? {}, res);
    if (!params || !query) return;
    res.json(200, await allocatePeriod(rt.db, { municipalityId: rt.municipalityId, period: parsePeriodCode(params.code, config.scheme), scheme: config.scheme, today: todayHere(), now: clock.now(), force: query.force }));
  }));

  server.post("/admin/periods/:code/expire", admin(async (req, res, rt) => {
    const params = parseOr400(PeriodParams, req.params, res);
    if (!params) return;
    res.json(200, await expirePeriod(rt.db, { municipalityId: rt.municipalityId, periodCode: params.code, today: todayHere(), now: clock.now() }));
  }));

  server.post("/admin/settlements", admin(async (req, res, rt) => {
    const body = parseOr400(SettleBody, req.body, res);
    if (!body) return;
    const result = await settle(rt.db, { municipalityId: rt.municipalityId, batchId: body.batchId, from: new Date(`${body.from}T00:00:00Z`), to: new Date(`${body.to}T00:00:00Z`), now: clock.now() });
    res.json(result.status === "created" ? 201 : 200, result);
  }));

  server.get("/admin/settlements/:id/pain001", admin(async (req, res, rt) => {
    const query = parseOr400(ExportQuery, req.query, res);
    if (!query) return;
    const batch = await loadPayoutBatch(rt.db, String(req.params.id));
    const xml = toPain001(batch, { name: `${config.scheme.municipalityName} kommune`, orgNumber: config.payments.municipalityOrgNumber, account: config.payments.municipalityAccount }, query.executionDate ?? todayHere());
    res.writeHead(200, { "content-type": "application/xml; charset=utf-8", "content-disposition": `attachment; filename="${batch.batchId}.pain001.xml"` });
    res.end(xml);
  }));

  server.get("/admin/settlements/:id/csv", admin(async (req, res, rt) => {
    const batch = await loadPayoutBatch(rt.db, String(req.params.id));
    res.writeHead(200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${batch.batchId}.csv"` });
    res.end(toCsv(batch));
  }));

  server.post("/admin/top-ups", admin(async (req, res, rt) => {
    const body = parseOr400(TopUpBody, req.body, res);
    if (!body) return;
    const outcome = await topUp(rt.db, {
      requestId: body.requestId,
      municipalityId: rt.municipalityId,
      childId: body.childId,
      period: parsePeriodCode(body.period, config.scheme),
      amountPerPeriodOre: config.scheme.amountPerPeriodOre,
      now: clock.now(),
      amountOre: body.amountNok * 100,
      reason: body.reason,
      caseworkerId: body.caseworkerId,
    });
    res.json(outcome.status === "created" ? 201 : 200, { status: outcome.status, transferId: outcome.transfer.id });
  }));

  server.get("/admin/ledger/check", admin(async (_req, res, rt) => {
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

export function authorised(req: restify.Request, token: string): boolean {
  if (!token) return fromLoopback(req);
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.header("authorization") ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
