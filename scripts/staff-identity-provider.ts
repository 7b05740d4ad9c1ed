import { OAuth2Server } from "oauth2-mock-server";
import type { IncomingMessage, ServerResponse } from "node:http";

/** A person the local provider can log in: `hint` is what the picker (or a login_hint) names. */
export interface LocalStaffAccount {
  hint: string;
  /** The Entra ID object id (`oid`) it signs into the ID token. */
  objectId: string;
  name: string;
}

const PICKER_PATH = "/pick";

/**
 * The municipality's Entra ID stood in for by oauth2-mock-server, in-process: for `npm start`
 * (scripts/demo.ts) and the tests. It answers discovery, JWKS, /authorize and /token (checking
 * PKCE) and signs real RS256 ID tokens; what it adds is a login page: discovery names /pick as the
 * authorization endpoint, which lists the accounts (or, given a known `login_hint`, goes straight
 * on to /authorize), and the chosen account's `oid` and name are signed into the ID token
 * (beforeTokenSigning, by the authorization code). Loopback http only: production's https rule is
 * the configuration's.
 */
export async function startStaffIdentityProvider(accounts: LocalStaffAccount[], options: { host?: string; port?: number } = {}) {
  const provider = new OAuth2Server();
  await provider.issuer.keys.generate("RS256");
  await provider.start(options.port ?? 0, options.host ?? "127.0.0.1");
  const issuer = `http://${options.host ?? "127.0.0.1"}:${provider.address().port}`;
  provider.issuer.url = issuer;
  const byHint = new Map(accounts.map((account) => [account.hint, account]));
  /** Which account each authorization code was issued to (until the code is spent at /token). */
  const chosen = new Map<string, LocalStaffAccount>();

  provider.service.on("beforeWellKnownOpenIdConfiguration", (response: { body: Record<string, unknown> }) => {
    response.body.authorization_endpoint = `${issuer}${PICKER_PATH}`;
  });
  provider.service.addRoute("GET", PICKER_PATH, (req: IncomingMessage & { query?: Record<string, unknown> }, res: ServerResponse) => {
    const query = new URL(req.url ?? "/", issuer).searchParams;
    const hint = query.get("login_hint");
    if (hint && byHint.has(hint)) {
      res.writeHead(302, { location: `${issuer}/authorize?${query}` });
      return void res.end();
    }
    const links = accounts
      .map((account) => {
        const next = new URLSearchParams(query);
        next.set("login_hint", account.hint);
        return `<li><a href="${PICKER_PATH}?${escape(next.toString())}">${escape(account.name)}</a> (${escape(account.hint)})</li>`;
      })
      .join("");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local staff login</title></head><body><main><h1>Local staff login (development)</h1><p>Stands in for the municipality's Entra ID. Log in as:</p><ul>${links}</ul></main></body></html>`);
  });
  provider.service.on("beforeAuthorizeRedirect", (redirect: { url: URL }, req: IncomingMessage) => {
    const account = byHint.get(new URL(req.url ?? "/", issuer).searchParams.get("login_hint") ?? "");
    const code = redirect.url.searchParams.get("code");
    if (!account || !code) {
      // Only the picker leads here with a known account; anything else is refused as Entra ID would.
      redirect.url.searchParams.delete("code");
      redirect.url.searchParams.set("error", "access_denied");
      return;
    }
    chosen.set(code, account);
  });
  provider.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }, req: IncomingMessage & { body?: Record<string, unknown> }) => {
    const account = typeof req.body?.code === "string" ? chosen.get(req.body.code) : undefined;
    if (account) Object.assign(token.payload, { oid: account.objectId, sub: `sub-${account.objectId}`, name: account.name, preferred_username: `${account.hint}@kommune.example` });
  });
  provider.service.on("beforeResponse", (_response: unknown, req: IncomingMessage & { body?: Record<string, unknown> }) => {
    if (typeof req.body?.code === "string") chosen.delete(req.body.code);
  });

  return { provider, issuer, stop: () => provider.stop() };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
