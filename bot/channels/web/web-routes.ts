import { randomBytes } from "node:crypto";
import path from "node:path";
import type restify from "restify";
import type { DirectLineTokens } from "../directline/tokens.ts";
import type { WebChatUsers } from "./web-chat-users.ts";
import { renderPage, staticFile, WEB_DIR, webChatBundlePath, type PageContext } from "./pages.ts";

// The page's own scripts and styles; nothing else under web/ is served.
const ASSETS = ["chat.js", "chat.css", "sms-simulator.js", "sms-simulator.css", "payment-simulator.css"];

/**
 * The web chat: GET / (the page), /webchat/webchat.js (the official Web Chat bundle from its npm
 * package), /web/<asset>, and POST /webchat/token — the page's token server, which hands a
 * same-origin page a Direct Line token for a new conversation without the page ever holding the
 * Direct Line secret. The page keeps its user (id and proof, web-chat-users.ts) and presents it on
 * the next request, so a reload or a language switch is the same user — logged in still.
 */
export function registerWebRoutes(server: restify.Server, deps: { page: PageContext; tokens: DirectLineTokens; users: WebChatUsers }): void {
  server.get("/", async (req, res) => {
    await renderPage(req, res, "index.html", deps.page);
  });
  server.get("/webchat/webchat.js", staticFile(webChatBundlePath(), { maxAgeSeconds: 86_400 }));
  for (const asset of ASSETS) server.get(`/web/${asset}`, staticFile(path.join(WEB_DIR, asset)));
  // Browsers ask for it on every page; there is none, and a 404 would clutter every console.
  server.get("/favicon.ico", async (_req, res) => {
    res.writeHead(204, { "cache-control": "public, max-age=86400" });
    res.end();
  });

  server.post("/webchat/token", async (req, res) => {
    // Only our own page may ask: browsers mark cross-site requests, and an Origin must be ours.
    const site = req.header("sec-fetch-site");
    const origin = req.header("origin");
    if ((site && site !== "same-origin") || (origin && hostOf(origin) !== req.header("host"))) {
      return void res.json(403, { error: { code: "Forbidden", message: "web chat tokens are for this site's own page" } });
    }
    const conversationId = randomBytes(18).toString("base64url");
    // A user the page presents is taken only with our proof; anything else gets a new user.
    const { id, proof } = deps.users.resolve(bodyOf(req)?.user);
    res.json(200, { conversationId, ...deps.tokens.issue(conversationId, id), user: { id, proof } });
  });
}

function bodyOf(req: restify.Request): { user?: unknown } | undefined {
  let body: unknown = req.body;
  if (typeof body === "string" || Buffer.isBuffer(body)) {
    try {
      body = JSON.parse(String(body));
    } catch {
      return undefined;
    }
  }
  return body && typeof body === "object" ? (body as { user?: unknown }) : undefined;
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined; // "null" (a sandboxed frame) or garbage
  }
}
