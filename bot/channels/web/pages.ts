import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type restify from "restify";
import { isLanguage, LANGUAGES, RTL_LANGUAGES, type Language } from "../../../services/languages.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const WEB_DIR = path.join(ROOT, "web");

/** Web Chat's own UI strings exist for these locales; the others use ours (web.json) over English. */
export const WEBCHAT_LOCALES: Record<Language, string> = {
  nb: "nb-NO",
  en: "en-US",
  pl: "pl-PL",
  lt: "lt-LT",
  uk: "uk-UA",
  ar: "ar-SA",
  so: "so-SO",
  ur: "ur-PK",
  tr: "tr-TR",
  ti: "ti-ER",
};

export interface PageContext {
  municipalityName: string;
  defaultLanguage: Language;
  /** locales/<lang>/web.json and _meta.json of every language. */
  catalogs: Record<string, Record<string, Record<string, unknown>>>;
  languageNames: Record<Language, string>;
  /** More for the page's script (the simulator's demo identities, …). */
  extra?: Record<string, unknown>;
}

/**
 * The language a page opens in: ?lang=, else the browser's Accept-Language (no/nn count as
 * Bokmål), else the municipality's default.
 */
export function pageLanguage(req: restify.Request, fallback: Language): Language {
  const asked = typeof req.query?.lang === "string" ? req.query.lang : "";
  if (isLanguage(asked)) return asked;
  for (const part of (req.header("accept-language") ?? "").split(",")) {
    const code = part.trim().split(";")[0]!.toLowerCase().split("-")[0]!;
    if (isLanguage(code)) return code;
    if (code === "no" || code === "nn") return "nb";
  }
  return fallback;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
// Fills what the server knows ({{municipality}}); the page's script fills the rest ({{count}}, …).
const interpolate = (text: string, values: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (match, key: string) => values[key] ?? match);

/** Every page's strings, per language, with the municipality filled in. */
function pageStrings(context: PageContext): Record<string, Record<string, string>> {
  return Object.fromEntries(
    LANGUAGES.map((language) => [
      language,
      Object.fromEntries(Object.entries(context.catalogs[language]?.web ?? {}).map(([key, value]) => [key, interpolate(String(value), { municipality: context.municipalityName })])),
    ]),
  );
}

// Web Chat styles itself with inline styles (emotion); everything else comes from us.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Serves web/<file> with its language: `{{lang}}`, `{{dir}}`, `{{t.key}}` (web.json, HTML-escaped)
 * and `{{config}}` (JSON for the page's script, in a non-executable script element).
 */
export async function renderPage(req: restify.Request, res: restify.Response, file: string, context: PageContext, options: { csp?: string } = {}): Promise<void> {
  const language = pageLanguage(req, context.defaultLanguage);
  const strings = pageStrings(context);
  const config = {
    language,
    defaultLanguage: context.defaultLanguage,
    languages: LANGUAGES.map((code) => ({ code, name: context.languageNames[code], dir: RTL_LANGUAGES.includes(code) ? "rtl" : "ltr", webChatLocale: WEBCHAT_LOCALES[code] })),
    strings,
    ...context.extra,
  };
  const template = await readFile(path.join(WEB_DIR, file), "utf8");
  const html = template
    .replace(/\{\{lang\}\}/g, language)
    .replace(/\{\{dir\}\}/g, RTL_LANGUAGES.includes(language) ? "rtl" : "ltr")
    .replace(/\{\{t\.(\w+)\}\}/g, (_, key: string) => escapeHtml(strings[language]?.[key] ?? key))
    .replace(/\{\{config\}\}/g, () => JSON.stringify(config).replace(/</g, "\\u003c"));
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": options.csp ?? CSP, "x-content-type-options": "nosniff", "referrer-policy": "same-origin" });
  res.end(html);
}

const STATIC_TYPES: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml" };

/** A fixed file, gzipped once when the client accepts it. */
export function staticFile(file: string, options: { maxAgeSeconds?: number } = {}) {
  let cache: { raw: Buffer; gzip: Buffer } | undefined;
  const type = STATIC_TYPES[path.extname(file)] ?? "application/octet-stream";
  return async (req: restify.Request, res: restify.Response): Promise<void> => {
    if (!cache) {
      const raw = readFileSync(file);
      cache = { raw, gzip: gzipSync(raw) };
    }
    const gzip = /\bgzip\b/.test(req.header("accept-encoding") ?? "");
    res.writeHead(200, {
      "content-type": type,
      "cache-control": options.maxAgeSeconds ? `public, max-age=${options.maxAgeSeconds}` : "no-cache",
      "x-content-type-options": "nosniff",
      vary: "accept-encoding",
      ...(gzip ? { "content-encoding": "gzip" } : {}),
    });
    res.end(gzip ? cache.gzip : cache.raw);
  };
}

/** The browser bundle of the installed botframework-webchat (UMD; defines window.WebChat). */
export function webChatBundlePath(): string {
  // The package's exports hide dist/; its main entry lives in lib/, next to dist/.
  const main = createRequire(import.meta.url).resolve("botframework-webchat");
  return path.join(path.dirname(main), "..", "dist", "webchat.js");
}
