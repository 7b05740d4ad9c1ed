import type { Request, Response, Server } from "restify";
import type { z } from "zod";
import { isAppError } from "../services/errors.ts";
import { errorForLog, type Logger } from "../services/logger.ts";
import { isDatabaseUnreachable } from "../services/db/database.ts";

/** An error body in the shape of the route's family: Direct Line's own under /v3/directline, ours elsewhere. */
export function errorBody(req: Request | undefined, code: string, message: string, extra: Record<string, string> = {}): unknown {
  const directLine = (req?.path() ?? "").startsWith("/v3/directline/");
  return directLine ? { error: { code, message, ...extra } } : { error: code, message, ...extra };
}

/**
 * The one answer to an error we did not expect: 500 with a generic body and the request's id; the
 * details (without the query's arguments) only in the log, under the same id. A database that
 * cannot be reached is expected now and then: 503 with Retry-After instead.
 */
export function sendInternalError(req: Request, res: Response, error: unknown, logger: Logger): void {
  const requestId = req.getId();
  if (isDatabaseUnreachable(error)) {
    // Not our bug and not the client's: the database is down or restarting. 503 with Retry-After,
    // so Twilio and other callers retry; readiness (/readyz) says the same.
    logger.warn({ error: errorForLog(error), requestId, method: req.method, route: String(req.getRoute()?.path ?? req.path()) }, "request failed: database unreachable");
    if (res.headersSent) return void res.end();
    res.header("Retry-After", "5");
    res.json(503, errorBody(req, "DATABASE_UNAVAILABLE", "the service cannot reach its database right now; retry shortly", { requestId }));
    return;
  }
  logger.error({ error: errorForLog(error), requestId, method: req.method, route: String(req.getRoute()?.path ?? req.path()) }, "request failed");
  if (res.headersSent) {
    res.end();
    return;
  }
  res.json(500, errorBody(req, "INTERNAL", "something went wrong on our side; quote this request id if you contact us", { requestId }));
}

/**
 * Every error a route throws ends here (restify's `restifyError`): restify's own client errors
 * (404 no such route, 405) keep their answer; anything else becomes sendInternalError's.
 */
export function handleErrorsAtTheEdge(server: Server, logger: Logger): void {
  server.on("restifyError", (req: Request, res: Response, error: unknown, done: () => void) => {
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === "number" && status < 500) return done();
    sendInternalError(req, res, error, logger);
    return done();
  });
}

/** The one place an AppError becomes an HTTP answer: its status and code, and its reason. */
export function sendError(res: Response, error: unknown, logger: Logger): void {
  if (isAppError(error)) {
    res.json(error.httpStatus, { error: error.code, message: error.message });
    return;
  }
  sendInternalError((res as Response & { req: Request }).req, res, error, logger);
}

/** Parses a request part with zod; on failure answers 400 naming the field and returns null. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, res: Response): T | null {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  res.json(400, { error: "INVALID_REQUEST", message: `${issue.path.join(".") || "body"}: ${issue.message}` });
  return null;
}
