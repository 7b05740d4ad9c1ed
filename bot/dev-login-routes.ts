import type restify from "restify";
import type { TFunction } from "i18next";
import { z } from "zod";
import type { Clock } from "../services/clock.ts";
import type { Database } from "../services/db/database.ts";
import { isAppError } from "../services/errors.ts";
import { checkLoginToken, listLoginPersons, redeemLoginToken } from "../services/identity-login.ts";
import { isLanguage, type Language } from "../services/languages.ts";
import type { Logger } from "../services/logger.ts";
import { escapeHtml, loginPage } from "./auth/login-page.ts";
import { parseOr400 } from "./http-errors.ts";

export const DEV_LOGIN_PATH = "/dev/login";

const TokenQuery = z.object({ token: z.string().min(16).max(128) });
const LoginForm = z.object({ token: z.string().min(16).max(128), personId: z.string().min(1).max(64) });

const escape = escapeHtml;
const page = loginPage;

/**
 * The embedded default's stand-in for ID-porten (development only: not registered in production,
 * where the one-time link starts an OpenID Connect login instead). GET lists the demo persons for
 * a valid token; POST links the chat identity to the chosen person and spends the token.
 */
export function registerDevLoginRoutes(
  server: restify.Server,
  deps: { db: () => Database | undefined; t: (language: Language) => TFunction; defaultLanguage: Language; logger: Logger; clock: Clock },
): void {
  const { clock } = deps;
  const languageOf = (value: string | null) => (value && isLanguage(value) ? value : deps.defaultLanguage);

  server.get(DEV_LOGIN_PATH, async (req, res) => {
    const db = deps.db();
    if (!db) return void res.json(503, { error: "starting" });
    const query = TokenQuery.safeParse(req.query ?? {});
    let t = deps.t(deps.defaultLanguage);
    if (!query.success) return page(res, 400, deps.defaultLanguage, String(t("chat:login_page.title")), `<p>${escape(String(t("chat:login_page.expired")))}</p>`);
    try {
      const { language } = await checkLoginToken(db, { token: query.data.token, now: clock.now() });
      const lang = languageOf(language);
      t = deps.t(lang);
      const persons = await listLoginPersons(db);
      const items = persons
        .map((person) => {
          const children = person.children.length > 0 ? ` (${escape(String(t("chat:login_page.children", { names: person.children.join(", ") })))})` : "";
          return `<li><form method="post" action="${DEV_LOGIN_PATH}"><input type="hidden" name="token" value="${escape(query.data.token)}"><input type="hidden" name="personId" value="${escape(person.id)}"><button type="submit">${escape(person.name)}</button>${children}</form></li>`;
        })
        .join("");
      page(res, 200, lang, String(t("chat:login_page.title")), `<p>${escape(String(t("chat:login_page.choose")))}</p><ul>${items}</ul>`);
    } catch (error) {
      if (!isAppError(error, "UNAUTHORIZED")) throw error;
      page(res, 410, deps.defaultLanguage, String(t("chat:login_page.title")), `<p>${escape(String(t("chat:login_page.expired")))}</p>`);
    }
  });

  server.post(DEV_LOGIN_PATH, async (req, res) => {
    const db = deps.db();
    if (!db) return void res.json(503, { error: "starting" });
    const form = parseOr400(LoginForm, req.body, res);
    if (!form) return;
    const t = deps.t(deps.defaultLanguage);
    try {
      const now = clock.now();
      const { language } = await checkLoginToken(db, { token: form.token, now });
      await redeemLoginToken(db, { token: form.token, personId: form.personId, now });
      const lang = languageOf(language);
      deps.logger.info("chat identity linked (development login)");
      page(res, 200, lang, String(deps.t(lang)("chat:login_page.title")), `<p>${escape(String(deps.t(lang)("chat:login_page.done")))}</p>`);
    } catch (error) {
      if (isAppError(error, "UNAUTHORIZED") || isAppError(error, "NOT_FOUND")) {
        return page(res, 410, deps.defaultLanguage, String(t("chat:login_page.title")), `<p>${escape(String(t("chat:login_page.expired")))}</p>`);
      }
      throw error;
    }
  });
}
