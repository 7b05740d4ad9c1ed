import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../services/config.ts";

/** A complete production configuration (dummy secrets): each test takes one thing away or adds one. */
const PRODUCTION = {
  NODE_ENV: "production",
  HOST: "0.0.0.0",
  PUBLIC_BASE_URL: "https://fritidskort.example.no",
  ADMIN_API_TOKEN: "a-long-enough-admin-token-123",
  PAYMENT_PROVIDER: "vipps",
  VIPPS_BASE_URL: "https://api.vipps.no",
  VIPPS_CLIENT_ID: "client",
  VIPPS_CLIENT_SECRET: "vipps-secret-value",
  VIPPS_SUBSCRIPTION_KEY: "key",
  VIPPS_MERCHANT_SERIAL_NUMBER: "123456",
  MICROSOFT_APP_ID: "00000000-0000-0000-0000-000000000001",
  MICROSOFT_APP_PASSWORD: "bot-password",
  MICROSOFT_APP_TENANT_ID: "00000000-0000-0000-0000-000000000002",
  TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
  TWILIO_AUTH_TOKEN: "twilio-auth-token-123",
  TWILIO_FROM_NUMBER: "+4759440000",
  DIRECT_LINE_SECRET: "d".repeat(32),
  IDPORTEN_ISSUER: "https://idporten.no",
  IDPORTEN_CLIENT_ID: "fritidskort-drammen",
  IDPORTEN_CLIENT_SECRET: "idporten-client-secret-value",
  POPULATION_REGISTER_URL: "https://register.example.no/api",
  POPULATION_REGISTER_API_KEY: "register-api-key-value",
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("configuration: production refuses what is unsafe", () => {
  it("a complete production configuration starts", () => {
    expect(problems(PRODUCTION)).toEqual([]);
    expect(loadConfig(PRODUCTION)).toMatchObject({ seedDemo: false, publicBaseUrl: "https://fritidskort.example.no", payments: { vipps: { baseUrl: "https://api.vipps.no" } } });
  });

  it.each([
    ["the demo seed", { SEED_DEMO: "true" }, /^SEED_DEMO must not be true in production/],
    ["no public address", { PUBLIC_BASE_URL: undefined }, /^PUBLIC_BASE_URL must be set to the service's https:\/\/ address in production/],
    ["a plain-http public address", { PUBLIC_BASE_URL: "http://fritidskort.example.no" }, /^PUBLIC_BASE_URL must be set to the service's https:\/\/ address/],
    ["no Vipps address (the test API would be used)", { VIPPS_BASE_URL: undefined }, /^VIPPS_BASE_URL is required in production/],
    ["no tenant for a single-tenant bot", { MICROSOFT_APP_TENANT_ID: undefined }, /^MICROSOFT_APP_TENANT_ID must be the Entra ID tenant id \(a GUID\) when MICROSOFT_APP_TYPE is SingleTenant/],
    ["a tenant that is not an id", { MICROSOFT_APP_TENANT_ID: "drammen" }, /^MICROSOFT_APP_TENANT_ID must be the Entra ID tenant id/],
    ["no ID-porten (families could not log in)", { IDPORTEN_ISSUER: undefined }, /^IDPORTEN_ISSUER is required in production \(families log in with ID-porten\)/],
    ["no ID-porten client secret", { IDPORTEN_CLIENT_SECRET: undefined }, /^IDPORTEN_CLIENT_SECRET is required in production/],
    ["a plain-http ID-porten", { IDPORTEN_ISSUER: "http://idporten.no" }, /^IDPORTEN_ISSUER must be an https:\/\/ URL in production/],
    ["no population register (no way from pid to person)", { POPULATION_REGISTER_URL: undefined }, /^POPULATION_REGISTER_URL is required in production/],
  ])("%s: one line naming the variable", (_what, change, line) => {
    const found = problems({ ...PRODUCTION, ...change });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(line);
  });

  it("the demo seed is off unless asked for", () => {
    expect(loadConfig({}).seedDemo).toBe(false);
    expect(loadConfig({ SEED_DEMO: "true" }).seedDemo).toBe(true);
  });

  it("a multi-tenant bot needs no tenant id", () => {
    expect(problems({ ...PRODUCTION, MICROSOFT_APP_TYPE: "MultiTenant", MICROSOFT_APP_TENANT_ID: undefined })).toEqual([]);
  });
});

describe("configuration: ID-porten", () => {
  const idporten = Object.fromEntries(Object.entries(PRODUCTION).filter(([key]) => key.startsWith("IDPORTEN_") || key.startsWith("POPULATION_REGISTER_")));

  it("is optional in development (the stand-in page serves), complete or not at all", () => {
    expect(loadConfig({}).idporten).toBeUndefined();
    expect(loadConfig(idporten).idporten).toEqual({
      issuer: "https://idporten.no",
      clientId: "fritidskort-drammen",
      clientSecret: "idporten-client-secret-value",
      populationRegister: { baseUrl: "https://register.example.no/api", apiKey: "register-api-key-value" },
    });
    expect(problems({ IDPORTEN_ISSUER: "https://idporten.no" })).toEqual([
      expect.stringMatching(/^IDPORTEN_CLIENT_ID is required when IDPORTEN_ISSUER/),
      expect.stringMatching(/^IDPORTEN_CLIENT_SECRET is required when/),
      expect.stringMatching(/^POPULATION_REGISTER_URL is required when/),
      expect.stringMatching(/^POPULATION_REGISTER_API_KEY is required when/),
    ]);
  });

  it("never shows the client secret or the register's key in an error line", () => {
    expect(problems({ ...idporten, IDPORTEN_CLIENT_SECRET: "short-secret", POPULATION_REGISTER_API_KEY: "short-key" })).toEqual([
      'IDPORTEN_CLIENT_SECRET must be the client secret from ID-porten\'s self-service (at least 16 characters) (got "…")',
      'POPULATION_REGISTER_API_KEY must be at least 16 characters (got "…")',
    ]);
  });
});

describe("configuration: development is not an open server on a public address", () => {
  it.each(["127.0.0.1", "localhost", "::1", "127.0.0.53"])("%s is allowed", (host) => {
    expect(problems({ HOST: host })).toEqual([]);
  });

  it.each(["0.0.0.0", "10.0.0.5", "::"])("%s is refused without ALLOW_DEVELOPMENT_ON_NETWORK", (host) => {
    const found = problems({ HOST: host });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^HOST must be a loopback address outside production/);
    expect(problems({ HOST: host, ALLOW_DEVELOPMENT_ON_NETWORK: "true" })).toEqual([]);
  });
});

describe("configuration errors never print a secret", () => {
  it.each([
    ["ADMIN_API_TOKEN", "short-secret"],
    ["DIRECT_LINE_SECRET", "too-short-secret"],
    ["TOKEN_SECRET", "too-short-secret"],
    ["TWILIO_AUTH_TOKEN", "short"],
    ["DATABASE_URL", "mysql://root:hunter2@localhost/fk"],
  ])("%s", (name, value) => {
    const found = problems({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${name} `));
    expect(found[0]).not.toContain(value);
  });

  it("a value that is not secret is shown, so the mistake is plain", () => {
    expect(problems({ AGE_RULE: "by-height" })).toEqual(['AGE_RULE must be one of birth-year, exact-age (got "by-height")']);
  });
});
