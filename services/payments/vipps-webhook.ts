import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** What a Vipps webhook request carries that its signature covers. */
export interface VippsWebhookRequest {
  /** Path and query of the URL Vipps posted to, e.g. /webhooks/vipps. */
  pathAndQuery: string;
  /** The host of the URL registered with Vipps (its Host header). */
  host: string;
  /** The x-ms-date header. */
  date: string;
  /** The x-ms-content-sha256 header: base64 SHA-256 of the body. */
  contentSha256: string;
  /** The Authorization header: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<base64>`. */
  authorization: string;
  /** The body exactly as received. */
  rawBody: string;
}

const AUTHORIZATION = /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=([A-Za-z0-9+/=]+)$/;

/**
 * Verifies a webhook of the Vipps MobilePay Webhooks API as Vipps documents it ("Request
 * authentication"): the body's base64 SHA-256 must equal x-ms-content-sha256, and the Authorization
 * header's Signature must be the base64 HMAC-SHA256, keyed with the webhook's secret (as text), of
 * `POST\n<pathAndQuery>\n<x-ms-date>;<host>;<x-ms-content-sha256>` (\n, not \r\n). Compared in
 * constant time.
 */
export function verifyVippsWebhook(request: VippsWebhookRequest, secret: string): boolean {
  if (!secret) return false;
  const match = AUTHORIZATION.exec(request.authorization.trim());
  if (!match || !request.date || !request.contentSha256) return false;
  const contentHash = createHash("sha256").update(request.rawBody, "utf8").digest("base64");
  if (!equal(contentHash, request.contentSha256)) return false;
  const signed = `POST\n${request.pathAndQuery}\n${request.date};${request.host};${request.contentSha256}`;
  return equal(createHmac("sha256", secret).update(signed, "utf8").digest("base64"), match[1]!);
}

/** The signature Vipps would send (tests and the local simulator of a callback). */
export function signVippsWebhook(request: Omit<VippsWebhookRequest, "authorization" | "contentSha256">, secret: string): { contentSha256: string; authorization: string } {
  const contentSha256 = createHash("sha256").update(request.rawBody, "utf8").digest("base64");
  const signature = createHmac("sha256", secret).update(`POST\n${request.pathAndQuery}\n${request.date};${request.host};${contentSha256}`, "utf8").digest("base64");
  return { contentSha256, authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}` };
}

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The part of an ePayment webhook event we read: which payment it is about. Its state is not
 * trusted from here; the payment is looked up at Vipps (completeFamilyPayment).
 */
export const VippsPaymentEvent = z.object({
  reference: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "must be an ePayment reference"),
  name: z.string().min(1).optional(),
  msn: z.string().optional(),
});
