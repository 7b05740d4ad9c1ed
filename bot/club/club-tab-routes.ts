import { createRequire } from "node:module";
import path from "node:path";
import type { TFunction } from "i18next";
import type restify from "restify";
import { z } from "zod";
import { today, type Clock } from "../../services/clock.ts";
import type { AppConfig } from "../../services/config.ts";
import type { Database } from "../../services/db/database.ts";
import { isLanguage, LANGUAGES, type Language } from "../../services/languages.ts";
import type { Logger } from "../../services/logger.ts";
import { answerSignUp } from "../../services/clubs/answer-sign-up.ts";
import { answerAccommodation } from "../../services/accommodation/answer-accommodation.ts";
import { findClubContactByIdentity, type ClubContact } from "../../services/clubs/find-club-contact.ts";
import { findClubParticipants } from "../../services/clubs/find-club-participants.ts";
import { findOpenSignUps } from "../../services/clubs/find-open-sign-ups.ts";
import { findClubThreads } from "../../services/clubs/find-club-threads.ts";
import { readReplyCode } from "../../services/clubs/reply-codes.ts";
import { noticeText } from "../../dialogs/notices.ts";
import { errorBody } from "../http-errors.ts";
import { PresentedUser, type WebChatUsers } from "../channels/web/web-chat-users.ts";
import { renderPage, staticFile, WEB_DIR, type PageContext } from "../channels/web/pages.ts";
import { TeamsSsoVerifier } from "./teams-sso.ts";

/** The header the tab presents the web chat's user in (id and proof from the page's storage), as JSON. */
export const WEBCHAT_USER_HEADER = "x-webchat-user";

// Teams frames the tab; the browser test page frames it from our own origin.
const TAB_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com";

const SignUpAnswer = z.object({ answer: z.enum(["confirm", "decline"]), reason: z.string().max(500).optional() }).strict();
const ThreadAnswer = z.object({ answer: z.enum(["confirm", "talk", "decline", "close"]), message: z.string().max(1000).optional() }).strict();

export interface ClubTabDependencies {
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  t: (language: Language) => TFunction;
  page: PageContext;
  users: WebChatUsers;
  db: () => Database | undefined;
}

/** The teams-js browser bundle of the installed @microsoft/teams-js. */
function teamsJsBundlePath(): string {
  const main = createRequire(import.meta.url).resolve("@microsoft/teams-js");
  return path.join(path.dirname(main), "MicrosoftTeams.min.js");
}

/**
 * The club's tab (web/club/): its page and a JSON API under /api/club/ for a club contact, who is
 * either the Teams user its SSO token names or the web chat user the browser keeps (with the
 * service's proof), linked to a verified person who is a club's contact. Every answer goes through
 * the same use cases as the SMS commands (answerSignUp, answerAccommodation); every read is the
 * contact's own clubs' only.
 */
export function registerClubTabRoutes(server: restify.Server, deps: ClubTabDependencies): void {
  const sso = deps.config.teamsSso ? new TeamsSsoVerifier(deps.config.teamsSso, deps.clock) : undefined;
  const notices = noticeText({ t: deps.t });
  // The page's strings are its own namespace (club_tab.json), served as the page's "web" strings.
  const page: PageContext = {
    ...deps.page,
    catalogs: Object.fromEntries(LANGUAGES.map((language) => [language, { ...deps.page.catalogs[language], web: deps.page.catalogs[language]?.club_tab ?? {} }])),
    extra: { teamsSso: Boolean(sso) },
  };

  server.get("/club/", async (req, res) => renderPage(req, res, "club/index.html", page, { csp: TAB_CSP }));
  server.get("/club", async (_req, res) => {
    res.redirect(301, "/club/", () => undefined);
  });
  server.get("/club/club.js", staticFile(path.join(WEB_DIR, "club", "club.js")));
  server.get("/club/club.css", staticFile(path.join(WEB_DIR, "club", "club.css")));
  server.get("/club/teams-js.js", staticFile(teamsJsBundlePath(), { maxAgeSeconds: 86_400 }));

  /** Who is asking: the contact, or an answer already sent (401, 403, 503). */
  async function contactOf(req: restify.Request, res: restify.Response): Promise<{ db: Database; contact: ClubContact; language: Language } | undefined> {
    const db = deps.db();
    if (!db) return void res.json(503, errorBody(req, "STARTING", "the service is starting"));
    let identity: { channel: "WEBCHAT" | "TEAMS"; address: string } | undefined;
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.header("authorization") ?? "")?.[1];
    if (bearer) {
      if (!sso) return void res.json(401, errorBody(req, "UNAUTHORIZED", "Teams single sign-on is not configured here (TEAMS_SSO_APP_ID_URI)"));
      const verified = await sso.verify(bearer);
      if (!verified) return void res.json(401, errorBody(req, "UNAUTHORIZED", "the Teams sign-on token is invalid, expired or not for this app"));
      identity = { channel: "TEAMS", address: verified.oid };
    } else {
      let presented: unknown;
      try {
        presented = JSON.parse(req.header(WEBCHAT_USER_HEADER) ?? "null");
      } catch {
        presented = null;
      }
      const user = PresentedUser.safeParse(presented);
      if (!user.success || !deps.users.verify(user.data)) return void res.json(401, errorBody(req, "UNAUTHORIZED", `log in through the web chat first: no valid ${WEBCHAT_USER_HEADER}`));
      identity = { channel: "WEBCHAT", address: user.data.id };
    }
    const contact = await findClubContactByIdentity(db, identity);
    if (!contact) return void res.json(403, errorBody(req, "FORBIDDEN", "this login is no verified contact of a club"));
    const asked = typeof req.query?.lang === "string" ? req.query.lang : "";
    return { db, contact, language: isLanguage(asked) ? asked : contact.language };
  }

  const time = () => {
    const now = deps.clock.now();
    return { now, today: today(deps.clock, deps.config.scheme.timeZone) };
  };

  server.get("/api/club/overview", async (req, res) => {
    const who = await contactOf(req, res);
    if (!who) return;
    const { db, contact, language } = who;
    const { today: day } = time();
    const [participants, signUps, threads] = await Promise.all([
      findClubParticipants(db, { personId: contact.personId, language, today: day, rules: deps.config.scheme }),
      findOpenSignUps(db, { personId: contact.personId, language, today: day }),
      findClubThreads(db, { personId: contact.personId, language }),
    ]);
    res.header("cache-control", "no-store");
    res.json(200, {
      contact: { givenName: contact.givenName, language },
      clubs: contact.clubs.map((club) => ({ name: club.name })),
      activities: participants.found ? participants.activities : [],
      signUps: signUps.map(({ enrollmentId: _id, ...signUp }) => signUp),
      threads,
    });
  });

  server.get("/api/club/activities/:number", async (req, res) => {
    const number = z.coerce.number().int().min(1).max(999).safeParse(req.params.number);
    if (!number.success) return void res.json(400, errorBody(req, "INVALID_REQUEST", "the activity number must be a whole number from 1"));
    const who = await contactOf(req, res);
    if (!who) return;
    const result = await findClubParticipants(who.db, { personId: who.contact.personId, activityNumber: number.data, language: who.language, today: time().today, rules: deps.config.scheme });
    if (!result.found) return void res.json(404, errorBody(req, "NOT_FOUND", `your clubs have no activity number ${number.data}`));
    res.header("cache-control", "no-store");
    res.json(200, result.activities[0]);
  });

  server.post("/api/club/sign-ups/:code/answer", async (req, res) => {
    const code = readReplyCode(String(req.params.code ?? ""));
    const body = SignUpAnswer.safeParse(req.body);
    if (!code || !body.success) return void res.json(400, errorBody(req, "INVALID_REQUEST", !code ? "the code is 3–8 letters and digits" : `the body must be {"answer": "confirm" | "decline", "reason"?: text}`));
    const who = await contactOf(req, res);
    if (!who) return;
    const result = await answerSignUp(who.db, { personId: who.contact.personId, answer: body.data.answer, code, reason: body.data.reason, language: who.language, ...time(), notices });
    const t = deps.t(who.language);
    if (result.outcome === "UNKNOWN_CODE") return void res.json(404, errorBody(req, "NOT_FOUND", String(t("club:answer.unknown_code", { code }))));
    if (result.outcome === "RATE_LIMITED") return void res.json(429, errorBody(req, "TOO_MANY_REQUESTS", String(t("club:answer.rate_limited", { minutes: result.minutes }))));
    if (!("signUp" in result)) return void res.json(403, errorBody(req, "FORBIDDEN", "this login is no verified contact of a club"));
    const key = { CONFIRMED: "confirmed", DECLINED: "declined", ALREADY_CONFIRMED: "already_confirmed", ALREADY_DECLINED: "already_declined", CANCELLED: "cancelled", EXPIRED: "expired" }[result.outcome];
    const settled = result.outcome === "CONFIRMED" || result.outcome === "DECLINED";
    res.json(settled ? 200 : 409, { outcome: result.outcome, message: String(t(`club:answer.${key}`, { child: result.signUp.childName, activity: result.signUp.activityTitle, code })) });
  });

  server.post("/api/club/accommodation/:code/answer", async (req, res) => {
    const code = readReplyCode(String(req.params.code ?? ""));
    const body = ThreadAnswer.safeParse(req.body);
    if (!code || !body.success) return void res.json(400, errorBody(req, "INVALID_REQUEST", !code ? "the code is 3–8 letters and digits" : `the body must be {"answer": "confirm" | "talk" | "decline" | "close", "message"?: text}`));
    const who = await contactOf(req, res);
    if (!who) return;
    const result = await answerAccommodation(who.db, { personId: who.contact.personId, answer: body.data.answer, code, message: body.data.message, now: time().now, notices });
    const t = deps.t(who.language);
    if (result.outcome === "UNKNOWN_CODE" || result.outcome === "NOT_A_REQUEST") return void res.json(404, errorBody(req, "NOT_FOUND", String(t("club:answer.unknown_code", { code }))));
    if (result.outcome === "RATE_LIMITED") return void res.json(429, errorBody(req, "TOO_MANY_REQUESTS", String(t("club:answer.rate_limited", { minutes: result.minutes }))));
    const key = { SENT: "accommodation:club.sent", CLOSED: "accommodation:club.closed", ALREADY_CLOSED: "accommodation:club.already_closed" }[result.outcome];
    res.json(result.outcome === "ALREADY_CLOSED" ? 409 : 200, { outcome: result.outcome, message: String(t(key, { child: result.childName, code: result.code })) });
  });
}
