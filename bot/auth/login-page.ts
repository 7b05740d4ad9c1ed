import type restify from "restify";
import { RTL_LANGUAGES, type Language } from "../../services/languages.ts";

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The login pages' one frame (ID-porten's callback, the development stand-in): never cached. */
export function loginPage(res: restify.Response, status: number, language: Language, title: string, body: string, headers: Record<string, string | string[]> = {}): void {
  const dir = RTL_LANGUAGES.includes(language) ? "rtl" : "ltr";
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(`<!doctype html><html lang="${language}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`);
}
