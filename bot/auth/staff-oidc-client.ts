import { z } from "zod";
import type { StaffOidcConfig } from "../../services/config.ts";
import { OidcRelyingParty } from "./oidc-relying-party.ts";

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
 * The municipality's Entra ID as an OpenID Connect provider for staff
 * (bot/auth/oidc-relying-party.ts, as ID-porten for families): discovery from STAFF_OIDC_ISSUER (a
 * tenant's own issuer, https://login.microsoftonline.com/<tenant>/v2.0, so the library's issuer
 * check keeps other tenants out), the code flow with PKCE, state and nonce, the ID token checked.
 */
export class StaffOidcClient {
  private readonly party: OidcRelyingParty;

  constructor(
    config: StaffOidcConfig,
    /** Our callback, exactly as registered in the app registration. */
    readonly redirectUri: string,
  ) {
    this.party = new OidcRelyingParty(config, redirectUri, { unavailable: (code) => new StaffLoginUnavailable(code), rejected: (code) => new StaffLoginRejected(code) });
  }

  /** Where to send the browser to log in; `loginHint` prefills the account (Entra ID) or picks one (the local provider). */
  async authorizationUrl(options: { state: string; nonce: string; codeVerifier: string; loginHint?: string | undefined }): Promise<URL> {
    return this.party.authorizationUrl(options, options.loginHint ? { login_hint: options.loginHint } : {});
  }

  /** Exchanges the callback's code (with the PKCE verifier), validates the ID token, and returns the user's object id. */
  async identify(callbackQuery: string, checks: { state: string; nonce: string; codeVerifier: string }): Promise<{ objectId: string }> {
    const claims = IdTokenClaims.safeParse(await this.party.idTokenClaims(callbackQuery, checks));
    if (!claims.success) throw new StaffLoginRejected("oid_missing");
    return { objectId: claims.data.oid };
  }
}
