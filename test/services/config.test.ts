import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, ConfigError, DEVELOPMENT_SMS_NUMBER, loadConfig } from "../../services/config.ts";

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
  VIPPS_WEBHOOK_SECRET: "vipps-webhook-secret-0123456789",
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
  STAFF_OIDC_ISSUER: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000002/v2.0",
  STAFF_OIDC_CLIENT_ID: "fritidskort-staff",
  STAFF_OIDC_CLIENT_SECRET: "staff-client-secret-value",
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
    ["no Vipps webhook secret (callbacks could not be checked)", { VIPPS_WEBHOOK_SECRET: undefined }, /^VIPPS_WEBHOOK_SECRET is required in production with vipps/],
    ["no tenant for a single-tenant bot", { MICROSOFT_APP_TENANT_ID: undefined }, /^MICROSOFT_APP_TENANT_ID must be the Entra ID tenant id \(a GUID\) when MICROSOFT_APP_TYPE is SingleTenant/],
    ["a tenant that is not an id", { MICROSOFT_APP_TENANT_ID: "drammen" }, /^MICROSOFT_APP_TENANT_ID must be the Entra ID tenant id/],
    ["no ID-porten (families could not log in)", { IDPORTEN_ISSUER: undefined }, /^IDPORTEN_ISSUER is required in production \(families log in with ID-porten\)/],
    ["no ID-porten client secret", { IDPORTEN_CLIENT_SECRET: undefined }, /^IDPORTEN_CLIENT_SECRET is required in production/],
    ["a plain-http ID-porten", { IDPORTEN_ISSUER: "http://idporten.no" }, /^IDPORTEN_ISSUER must be an https:\/\/ URL in production/],
    ["no population register (no way from pid to person)", { POPULATION_REGISTER_URL: undefined }, /^POPULATION_REGISTER_URL is required in production/],
    ["no staff login (staff could not log in)", { STAFF_OIDC_ISSUER: undefined }, /^STAFF_OIDC_ISSUER is required in production \(staff log in with the municipality's Entra ID\)/],
    ["a plain-http staff identity provider", { STAFF_OIDC_ISSUER: "http://login.example.no/v2.0" }, /^STAFF_OIDC_ISSUER must be an https:\/\/ URL in production/],
    ["scopes without a machine token", { ADMIN_API_TOKEN: undefined, ADMIN_API_TOKEN_SCOPES: "ledger:check" }, /^ADMIN_API_TOKEN_SCOPES needs ADMIN_API_TOKEN/],
    ["an unknown scope", { ADMIN_API_TOKEN_SCOPES: "ledger:check,top-ups" }, /^ADMIN_API_TOKEN_SCOPES each must be one of periods:allocate/],
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

  it("the staff login's client secret", () => {
    const found = problems({ STAFF_OIDC_ISSUER: "https://login.example.no/v2.0", STAFF_OIDC_CLIENT_ID: "staff", STAFF_OIDC_CLIENT_SECRET: "short-secret" });
    expect(found).toEqual([expect.stringMatching(/^STAFF_OIDC_CLIENT_SECRET must be the app registration's client secret/)]);
    expect(found[0]).not.toContain("short-secret");
  });

  it("a value that is not secret is shown, so the mistake is plain", () => {
    expect(problems({ AGE_RULE: "by-height" })).toEqual(['AGE_RULE must be one of birth-year, exact-age (got "by-height")']);
  });
});

describe("configuration: the channels' secrets", () => {
  const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER, DIRECT_LINE_SECRET, ...withoutChannels } = PRODUCTION;
  const twilio = { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER };

  it("refuses production without Twilio (signed webhooks, real sends) and without the Direct Line secret", () => {
    expect(problems(withoutChannels)).toEqual([
      "TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER (or TWILIO_MESSAGING_SERVICE_SID) are required in production (SMS through Twilio: signed webhooks and real sends)",
      "DIRECT_LINE_SECRET is required in production (it guards web chat tokens: POST /v3/directline/tokens/generate)",
    ]);
    expect(problems({ ...withoutChannels, ...twilio, TWILIO_AUTH_TOKEN: "" })).toEqual([expect.stringMatching(/^TWILIO_AUTH_TOKEN is required in production/), expect.stringMatching(/^DIRECT_LINE_SECRET/)]);
    expect(problems({ ...withoutChannels, ...twilio, DIRECT_LINE_SECRET })).toEqual([]);
  });

  it("checks the format of each channel variable", () => {
    expect(problems({ TWILIO_ACCOUNT_SID: "AC123" })).toEqual([expect.stringMatching(/^TWILIO_ACCOUNT_SID must be a Twilio account SID/)]);
    expect(problems({ TWILIO_FROM_NUMBER: "59440000" })).toEqual([expect.stringMatching(/^TWILIO_FROM_NUMBER must be an E.164 phone number/)]);
    expect(problems({ DIRECT_LINE_SECRET: "short" })).toEqual([expect.stringMatching(/^DIRECT_LINE_SECRET must be at least 32 characters/)]);
    expect(problems({ TWILIO_ACCOUNT_SID })).toEqual([expect.stringMatching(/^TWILIO_ACCOUNT_SID needs TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER/)]);
  });

  it("knows our own numbers: the sender number, a messaging service's numbers, or in development the simulator's", () => {
    const service = { TWILIO_ACCOUNT_SID: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: TWILIO_AUTH_TOKEN, TWILIO_MESSAGING_SERVICE_SID: `MG${"0".repeat(32)}` };
    expect(loadConfig({}).sms.ownNumbers).toEqual([DEVELOPMENT_SMS_NUMBER]);
    expect(loadConfig({ ...twilio }).sms.ownNumbers).toEqual([TWILIO_FROM_NUMBER]);
    expect(loadConfig({ ...service, TWILIO_MESSAGING_SERVICE_NUMBERS: "+4759440001, +4759440002" }).sms.ownNumbers).toEqual(["+4759440001", "+4759440002"]);
    expect(problems(service)).toEqual([expect.stringMatching(/^TWILIO_MESSAGING_SERVICE_NUMBERS is required with TWILIO_MESSAGING_SERVICE_SID/)]);
    expect(problems({ ...withoutChannels, ...service, DIRECT_LINE_SECRET })).toEqual([expect.stringMatching(/^TWILIO_MESSAGING_SERVICE_NUMBERS is required/)]);
    expect(problems({ TWILIO_MESSAGING_SERVICE_NUMBERS: "+4759440001,59440002" })).toEqual([expect.stringMatching(/^TWILIO_MESSAGING_SERVICE_NUMBERS must be E.164 phone numbers separated by commas/)]);
  });
  it("reads the reply deadline and the per-sender throttle, with defaults", () => {
    expect(loadConfig({}).sms).toMatchObject({ replyDeadlineMs: 12_000, senderThrottle: { limit: 20, windowSeconds: 600 } });
    expect(loadConfig({ SMS_REPLY_DEADLINE_MS: "8000", SMS_SENDER_MAX_MESSAGES: "5", SMS_SENDER_WINDOW_SECONDS: "120" }).sms).toMatchObject({ replyDeadlineMs: 8000, senderThrottle: { limit: 5, windowSeconds: 120 } });
    expect(problems({ SMS_REPLY_DEADLINE_MS: "15000" })).toEqual([expect.stringMatching(/^SMS_REPLY_DEADLINE_MS must be at most 14000/)]);
    expect(problems({ SMS_SENDER_MAX_MESSAGES: "0" })).toEqual([expect.stringMatching(/^SMS_SENDER_MAX_MESSAGES must be at least 1/)]);
  });
  it("reads when unanswered sign-ups are reminded of, with defaults; a lapse warning comes after the sign-up", () => {
    expect(loadConfig({}).reminders).toEqual({ clubReminderHours: 48, lapseWarningHours: 24 });
    expect(loadConfig({ CLUB_REMINDER_HOURS: "72", CLUB_LAPSE_WARNING_HOURS: "36" }).reminders).toEqual({ clubReminderHours: 72, lapseWarningHours: 36 });
    expect(problems({ CLUB_REMINDER_HOURS: "0" })).toEqual([expect.stringMatching(/^CLUB_REMINDER_HOURS must be at least 1/)]);
    expect(problems({ HOLD_TIMEOUT_DAYS: "2", CLUB_LAPSE_WARNING_HOURS: "48" })).toEqual([expect.stringMatching(/^CLUB_LAPSE_WARNING_HOURS must be below HOLD_TIMEOUT_DAYS in hours \(48\)/)]);
  });
});

describe("the variables are documented", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const named = (file: string) => new Set([...readFileSync(path.join(root, file), "utf8").matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\bPORT\b|\bHOST\b/g)].map((m) => m[0]));

  it("every variable the service reads is in .env.example and docs/deployment.md", () => {
    for (const file of [".env.example", "docs/deployment.md"]) {
      const documented = named(file);
      expect(CONFIG_VARIABLES.filter((variable) => !documented.has(variable)), file).toEqual([]);
    }
  });
});

describe("configuration: the job calendar", () => {
  it("runs the calendar unless told not to (and not under NODE_ENV=test), with schedule overrides checked", () => {
    expect(loadConfig({ NODE_ENV: "development" }).jobs).toEqual({ enabled: true, schedules: {} });
    expect(loadConfig({ NODE_ENV: "test" }).jobs.enabled).toBe(false);
    expect(loadConfig({ NODE_ENV: "development", JOBS_ENABLED: "false", JOB_SCHEDULES: "settle=0 6 * * 1,4; registry-sync=off" }).jobs).toEqual({ enabled: false, schedules: { settle: "0 6 * * 1,4", "registry-sync": "off" } });
    expect(() => loadConfig({ JOB_SCHEDULES: "setle=0 6 * * 1" })).toThrow(/^JOB_SCHEDULES names an unknown job "setle"/);
    expect(() => loadConfig({ JOB_SCHEDULES: "settle=every monday" })).toThrow(/^JOB_SCHEDULES has a bad schedule for settle: "every monday"/);
  });
});

describe("configuration: the outbox", () => {
  it("holds a claimed message 60 s unless told otherwise, and never shorter than three Twilio timeouts", () => {
    expect(loadConfig({}).outbox).toEqual({ leaseMs: 60_000 });
    expect(loadConfig({ OUTBOX_LEASE_SECONDS: "120" }).outbox).toEqual({ leaseMs: 120_000 });
    expect(() => loadConfig({ OUTBOX_LEASE_SECONDS: "10" })).toThrow(/OUTBOX_LEASE_SECONDS/);
    expect(() => loadConfig({ OUTBOX_LEASE_SECONDS: "a minute" })).toThrow(/OUTBOX_LEASE_SECONDS/);
  });
});
