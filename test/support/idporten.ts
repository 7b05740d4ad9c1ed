import { OAuth2Server } from "oauth2-mock-server";
import { afterAll } from "vitest";

/**
 * ID-porten in-process for this test file: oauth2-mock-server answers discovery, JWKS, /authorize
 * (approving at once) and /token (checking the PKCE verifier), and signs real RS256 ID tokens.
 * Loopback http: production's https rule is the configuration's, tested there.
 */
export async function startIdPorten(): Promise<OAuth2Server> {
  const provider = new OAuth2Server();
  await provider.issuer.keys.generate("RS256");
  await provider.start(0, "127.0.0.1");
  provider.issuer.url = `http://127.0.0.1:${provider.address().port}`;
  afterAll(() => provider.stop());
  return provider;
}
