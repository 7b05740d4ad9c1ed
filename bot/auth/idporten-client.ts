import { z } from "zod";
import type { IdPortenConfig } from "../../services/config.ts";
import { OidcRelyingParty } from "./oidc-relying-party.ts";

/** ID-porten's levels of assurance a family may log in with (MinID, BankID, Buypass, Commfides). */
const ACCEPTED_ACR = ["idporten-loa-substantial", "idporten-loa-high"];
/** ID-porten's own page languages; the rest of our ten get English. */
const ID_PORTEN_LOCALES = new Set(["nb", "nn", "en", "se"]);

/** The one claim we read: the national identity number (fødselsnummer or D-number), 11 digits. */
const IdTokenClaims = z.object({ pid: z.string().regex(/^\d{11}$/), acr: z.string().optional() });

/** ID-porten could not be reached or answered with an error: the login can be tried again. */
export class IdPortenUnavailable extends Error {
  constructor(readonly code: string) {
    super(`ID-porten could not be used (${code})`);
    this.name = "IdPortenUnavailable";
  }
}

/** The answer to our login request was not ours, or not valid (state, nonce, issuer, audience, signature). */
export class IdPortenRejected extends Error {
  constructor(readonly code: string) {
    super(`the answer from ID-porten was refused (${code})`);
    this.name = "IdPortenRejected";
  }
}

/**
 * ID-porten as an OpenID Connect provider (bot/auth/oidc-relying-party.ts: discovery from
 * IDPORTEN_ISSUER, the code flow with PKCE, state and nonce, the ID token checked by openid-client),
 * asking for a substantial level of assurance and ID-porten's page in the family's language.
 */
export class IdPortenClient {
  private readonly party: OidcRelyingParty;

  constructor(
    config: Pick<IdPortenConfig, "issuer" | "clientId" | "clientSecret">,
    /** Our callback, exactly as registered with ID-porten. */
    readonly redirectUri: string,
  ) {
    this.party = new OidcRelyingParty(config, redirectUri, { unavailable: (code) => new IdPortenUnavailable(code), rejected: (code) => new IdPortenRejected(code) });
  }

  /** Where to send the browser to log in. */
  async authorizationUrl(options: { state: string; nonce: string; codeVerifier: string; language: string }): Promise<URL> {
    return this.party.authorizationUrl(options, { acr_values: ACCEPTED_ACR[0]!, ui_locales: ID_PORTEN_LOCALES.has(options.language) ? options.language : "en" });
  }

  /**
   * Exchanges the callback's code (with the PKCE verifier) and validates the ID token; returns the
   * national identity number for the caller to use once. It is never logged: errors carry codes only.
   */
  async identify(callbackQuery: string, checks: { state: string; nonce: string; codeVerifier: string }): Promise<{ pid: string }> {
    const claims = IdTokenClaims.safeParse(await this.party.idTokenClaims(callbackQuery, checks));
    if (!claims.success) throw new IdPortenRejected("pid_missing");
    if (claims.data.acr !== undefined && !ACCEPTED_ACR.includes(claims.data.acr)) throw new IdPortenRejected("acr_too_low");
    return { pid: claims.data.pid };
  }
}
