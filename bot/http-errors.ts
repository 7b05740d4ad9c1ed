import type { Response } from "restify";
import type { z } from "zod";
import { isAppError } from "../services/errors.ts";
import type { Logger } from "../services/logger.ts";

/** The one place an AppError becomes an HTTP answer: its status and code, and its reason. */
export function sendError(res: Response, error: unknown, logger: Logger): void {
  if (isAppError(error)) {
    res.json(error.httpStatus, { error: error.code, message: error.message });
    return;
  }
  logger.error({ err: error }, "request failed");
  res.json(500, { error: "INTERNAL", message: "something went wrong on our side" });
}

/** Parses a request part with zod; on failure answers 400 naming the field and returns null. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, res: Response): T | null {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  res.json(400, { error: "INVALID_REQUEST", message: `${issue.path.join(".") || "body"}: ${issue.message}` });
  return null;
}
