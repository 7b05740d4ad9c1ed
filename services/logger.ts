import { createRequire } from "node:module";
import { hostname } from "node:os";
import pino, { type Logger } from "pino";
import { currentObservation } from "./observability/context.ts";

export type { Logger };

/** `json`: one JSON object a line (production, log collectors). `pretty`: coloured, one readable line an event (a person at a terminal). */
export type LogFormat = "json" | "pretty";

export interface LoggerOptions {
  /** Default json. Redaction and the request id apply to both. */
  format?: LogFormat;
}

// Phone numbers: +47 and 8 digits, or any run of 8+ digits (also catches an 11-digit national
// identity number, should one ever be typed into a chat).
const PHONE_OR_ID = /(\+?\d[\d ]{6,}\d)/g;

/** Masks digit runs that could be a phone number or an identity number in a log message. */
export function redactText(text: string): string {
  return text.replace(PHONE_OR_ID, (match) => (match.replace(/\D/g, "").length >= 8 ? "[redacted-number]" : match));
}

/**
 * The format an entry point logs in: LOG_FORMAT when set; else pretty only where the entry asks for
 * it (`npm start`) and stdout is a terminal, so a pipe, a container or `npm run serve` gets JSON.
 */
export function logFormatFor(configured: LogFormat | undefined, entry: { prettyOnTerminal?: boolean }, stdoutIsTerminal: boolean): LogFormat {
  return configured ?? (entry.prettyOnTerminal && stdoutIsTerminal ? "pretty" : "json");
}

/**
 * The service's logger. Privacy (domain.md): logs never carry phone numbers, names, addresses or
 * message text, nor national identity numbers (ID-porten's `pid`); those fields are censored
 * wherever they appear, and digit runs in messages masked.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, options: LoggerOptions = {}): Logger {
  return pino(
    {
      level,
      // The request (or job run) the line was written in: every line of one turn carries its id (docs/observability.md).
      mixin: requestIdOfTheMoment,
      // pino's own "pid" would be censored with ID-porten's (below): the process id goes as processId.
      base: { processId: process.pid, hostname: hostname() },
      redact: {
        paths: ["pid", "*.pid", "phone", "from", "to", "address", "name", "givenName", "familyName", "text", "body", "*.phone", "*.from", "*.to", "*.address", "*.name", "*.givenName", "*.familyName", "*.text", "*.body"],
        censor: "[redacted]",
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === "string" ? redactText(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    options.format === "pretty" ? prettyStream(destination) : destination,
  );
}

/** A new object each line: pino merges the line's fields into the mixin's object. */
function requestIdOfTheMoment(): object {
  const requestId = currentObservation()?.requestId;
  return requestId ? { requestId } : {};
}

/**
 * pino-pretty in this process (synchronous: a person at a terminal reads it as it happens), loaded
 * only when asked for: production's JSON never loads it. It formats the line pino has already
 * redacted, so censored fields stay censored.
 */
function prettyStream(destination: pino.DestinationStream | undefined): pino.DestinationStream {
  const pretty = createRequire(import.meta.url)("pino-pretty") as typeof import("pino-pretty");
  return pretty({
    colorize: destination === undefined && process.stdout.isTTY === true,
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname",
    singleLine: true,
    sync: true,
    ...(destination ? { destination } : {}),
  });
}

/**
 * What the log keeps of an error: its type, code, the reason (the last line of its message) and
 * where it was thrown. Not its arguments: Prisma's message quotes the query's arguments above the
 * reason, and a driver error carries `detail`, `parameters` and `where` with the values written.
 */
export function errorForLog(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: redactText(String(error).split("\n").at(-1) ?? "").slice(0, 300) };
  const lines = error.message.split("\n").map((line) => line.trim()).filter(Boolean);
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at ")).slice(0, 12).join("\n");
  return {
    type: error.name,
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    message: redactText(lines.at(-1) ?? "").slice(0, 300),
    stack: frames,
    ...(error.cause !== undefined && depth < 2 ? { cause: errorForLog(error.cause, depth + 1) } : {}),
  };
}
