import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { Clock } from "../../services/clock.ts";

/**
 * Checks a Teams single sign-on token (`authentication.getAuthToken()` in the tab) as the Entra ID
 * access token it is, with jose: the signature against Entra ID's published keys (JWKS, fetched and
 * cached by jose), RS256 only, the audience = our Application ID URI, the issuer = our tenant's
 * (v1 `https://sts.windows.net/<tid>/` or v2 `https://login.microsoftonline.com/<tid>/v2.0`), the
 * `tid` claim = our tenant, not expired on the service's clock. Returns the user's Entra ID object
 * id (`oid`): the address of their TEAMS channel identity.
 */
export class TeamsSsoVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    private readonly options: { appIdUri: string; tenantId: string; jwksUrl: string },
    private readonly clock: Clock,
  ) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl));
  }

  async verify(token: string): Promise<{ oid: string } | null> {
    const { tenantId } = this.options;
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: ["RS256"],
        audience: this.options.appIdUri,
        issuer: [`https://sts.windows.net/${tenantId}/`, `https://login.microsoftonline.com/${tenantId}/v2.0`],
        currentDate: this.clock.now(),
        clockTolerance: 60,
      });
      if (payload.tid !== tenantId || typeof payload.oid !== "string" || payload.oid === "") return null;
      return { oid: payload.oid };
    } catch {
      return null;
    }
  }
}
