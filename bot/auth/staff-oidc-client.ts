import * as oidc from "openid-client";
import { z } from "zod";
import type { StaffOidcConfig } from "../../services/config.ts";

/**
 * The claim we read from the municipality's Entra ID: `oid`, the user's object id in the tenant
 * (the same id the Bot Framework's Teams activities carry as `aadObjectId`). Entra ID documents
 * it as the immutable identifier of a user within a tenant; `sub` is per application and
 * `preferred_username` can be changed, so neither identifies the person.
 */
const IdTokenClaims = z.object({ oid: z.string().min(1).max(128) });

/** The identity provider could not be reached or answered with an error: the login can be tried again. */
export class StaffLoginUnavailable extends Error {
  constructor(readonly code: string) {
    super(`the staff identity provider could not be used (${code})`);
    this.name = "StaffLoginUnavailable";
  }
}

/** The answer to our login request was not ours, or not valid (state, nonce, issuer, audience, signature, no oid). */
export class StaffLoginRejected extends Error {
  constructor(readonly code: string) {
    super(`the answer from the staff identity provider was refused (${code})`);
    this.name = "StaffLoginRejected";
  }
}

/**
 * The municipality's Entra ID as an OpenID Connect provider for staff, through openid-client, in
 * the shape of IdPortenClient (bot/auth/idporten-client.ts): discovery from STAFF_OIDC_ISSUER (a
 * tenant's own issuer, https://login.microsoftonline.com/<tenant>/v2.0, so the library's issuer
 * check keeps other tenants out), the authorization code flow with PKCE (S256), state and nonce,
 * and the ID token's signature, issuer, audience, expiry and nonce checked by the library.
 */
export class StaffOidcClient {
  private discovered: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly config: StaffOidcConfig,
    /** Our callback, exactly as registered in the app registration. */
    readonly redirectUri: string,
  ) {}

  /** Where to send the browser to log in; `loginHint` prefills the account (Entra ID) or picks one (the local provider). */
  async authorizationUrl(options: { state: string; nonce: string; codeVerifier: string; loginHint?: string | undefined }): Promise<URL> {
    const configuration = await this.configuration();
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: "openid profile",
      response_type: "code",
      state: options.state,
      nonce: options.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(options.codeVerifier),
      code_challenge_method: "S256",
      ...(options.loginHint ? { login_hint: options.loginHint } : {}),
    });
  }

  /** Exchanges the callback's code (with the PKCE verifier), validates the ID token, and returns the user's object id. */
  async identify(callbackQuery: string, checks: { state: string; nonce: string; codeVerifier: string }): Promise<{ objectId: string }> {
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
    if (!claims.success) throw new StaffLoginRejected("oid_missing");
    return { objectId: claims.data.oid };
  }

  private configuration(): Promise<oidc.Configuration> {
    this.discovered ??= oidc
      .discovery(new URL(this.config.issuer), this.config.clientId, undefined, oidc.ClientSecretPost(this.config.clientSecret), {
        // Plain http only for the local provider (npm start, tests); config demands https in production.
        ...(this.config.issuer.startsWith("http://") ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: 10,
      })
      .catch((error: unknown) => {
        this.discovered = undefined;
        throw new StaffLoginUnavailable(codeOf(error));
      });
    return this.discovered;
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown; error?: unknown })?.error ?? (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.name : "unknown";
}

/** An error answer (the user cancelled) or a failed check is refused; a network failure may be tried again. */
function classify(error: unknown): Error {
  const code = codeOf(error);
  if (error instanceof oidc.AuthorizationResponseError) return new StaffLoginRejected(code);
  if (error instanceof oidc.ResponseBodyError) return new StaffLoginUnavailable(code);
  if (code === "OAUTH_TIMEOUT" || code === "OAUTH_RESPONSE_IS_NOT_CONFORM" || error instanceof TypeError) return new StaffLoginUnavailable(code);
  return new StaffLoginRejected(code);
}
