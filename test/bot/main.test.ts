import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// `npm start` runs `tsx bot/index.ts`; a wrong setting must stop it with one clear line.
function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "bot/index.ts"], {
    env: { PATH: process.env.PATH ?? "", DATA_DIR: mkdtempSync(path.join(tmpdir(), "fk-start-")), PORT: "0", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, lines: result.stderr.trim().split("\n").filter(Boolean) };
}

const vipps = { ADMIN_API_TOKEN: "a-long-enough-admin-token-123", PAYMENT_PROVIDER: "vipps", VIPPS_BASE_URL: "https://api.vipps.no", VIPPS_CLIENT_ID: "c", VIPPS_CLIENT_SECRET: "s", VIPPS_SUBSCRIPTION_KEY: "k", VIPPS_MERCHANT_SERIAL_NUMBER: "123456", VIPPS_WEBHOOK_SECRET: "vipps-webhook-secret-0123" };
// Each production case below lacks exactly one thing (test/services/config.test.ts has the full set).
const idporten = { IDPORTEN_ISSUER: "https://idporten.no", IDPORTEN_CLIENT_ID: "c", IDPORTEN_CLIENT_SECRET: "idporten-client-secret", POPULATION_REGISTER_URL: "https://register.example.no", POPULATION_REGISTER_API_KEY: "register-api-key-value" };
const staff = { STAFF_OIDC_ISSUER: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000002/v2.0", STAFF_OIDC_CLIENT_ID: "c", STAFF_OIDC_CLIENT_SECRET: "staff-client-secret" };
const production = { NODE_ENV: "production", PUBLIC_BASE_URL: "https://fritidskort.example.no", MICROSOFT_APP_TENANT_ID: "00000000-0000-0000-0000-000000000002", ...idporten, ...staff };

describe("starting the service with bad configuration", () => {
  it.each([
    [{ AGE_RULE: "by-height" }, /^Configuration error: AGE_RULE must be one of birth-year, exact-age \(got "by-height"\)$/],
    [{ AMOUNT_PER_PERIOD_NOK: "-1000" }, /^Configuration error: AMOUNT_PER_PERIOD_NOK must be at least 1 \(got "-1000"\)$/],
    [{ DATABASE_URL: "mysql://root@localhost/fk" }, /^Configuration error: DATABASE_URL must be a postgresql:\/\/user@host:port\/database URL/],
    [{ EXCLUDED_CATEGORIES: "camp,knitting" }, /^Configuration error: EXCLUDED_CATEGORIES each must be one of/],
    [{ ...production, ...vipps }, /^Configuration error: MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD are required in production/],
    [{ ...production, MICROSOFT_APP_ID: "id", MICROSOFT_APP_PASSWORD: "pw", ADMIN_API_TOKEN: "a-long-enough-admin-token-123" }, /^Configuration error: PAYMENT_PROVIDER must be vipps in production/],
    [{ ...production, ...vipps, MICROSOFT_APP_ID: "id", MICROSOFT_APP_PASSWORD: "pw", STAFF_OIDC_ISSUER: "" }, /^Configuration error: STAFF_OIDC_ISSUER is required in production/],
    [{ HOLD_TIMEOUT_DAYS: "0" }, /^Configuration error: HOLD_TIMEOUT_DAYS must be at least 1 \(got "0"\)$/],
    [{ MUNICIPALITY_ACCOUNT: "12345678901" }, /^Configuration error: MUNICIPALITY_ACCOUNT must be an 11-digit Norwegian bank account number with a valid mod-11 check digit/],
  ])("%o stops with one line and a non-zero exit", (env, line) => {
    const { status, lines } = start(env);
    expect(status).not.toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });

  it("an unreachable PostgreSQL stops with one line naming it, password hidden", () => {
    const { status, lines } = start({ DATABASE_URL: "postgresql://fk:secret@127.0.0.1:1/fritidskort" });
    expect(status).not.toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Database error: cannot connect to the database at postgresql:\/\/fk:\*\*\*@127\.0\.0\.1:1\/fritidskort: .*ECONNREFUSED/);
    expect(lines[0]).not.toContain("secret");
  });
});
