import type restify from "restify";
import { errorBody } from "./http-errors.ts";

/** The bodies a route accepts: JSON (the APIs), or an HTML/Twilio form. */
export type BodyKind = "json" | "form";

const MEDIA_TYPES: Record<BodyKind, string> = {
  json: "application/json",
  form: "application/x-www-form-urlencoded",
};

export interface BodyParsingOptions {
  /** Larger bodies are refused with 413 while they are read, before anything is parsed. */
  maxBytes: number;
  /** What the matched route (its path as registered, e.g. "/dev/pay/:reference") accepts. */
  accepts: (routePath: string) => readonly BodyKind[];
}

/**
 * Reads a request's body into memory and parses it, only if the matched route accepts its content
 * type: an unaccepted type is 415 with the reason, and nothing is read. Replaces restify's
 * `bodyParser`, whose multipart support (formidable) writes uploads to the temporary folder before
 * any route runs and never deletes them (docs/platform-notes.md).
 *
 * Sets `req.body` (the parsed JSON, or the form's fields as an object) and `req.rawBody` (the text,
 * which Twilio's signature check needs).
 */
export function bodyParsing(options: BodyParsingOptions): restify.RequestHandler {
  return (req: restify.Request, res: restify.Response, next: restify.Next) => {
    if (!hasBody(req)) return next();
    const route = req.getRoute()?.path;
    const accepted = options.accepts(typeof route === "string" ? route : String(route ?? ""));
    const type = req.getContentType();
    const kind = accepted.find((candidate) => MEDIA_TYPES[candidate] === type);
    if (!kind) {
      const expected = accepted.length > 0 ? accepted.map((candidate) => MEDIA_TYPES[candidate]).join(" or ") : "no body";
      return refuse(req, res, next, 415, "UNSUPPORTED_MEDIA_TYPE", `${type || "a body without a content type"} is not accepted here; expected ${expected}`);
    }
    const encoding = (req.header("content-encoding") ?? "identity").toLowerCase();
    if (encoding !== "identity") return refuse(req, res, next, 415, "UNSUPPORTED_MEDIA_TYPE", `content-encoding ${encoding} is not accepted`);
    const declared = Number(req.header("content-length") ?? "0");
    if (declared > options.maxBytes) return refuse(req, res, next, 413, "PAYLOAD_TOO_LARGE", `the body must be at most ${options.maxBytes} bytes`);

    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (run: () => void) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      run();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBytes) return finish(() => refuse(req, res, next, 413, "PAYLOAD_TOO_LARGE", `the body must be at most ${options.maxBytes} bytes`));
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("error", (error: Error) => finish(() => next(error)));
    req.once("end", () =>
      finish(() => {
        const text = Buffer.concat(chunks).toString("utf8");
        const withRaw = req as restify.Request & { rawBody?: string };
        withRaw.rawBody = text;
        if (kind === "form") {
          req.body = Object.fromEntries(new URLSearchParams(text));
          return next();
        }
        if (text.trim() === "") {
          req.body = undefined;
          return next();
        }
        try {
          req.body = JSON.parse(text);
        } catch {
          return refuse(req, res, next, 400, "INVALID_REQUEST", "the body is not valid JSON");
        }
        next();
      }),
    );
  };
}

/** A request carries a body if it says how long it is (and it is not 0) or sends it in chunks. */
function hasBody(req: restify.Request): boolean {
  const length = req.header("content-length");
  if (length !== undefined && length !== "") return Number(length) > 0;
  return req.header("transfer-encoding") !== undefined && req.header("transfer-encoding") !== "";
}

/** Answers in the error shape of the route's family (Direct Line's own under /v3/directline); the rest of the body is discarded. */
function refuse(req: restify.Request, res: restify.Response, next: restify.Next, status: number, code: string, message: string): void {
  req.resume();
  res.header("connection", "close");
  res.json(status, errorBody(req, code, message));
  next(false);
}
