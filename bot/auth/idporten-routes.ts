import type { TFunction } from "i18next";
import type restify from "restify";
import * as oidc from "openid-client";
import { z } from "zod";
import type { Clock } from "../../services/clock.ts";
import type { AppConfig, IdPortenConfig } from "../../services/config.ts";
import type { Database } from "../../services/db/database.ts";
import { isAppError } from "../../services/errors.ts";
import { checkLoginToken, findPersonByRegistryRef, redeemLoginToken } from "../../services/identity-login.ts";
import { isLanguage, type Language } from "../../services/languages.ts";
import type { Logger } from "../../services/logger.ts";
import { HttpPopulationRegister, PopulationRegisterUnavailable, type PopulationRegister } from "../../services/registry/population-register.ts";
import { serviceKey } from "../service-keys.ts";
import { IdPortenClient, IdPortenRejected, IdPortenUnavailable } from "./idporten-client.ts";
import { LoginCookies } from "./login-cookie.ts";
import { escapeHtml, loginPage } from "./login-page.ts";

export const IDPORTEN_PATH = "/auth/idporten";
export const IDPORTEN_CALLBACK_PATH = `${IDPORTEN_PATH}/callback`;

const TokenQuery = z.object({ token: z.string().min(16).max(128) });

type Outcome = "done" | "expired" | "failed" | "unknown_person" | "unavailable";
const STATUS: Record<Outcome, number> = { done: 200, expired: 410, failed: 400, unknown_person: 403, unavailable: 503 };

export interface IdPortenRouteDependencies {
  config: Pick<AppConfig, "publicBaseUrl" | "directLine"> & { idporten: IdPortenConfig };
  db: () => Database | undefined;
  t: (language: Language) => TFunction;
  defaultLanguage: Language;
  logger: Logger;
  clock: Clock;
}

/**
 * Families log in with ID-porten (docs/conversation.md, Identity). The chat's one-time link opens
 * GET /auth/idporten?token=…, which checks the token and sends the browser to ID-porten (the
 * authorization code flow with PKCE, state and nonce, kept in a sealed cookie bound to the token);
 * ID-porten sends it back to /auth/idporten/callback, which exchanges the code, validates the ID
 * token, asks the population register for the person with the `pid` claim, and spends the token
 * linking the chat identity to that person. The number is used for that one question: never
 * stored, never logged. Every refusal is a page in the family's language and changes nothing.
 */
export function registerIdPortenRoutes(server: restify.Server, deps: IdPortenRouteDependencies): void {
  const { config, clock, logger } = deps;
  const client = new IdPortenClient(config.idporten, `${config.publicBaseUrl}${IDPORTEN_CALLBACK_PATH}`);
  const register: PopulationRegister = new HttpPopulationRegister(config.idporten.populationRegister);
  const cookies = new LoginCookies(serviceKey(config.directLine, "idporten-login-cookie").key, clock, config.publicBaseUrl.startsWith("https://"), IDPORTEN_PATH);
  const languageOf = (value: string | null | undefined): Language => (value && isLanguage(value) ? value : deps.defaultLanguage);

  function show(res: restify.Response, outcome: Outcome, language: Language, headers: Record<string, string> = {}): void {
    const t = deps.t(language);
    const text = outcome === "done" ? "chat:login_page.done" : `chat:login_page.${outcome}`;
    loginPage(res, STATUS[outcome], language, String(t("chat:login_page.title")), `<p>${escapeHtml(String(t(text)))}</p>`, headers);
  }

  server.get(IDPORTEN_PATH, async (req, res) => {
    const db = deps.db();
    if (!db) return void res.json(503, { error: "starting" });
    const query = TokenQuery.safeParse(req.query ?? {});
    if (!query.success) return show(res, "expired", deps.defaultLanguage);
    let language = deps.defaultLanguage;
    try {
      language = languageOf((await checkLoginToken(db, { token: query.data.token, now: clock.now() })).language);
      const attempt = { token: query.data.token, state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
      const url = await client.authorizationUrl({ ...attempt, language });
      res.writeHead(302, { location: url.href, "set-cookie": cookies.seal(attempt), "cache-control": "no-store" });
      res.end();
    } catch (error) {
      if (isAppError(error, "UNAUTHORIZED")) return show(res, "expired", language);
      if (error instanceof IdPortenUnavailable) {
        logger.warn({ code: error.code }, "ID-porten unavailable: login not started");
        return show(res, "unavailable", language);
      }
      throw error;
    }
  });

  server.get(IDPORTEN_CALLBACK_PATH, async (req, res) => {
    const db = deps.db();
    if (!db) return void res.json(503, { error: "starting" });
    // Whatever happens next, this login attempt is over: the cookie goes.
    const clear = { "set-cookie": cookies.clear() };
    const attempt = cookies.open(req.header("cookie"));
    if (!attempt) {
      logger.warn("ID-porten callback without a valid login cookie");
      return show(res, "failed", deps.defaultLanguage, clear);
    }
    let language = deps.defaultLanguage;
    try {
      const now = clock.now();
      language = languageOf((await checkLoginToken(db, { token: attempt.token, now })).language);
      const { pid } = await client.identify(new URL(req.url ?? "/", "http://callback").search, attempt);
      const registryRef = await register.registryRefOf(pid);
      const person = registryRef ? await findPersonByRegistryRef(db, { registryRef }) : null;
      if (!person) {
        logger.info("ID-porten login of a person the municipality does not know");
        return show(res, "unknown_person", language, clear);
      }
      const { identityId } = await redeemLoginToken(db, { token: attempt.token, personId: person.id, now: clock.now(), method: "idporten" });
      logger.info({ identityId }, "chat identity linked (ID-porten)");
      show(res, "done", language, clear);
    } catch (error) {
      if (isAppError(error, "UNAUTHORIZED")) return show(res, "expired", language, clear);
      if (isAppError(error, "NOT_FOUND")) return show(res, "unknown_person", language, clear);
      if (error instanceof IdPortenRejected) {
        logger.warn({ code: error.code }, "ID-porten login refused");
        return show(res, "failed", language, clear);
      }
      if (error instanceof IdPortenUnavailable || error instanceof PopulationRegisterUnavailable) {
        logger.warn({ code: error instanceof IdPortenUnavailable ? error.code : error.status }, `${error.name}: login not completed`);
        return show(res, "unavailable", language, clear);
      }
      throw error;
    }
  });
}
