import * as oidc from "openid-client";
import { z } from "zod";
import type { IdPortenConfig } from "../../services/config.ts";

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
 * ID-porten as an OpenID Connect provider, through openid-client (a certified relying party
 * library): discovery from IDPORTEN_ISSUER, the authorization code flow with PKCE (S256), state and
 * nonce, and the ID token's signature, issuer, audience, expiry and nonce checked by the library.
 * Discovery runs on the first login (and again after a failure), so the service starts even
 * while ID-porten is unreachable.
 */
export class IdPortenClient {
  private discovered: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly config: Pick<IdPortenConfig, "issuer" | "clientId" | "clientSecret">,
    /** Our callback, exactly as registered with ID-porten. */
    readonly redirectUri: string,
  ) {}

  /** Where to send the browser to log in. */
  async authorizationUrl(options: { state: string; nonce: string; codeVerifier: string; language: string }): Promise<URL> {
    const configuration = await this.configuration();
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: "openid profile",
      response_type: "code",
      state: options.state,
      nonce: options.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(options.codeVerifier),
      code_challenge_method: "S256",
      acr_values: ACCEPTED_ACR[0]!,
      ui_locales: ID_PORTEN_LOCALES.has(options.language) ? options.language : "en",
    });
  }

  /**
   * Exchanges the callback's code (with the PKCE verifier) and validates the ID token; returns the
   * national identity number for the caller to use once. It is never logged: errors carry codes only.
   */
  async identify(callbackQuery: string, checks: { state: string; nonce: string; codeVerifier: string }): Promise<{ pid: string }> {
    const configuration = await this.configuration();
    const currentUrl = new URL(this.redirectUri);
    currentUrl.search = callbackQuery;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, { pkceCodeVerifier: checks.codeVerifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true });
    } catch (error) {
      throw classify(error);
    }
    const claims = IdTokenClaims.safeParse(tokens.claims());
    if (!claims.success) throw new IdPortenRejected("pid_missing");
    if (claims.data.acr !== undefined && !ACCEPTED_ACR.includes(claims.data.acr)) throw new IdPortenRejected("acr_too_low");
    return { pid: claims.data.pid };
  }

  private configuration(): Promise<oidc.Configuration> {
    this.discovered ??= oidc
      .discovery(new URL(this.config.issuer), this.config.clientId, undefined, oidc.ClientSecretPost(this.config.clientSecret), {
        // Plain http only for a local test provider; config demands https in production.
        ...(this.config.issuer.startsWith("http://") ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: 10,
      })
      .catch((error: unknown) => {
        this.discovered = undefined;
        throw new IdPortenUnavailable(codeOf(error));
      });
    return this.discovered;
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown; error?: unknown })?.error ?? (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.name : "unknown";
}

/**
 * openid-client's errors by what the family can do: an error answer from ID-porten (the family
 * cancelled, or ID-porten failed) or a network failure may be tried again; a response that fails
 * a check is refused.
 */
function classify(error: unknown): Error {
  const code = codeOf(error);
  if (error instanceof oidc.AuthorizationResponseError) return new IdPortenRejected(code);
  if (error instanceof oidc.ResponseBodyError) return new IdPortenUnavailable(code);
  if (code === "OAUTH_TIMEOUT" || code === "OAUTH_RESPONSE_IS_NOT_CONFORM" || error instanceof TypeError) return new IdPortenUnavailable(code);
  return new IdPortenRejected(code);
}
