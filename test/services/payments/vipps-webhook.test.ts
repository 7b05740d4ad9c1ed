import { describe, expect, it } from "vitest";
import { signVippsWebhook, verifyVippsWebhook } from "../../../services/payments/vipps-webhook.ts";

// The worked example of Vipps MobilePay's "Webhooks API: Request authentication" page.
const documented = {
  secret: "A0+AeKBRG2KRGvnNwJpQlb6IJFk48CKXCIcrLoHncVJKDILsQSxS6NWCccwWm6r6FhGKhiHTBsG2wo/xU6FY/A==",
  pathAndQuery: "/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63",
  host: "webhook.site",
  date: "Thu, 30 Mar 2023 08:38:32 GMT",
  contentSha256: "lNlsp1XA03N34HrQsVzPgJKtC+r7l/RBF4V3JQUWMj4=",
  authorization: "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=agAiSyogQbDHpeucoNwYz+yAr5nJ+v+zasdkSbqzv+U=",
  rawBody: JSON.stringify({ "some-unique-content": "ee6e441b-cc4a-46f8-895d-a5af79bcc233/hello-world" }),
};

describe("the Vipps webhook signature", () => {
  it("verifies Vipps' own documented example", () => {
    expect(verifyVippsWebhook(documented, documented.secret)).toBe(true);
    expect(signVippsWebhook(documented, documented.secret)).toEqual({ contentSha256: documented.contentSha256, authorization: documented.authorization });
  });

  it("refuses a changed body, date, host, path or secret, and a malformed header", () => {
    expect(verifyVippsWebhook({ ...documented, rawBody: documented.rawBody.replace("hello", "hullo") }, documented.secret)).toBe(false);
    expect(verifyVippsWebhook({ ...documented, date: "Thu, 30 Mar 2023 08:38:33 GMT" }, documented.secret)).toBe(false);
    expect(verifyVippsWebhook({ ...documented, host: "evil.example" }, documented.secret)).toBe(false);
    expect(verifyVippsWebhook({ ...documented, pathAndQuery: "/other" }, documented.secret)).toBe(false);
    expect(verifyVippsWebhook(documented, "another-secret-of-some-length")).toBe(false);
    expect(verifyVippsWebhook({ ...documented, authorization: "Bearer x" }, documented.secret)).toBe(false);
    expect(verifyVippsWebhook(documented, "")).toBe(false);
  });
});
