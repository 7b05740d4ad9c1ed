import { findEscalatedRequests } from "../../services/accommodation/find-escalated-requests.ts";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type restify from "restify";
import { z } from "zod";
import type { Clock } from "../../services/clock.ts";
import type { Database } from "../../services/db/database.ts";
import { answerHandOff } from "../../services/handoff/answer-hand-off.ts";
import { claimHandOff } from "../../services/handoff/claim-hand-off.ts";
import { closeHandOff } from "../../services/handoff/close-hand-off.ts";
import { findHandOffs } from "../../services/handoff/find-hand-offs.ts";
import { answersHandOffs, type HandOffActor, type HandOffNotices } from "../../services/handoff/hand-off-text.ts";
import type { HandOffRefusal } from "../../services/handoff/staff-access.ts";
import { LANGUAGES, RTL_LANGUAGES, type Language } from "../../services/languages.ts";
import type { StaffPrincipal, StaffSessions } from "../auth/staff-session.ts";
import { parseOr400 } from "../http-errors.ts";
import { pageLanguage, staticFile, WEB_DIR } from "../channels/web/pages.ts";

const STAFF_DIR = path.join(WEB_DIR, "staff");
const IdParams = z.object({ id: z.string().min(1).max(64) });
const ListQuery = z.object({ state: z.enum(["open", "closed"]).default("open") });
const AnswerBody = z.object({ text: z.string().trim().min(1, "must not be empty").max(1000, "must be at most 1000 characters") }).strict();
const NoBody = z.object({}).strict();

const STATUS_OF: Record<HandOffRefusal, number> = { UNKNOWN: 404, FORBIDDEN: 403, CLOSED: 409 };
const MESSAGE_OF: Record<HandOffRefusal, string> = {
  UNKNOWN: "no such hand-off in your municipality",
  FORBIDDEN: "only caseworkers and admins answer hand-offs",
  CLOSED: "the hand-off is closed",
};

// The inbox runs as a Teams tab too: Teams (and the Microsoft 365 hosts) may frame it; nobody else.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; " +
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.office.com https://*.cloud.microsoft";

export interface StaffInboxDeps {
  sessions: StaffSessions;
  clock: Clock;
  defaultLanguage: Language;
  /** The staff pages' sentences per language (locales/<lang>/staff.json). */
  catalogs: Record<string, Record<string, Record<string, unknown>>>;
  notices: HandOffNotices;
  /** The database once the service is ready. */
  db: () => Database | undefined;
}

/**
 * The staff inbox (web/staff/) and its JSON API under /api/staff/hand-offs: open and closed
 * hand-offs with their transcripts, claim, answer, close. A staff web session
 * (bot/auth/staff-session.ts, a SameSite=Strict sealed cookie) is required, and the role must be
 * caseworker or admin; the services check the role and the municipality again and audit each action.
 */
export function registerStaffInboxRoutes(server: restify.Server, deps: StaffInboxDeps): void {
  const { sessions, clock } = deps;

  /** The logged-in caseworker or admin, or an answer (503, 401, 403) and undefined. */
  async function actorOf(req: restify.Request, res: restify.Response): Promise<{ db: Database; actor: HandOffActor; staff: StaffPrincipal } | undefined> {
    const db = deps.db();
    if (!db) return void res.json(503, { error: "STARTING", message: "the service is starting" });
    const staff = await sessions.authenticate(req, db);
    if (!staff) return void res.json(401, { error: "UNAUTHORIZED", message: "log in as municipal staff first" });
    if (!answersHandOffs(staff.role)) return void res.json(403, { error: "FORBIDDEN", message: MESSAGE_OF.FORBIDDEN });
    return { db, staff, actor: { personId: staff.personId, municipalityId: staff.municipalityId, role: staff.role } };
  }

  /** A state change is asked for by our own page only (the cookie is SameSite=Strict too). */
  function sameOrigin(req: restify.Request, res: restify.Response): boolean {
    const site = req.header("sec-fetch-site");
    const origin = req.header("origin");
    if ((site && site !== "same-origin") || (origin && hostOf(origin) !== req.header("host"))) {
      res.json(403, { error: "FORBIDDEN", message: "staff actions come from the staff pages of this site" });
      return false;
    }
    return true;
  }

  server.get("/api/staff/hand-offs", async (req, res) => {
    const query = parseOr400(ListQuery, req.query ?? {}, res);
    if (!query) return;
    const who = await actorOf(req, res);
    if (!who) return;
    const handOffs = await findHandOffs(who.db, { actor: who.actor, state: query.state });
    res.header("cache-control", "no-store");
    res.json(200, { me: { givenName: who.staff.givenName, role: who.staff.role }, handOffs });
  });

  // Accommodation requests a club left unanswered, escalated to the caseworkers to follow up.
  server.get("/api/staff/accommodation-escalations", async (req, res) => {
    const who = await actorOf(req, res);
    if (!who) return;
    res.header("cache-control", "no-store");
    res.json(200, { escalations: await findEscalatedRequests(who.db, { municipalityId: who.staff.municipalityId }) });
  });

  const action = (name: "claim" | "answer" | "close") => async (req: restify.Request, res: restify.Response) => {
    const params = parseOr400(IdParams, req.params, res);
    const body = params && parseOr400(name === "answer" ? AnswerBody : NoBody, req.body ?? {}, res);
    if (!params || !body) return;
    if (!sameOrigin(req, res)) return;
    const who = await actorOf(req, res);
    if (!who) return;
    const now = clock.now();
    const ref = { id: params.id };
    const result =
      name === "claim"
        ? await claimHandOff(who.db, { actor: who.actor, ref, now })
        : name === "answer"
          ? await answerHandOff(who.db, { actor: who.actor, ref, text: (body as unknown as z.infer<typeof AnswerBody>).text, now, notices: deps.notices })
          : await closeHandOff(who.db, { actor: who.actor, ref, now, notices: deps.notices });
    if (result.outcome === "UNKNOWN" || result.outcome === "FORBIDDEN" || result.outcome === "CLOSED") {
      return void res.json(STATUS_OF[result.outcome], { error: result.outcome, message: MESSAGE_OF[result.outcome] });
    }
    res.json(200, result);
  };
  server.post("/api/staff/hand-offs/:id/claim", action("claim"));
  server.post("/api/staff/hand-offs/:id/answer", action("answer"));
  server.post("/api/staff/hand-offs/:id/close", action("close"));

  // The page: its sentences in the browser's (or ?lang=) language; the data comes from the API.
  server.get("/staff", async (_req, res) => {
    res.redirect(302, "/staff/", () => undefined);
  });
  server.get("/staff/", async (req, res) => {
    const language = pageLanguage(req, deps.defaultLanguage);
    const strings = Object.fromEntries(Object.entries(deps.catalogs[language]?.staff ?? {}).map(([key, value]) => [key, String(value)]));
    const config = { language, strings, languages: LANGUAGES };
    const html = (await readFile(path.join(STAFF_DIR, "index.html"), "utf8"))
      .replace(/\{\{lang\}\}/g, language)
      .replace(/\{\{dir\}\}/g, RTL_LANGUAGES.includes(language) ? "rtl" : "ltr")
      .replace(/\{\{t\.(\w+)\}\}/g, (_, key: string) => escapeHtml(strings[key] ?? key))
      .replace(/\{\{config\}\}/g, () => JSON.stringify(config).replace(/</g, "\\u003c"));
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": CSP, "x-content-type-options": "nosniff", "referrer-policy": "same-origin" });
    res.end(html);
  });
  for (const asset of ["inbox.js", "inbox.css"]) server.get(`/staff/${asset}`, staticFile(path.join(STAFF_DIR, asset)));
  // The Teams JavaScript client (npm @microsoft/teams-js), for the inbox as a Teams tab.
  server.get("/staff/teams.js", staticFile(teamsJsPath(), { maxAgeSeconds: 86_400 }));
}

function teamsJsPath(): string {
  // The package's CommonJS entry is the UMD bundle (dist/umd/MicrosoftTeams.min.js).
  return createRequire(import.meta.url).resolve("@microsoft/teams-js");
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
