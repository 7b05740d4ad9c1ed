import type { TFunction } from "i18next";
import type restify from "restify";
import * as oidc from "openid-client";
import { z } from "zod";
import type { Clock } from "../../services/clock.ts";
import type { AppConfig, StaffOidcConfig } from "../../services/config.ts";
import type { Database } from "../../services/db/database.ts";
import { isLanguage, type Language } from "../../services/languages.ts";
import type { Logger } from "../../services/logger.ts";
import { findStaffMemberByEntraId } from "../../services/staff/find-staff-member.ts";
import { serviceKey } from "../service-keys.ts";
import { SealedCookie } from "./sealed-cookie.ts";
import { escapeHtml, loginPage } from "./login-page.ts";
import type { StaffSessions } from "./staff-session.ts";
import { StaffLoginRejected, StaffLoginUnavailable, StaffOidcClient } from "./staff-oidc-client.ts";

export const STAFF_LOGIN_PATH = "/auth/staff";
export const STAFF_CALLBACK_PATH = `${STAFF_LOGIN_PATH}/callback`;
export const STAFF_LOGOUT_PATH = `${STAFF_LOGIN_PATH}/logout`;
const STAFF_ME_PATH = `${STAFF_LOGIN_PATH}/me`;
const ATTEMPT_COOKIE = "fk_staff_login";
/** Long enough to log in at Entra ID (with MFA). */
const ATTEMPT_TTL_SECONDS = 10 * 60;

/** A page of ours to go back to after the login: a path on this site, never another site ("//evil"). */
const returnPath = z.string().max(512).regex(/^\/(?![/\\])[\w\-./?=&%]*$/);
const StartQuery = z.object({
  return_to: returnPath.optional(),
  /** Prefills the account at Entra ID; the local provider (npm start) takes the demo role to log in as. */
  login_hint: z.string().max(256).optional(),
  lang: z.string().optional(),
});
const Attempt = z.object({ state: z.string(), nonce: z.string(), codeVerifier: z.string(), returnTo: z.string().optional(), language: z.string() });
type Attempt = z.infer<typeof Attempt>;

type Outcome = "failed" | "not_staff" | "unavailable";
const STATUS: Record<Outcome, number> = { failed: 400, not_staff: 403, unavailable: 503 };

export interface StaffLoginRouteDependencies {
  config: Pick<AppConfig, "publicBaseUrl" | "directLine"> & { staffOidc: StaffOidcConfig };
  sessions: StaffSessions;
  db: () => Database | undefined;
  t: (language: Language) => TFunction;
  defaultLanguage: Language;
  logger: Logger;
  clock: Clock;
}

/**
 * Staff log in with the municipality's Entra ID (docs/staff.md). GET /auth/staff sends the browser
 * to the identity provider (authorization code flow with PKCE, state and nonce in a sealed,
 * path-bound cookie of its own); /auth/staff/callback validates the ID token, finds the staff
 * member by the token's `oid` (their verified Teams identity) and starts the staff session
 * (bot/auth/staff-session.ts); /auth/staff/logout ends it; /auth/staff/me says who is logged in.
 * A person who is not staff gets no session.
 */
export function registerStaffLoginRoutes(server: restify.Server, deps: StaffLoginRouteDependencies): void {
  const { config, clock, logger, sessions } = deps;
  const client = new StaffOidcClient(config.staffOidc, `${config.publicBaseUrl}${STAFF_CALLBACK_PATH}`);
  const attempts = new SealedCookie<Attempt>({
    name: ATTEMPT_COOKIE,
    key: serviceKey(config.directLine, "staff-login-cookie").key,
    schema: Attempt,
    ttlSeconds: ATTEMPT_TTL_SECONDS,
    path: STAFF_LOGIN_PATH,
    clock,
    secure: config.publicBaseUrl.startsWith("https://"),
    // The identity provider's redirect back is a top-level GET from another site, which Lax allows.
    sameSite: "Lax",
  });
  const languageOf = (value: unknown): Language => (typeof value === "string" && isLanguage(value) ? value : deps.defaultLanguage);

  function show(res: restify.Response, status: number, language: Language, body: (t: TFunction) => string, headers: Record<string, string | string[]> = {}): void {
    const t = deps.t(language);
    loginPage(res, status, language, String(t("staff_auth:title")), body(t), headers);
  }
  const refusal = (res: restify.Response, outcome: Outcome, language: Language, headers: Record<string, string | string[]> = {}) =>
    show(res, STATUS[outcome], language, (t) => `<p>${escapeHtml(String(t(`staff_auth:${outcome}`)))}</p><p><a href="${STAFF_LOGIN_PATH}">${escapeHtml(String(t("staff_auth:try_again")))}</a></p>`, headers);

  server.get(STAFF_LOGIN_PATH, async (req, res) => {
    const query = StartQuery.safeParse(req.query ?? {});
    const language = languageOf(query.success ? query.data.lang : undefined);
    if (!query.success) return refusal(res, "failed", language);
    const attempt: Attempt = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), language, ...(query.data.return_to ? { returnTo: query.data.return_to } : {}) };
    try {
      const url = await client.authorizationUrl({ ...attempt, loginHint: query.data.login_hint });
      res.writeHead(302, { location: url.href, "set-cookie": attempts.seal(attempt), "cache-control": "no-store" });
      res.end();
    } catch (error) {
      if (!(error instanceof StaffLoginUnavailable)) throw error;
      logger.warn({ code: error.code }, "staff identity provider unavailable: login not started");
      refusal(res, "unavailable", language);
    }
  });

  server.get(STAFF_CALLBACK_PATH, async (req, res) => {
    const db = deps.db();
    if (!db) return void res.json(503, { error: "starting" });
    // Whatever happens next, this login attempt is over: its cookie goes.
    const clear = attempts.clear();
    const attempt = attempts.open(req.header("cookie"));
    if (!attempt) {
      logger.warn("staff login callback without a valid login cookie");
      return refusal(res, "failed", deps.defaultLanguage, { "set-cookie": clear });
    }
    const language = languageOf(attempt.language);
    try {
      const { objectId } = await client.identify(new URL(req.url ?? "/", "http://callback").search, attempt);
      const staff = await findStaffMemberByEntraId(db, { objectId });
      if (!staff) {
        logger.info("staff login of an account that is not the municipality's staff");
        return refusal(res, "not_staff", language, { "set-cookie": clear });
      }
      logger.info({ personId: staff.personId, role: staff.role }, "staff logged in");
      const cookies = [clear, sessions.issue(staff.personId)];
      if (attempt.returnTo) {
        res.writeHead(302, { location: attempt.returnTo, "set-cookie": cookies, "cache-control": "no-store" });
        return void res.end();
      }
      show(res, 200, language, (t) => `<p>${escapeHtml(String(t("staff_auth:logged_in", { name: staff.givenName, role: String(t(`staff_auth:role.${staff.role}`)) })))}</p><form method="post" action="${STAFF_LOGOUT_PATH}"><button>${escapeHtml(String(t("staff_auth:log_out")))}</button></form>`, { "set-cookie": cookies });
    } catch (error) {
      if (error instanceof StaffLoginRejected) {
        logger.warn({ code: error.code }, "staff login refused");
        return refusal(res, "failed", language, { "set-cookie": clear });
      }
      if (error instanceof StaffLoginUnavailable) {
        logger.warn({ code: error.code }, "staff identity provider unavailable: login not completed");
        return refusal(res, "unavailable", language, { "set-cookie": clear });
      }
      throw error;
    }
  });

  // Ending a session needs no proof: anyone may log a browser out. GET for a link, POST for a form.
  const logout = async (req: restify.Request, res: restify.Response) => {
    const language = languageOf((req.query as Record<string, unknown> | undefined)?.lang);
    show(res, 200, language, (t) => `<p>${escapeHtml(String(t("staff_auth:logged_out")))}</p><p><a href="${STAFF_LOGIN_PATH}">${escapeHtml(String(t("staff_auth:log_in_again")))}</a></p>`, { "set-cookie": sessions.end() });
  };
  server.get(STAFF_LOGOUT_PATH, logout);
  server.post(STAFF_LOGOUT_PATH, logout);

  // For the staff pages: who is logged in (401 without a session).
  server.get(STAFF_ME_PATH, async (req, res) => {
    const db = deps.db();
    if (!db) return void res.json(503, { error: "starting" });
    const staff = await sessions.authenticate(req, db);
    res.header("cache-control", "no-store");
    if (!staff) return void res.json(401, { error: "UNAUTHORIZED", message: `log in at ${STAFF_LOGIN_PATH}` });
    res.json(200, { personId: staff.personId, role: staff.role, givenName: staff.givenName, service: staff.service });
  });
}
