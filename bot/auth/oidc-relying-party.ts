import * as oidc from "openid-client";

/** How a provider's failures are told: one it could not be reached for, one whose answer is refused. */
export interface OidcErrors {
  unavailable(code: string): Error;
  rejected(code: string): Error;
}

/**
 * One OpenID Connect provider through openid-client (a certified relying party library), as both
 * logins use it (ID-porten for families, the municipality's Entra ID for staff): discovery from the
 * issuer, the authorization code flow with PKCE (S256), state and nonce, and the ID token's
 * signature, issuer, audience, expiry and nonce checked by the library. Discovery runs on the first
 * login (and again after a failure), so the service starts even while the provider is unreachable.
 */
export class OidcRelyingParty {
  private discovered: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly config: { issuer: string; clientId: string; clientSecret: string },
    /** Our callback, exactly as registered with the provider. */
    readonly redirectUri: string,
    private readonly errors: OidcErrors,
  ) {}

  /** Where to send the browser to log in; `extra` adds the provider's own parameters (acr_values, login_hint, …). */
  async authorizationUrl(options: { state: string; nonce: string; codeVerifier: string }, extra: Record<string, string> = {}): Promise<URL> {
    const configuration = await this.configuration();
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: "openid profile",
      response_type: "code",
      state: options.state,
      nonce: options.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(options.codeVerifier),
      code_challenge_method: "S256",
      ...extra,
    });
  }

  /** Exchanges the callback's code (with the PKCE verifier); the validated ID token's claims, for the caller to parse. */
  async idTokenClaims(callbackQuery: string, checks: { state: string; nonce: string; codeVerifier: string }): Promise<unknown> {
    const configuration = await this.configuration();
    const currentUrl = new URL(this.redirectUri);
    currentUrl.search = callbackQuery;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, { pkceCodeVerifier: checks.codeVerifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true });
      return tokens.claims();
    } catch (error) {
      throw this.classify(error);
    }
  }

  private configuration(): Promise<oidc.Configuration> {
    this.discovered ??= oidc
      .discovery(new URL(this.config.issuer), this.config.clientId, undefined, oidc.ClientSecretPost(this.config.clientSecret), {
        // Plain http only for a local provider (npm start, tests); config demands https in production.
        ...(this.config.issuer.startsWith("http://") ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: 10,
      })
      .catch((error: unknown) => {
        this.discovered = undefined;
        throw this.errors.unavailable(codeOf(error));
      });
    return this.discovered;
  }

  /**
   * openid-client's errors by what the person can do: an error answer from the provider (they
   * cancelled, or it failed) or a network failure may be tried again; a response that fails a
   * check is refused.
   */
  private classify(error: unknown): Error {
    const code = codeOf(error);
    if (error instanceof oidc.AuthorizationResponseError) return this.errors.rejected(code);
    if (error instanceof oidc.ResponseBodyError) return this.errors.unavailable(code);
    if (code === "OAUTH_TIMEOUT" || code === "OAUTH_RESPONSE_IS_NOT_CONFORM" || error instanceof TypeError) return this.errors.unavailable(code);
    return this.errors.rejected(code);
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown; error?: unknown })?.error ?? (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.name : "unknown";
}
