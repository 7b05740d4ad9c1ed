import fc from "fast-check";
import twilio from "twilio";
import { beforeAll, describe, expect, it } from "vitest";
import { createNlu, type Nlu } from "../../services/nlu/index.ts";
import { ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, newMessageSid } from "../support/twilio-api.ts";
import { useApp } from "./channels/support/app.ts";

/**
 * Hostile input (issue 12, docs/resilience.md): property-based fuzzing of every HTTP route the
 * service registers, the signed SMS webhook and the NLU. Random, huge, malformed, wrong content
 * type, invalid UTF-8, emoji-only, SQL- and script-looking input: never a 5xx, never a crash, and
 * the heap does not grow with the number of requests.
 */
const PUBLIC_BASE_URL = "https://fritidskort.example.no";
const ctx = useApp({ PUBLIC_BASE_URL, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM_NUMBER: FROM_NUMBER, SMS_SENDER_MAX_MESSAGES: "10000" });

const HOSTILE = [
  "' OR 1=1; --",
  "'; DROP TABLE \"Person\"; --",
  "<script>alert(1)</script>",
  "\"><img src=x onerror=alert(1)>",
  "{{constructor.constructor('return process')()}}",
  "${7*7}",
  "../../../../etc/passwd",
  "%00%ff%fe",
  "\u0000\u0001\u0002",
  "😀😀😀👨‍👩‍👧‍👦🏳️‍🌈",
  "\u202e\u200f\u200b",
  "ﷺ ﷻ",
  "__proto__",
  "constructor",
  "null",
  "-1",
  "1e309",
];

/** Text from many corners: the hostile list, any Unicode, long repeats. */
const text = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.tuple(fc.constantFrom(...HOSTILE, "a", "ø", "😀"), fc.integer({ min: 100, max: 5000 })).map(([piece, times]) => piece.repeat(times)),
);

/** A JSON value of any shape, with hostile strings in it. */
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie("value"), { maxLength: 5 }), fc.dictionary(fc.oneof(text, fc.constantFrom("__proto__", "constructor", "type", "text", "id", "amount")), tie("value"), { maxKeys: 5 })),
})).value;

/** A request body: as JSON, as a form, raw bytes (invalid UTF-8 among them), huge, or nothing. */
const body = fc.oneof(
  json.map((value) => ({ type: "application/json", data: JSON.stringify(value) ?? "null" })),
  fc.dictionary(text, text, { maxKeys: 6 }).map((fields) => ({ type: "application/x-www-form-urlencoded", data: new URLSearchParams(fields).toString() })),
  fc.uint8Array({ maxLength: 500 }).map((bytes) => ({ type: "application/json", data: new Uint8Array(bytes) })),
  fc.constantFrom("text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1", "", "*/*").chain((type) => text.map((data) => ({ type, data }))),
  fc.constant({ type: "application/json", data: `{"a":"${"x".repeat(300 * 1024)}"}` }),
  fc.constant({ type: "application/json", data: "{".repeat(5000) }),
  fc.constant(undefined),
);

interface Route {
  method: string;
  path: string;
}

let routes: Route[] = [];

beforeAll(() => {
  const registered = (ctx.app.server as unknown as { router: { getRoutes(): Record<string, { method: string; path: string | RegExp }> } }).router.getRoutes();
  routes = Object.values(registered).map((route) => ({ method: route.method, path: String(route.path) }));
});

function fill(path: string, values: string[]): string {
  let i = 0;
  return path.replace(/:[A-Za-z_]+/g, () => encodeURIComponent(values[i++ % values.length] ?? "x"));
}

async function send(route: Route, params: string[], query: Record<string, string>, payload: { type: string; data: string | Uint8Array<ArrayBuffer> } | undefined, authorization: string | undefined) {
  const qs = new URLSearchParams(query).toString();
  const url = `${ctx.app.url}${fill(route.path, params)}${qs ? `?${qs}` : ""}`;
  const headers: Record<string, string> = {};
  if (payload?.type) headers["content-type"] = payload.type;
  if (authorization !== undefined) headers.authorization = authorization;
  const withBody = route.method !== "GET" && route.method !== "HEAD" && payload !== undefined;
  const response = await fetch(url, { method: route.method, headers, ...(withBody ? { body: payload!.data } : {}), signal: AbortSignal.timeout(20_000) });
  await response.arrayBuffer();
  return response.status;
}

const request = (routeCount: number) =>
  fc.record({
    route: fc.nat({ max: routeCount - 1 }),
    params: fc.array(text, { minLength: 1, maxLength: 3 }),
    query: fc.dictionary(fc.constantFrom("token", "code", "state", "watermark", "period", "q", "from", "to", "lang", "page"), text, { maxKeys: 3 }),
    body,
    // A header carries Latin-1 only (fetch refuses anything else before it is sent).
    authorization: fc.option(fc.oneof(fc.string({ maxLength: 200 }).map((t) => `Bearer ${t.replace(/[^\x20-\x7e]/g, "?")}`), fc.constantFrom("Bearer ", "Basic Zm9vOmJhcg==", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")), { nil: undefined }),
  });

describe("every HTTP route, with hostile requests", () => {
  it("lists the routes it fuzzes from the server's own registrations", () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(expect.arrayContaining(["POST /api/sms", "GET /readyz", "POST /api/messages"]));
  });

  it("never answers 5xx, and the heap does not grow with the number of requests", async () => {
    const failures: string[] = [];
    const run = async (numRuns: number, seed: number) =>
      fc.assert(
        fc.asyncProperty(request(routes.length), async (input) => {
          const route = routes[input.route]!;
          const status = await send(route, input.params, input.query, input.body, input.authorization);
          if (status >= 500) throw new Error(`${status} from ${route.method} ${route.path}`);
        }),
        { numRuns, seed, endOnFailure: true },
      );
    // Every route at least once with the plainest hostile request.
    for (const route of routes) {
      const status = await send(route, ["'; DROP TABLE x; --"], {}, { type: "application/json", data: "{\"text\":\"<script>\"}" }, undefined);
      if (status >= 500) failures.push(`${status} ${route.method} ${route.path}`);
    }
    await run(80, 1);
    const warm = process.memoryUsage().heapUsed;
    await run(250, 2);
    const after = process.memoryUsage().heapUsed;
    expect(failures).toEqual([]);
    // Generous: what leaks per request would show as tens of MB over 250 requests.
    expect((after - warm) / 1024 / 1024).toBeLessThan(64);
  }, 120_000);
});

describe("the signed SMS webhook, with hostile message text", () => {
  it("answers 200 with TwiML (or 4xx with a reason) for any Body, never 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(text.map((t) => t.slice(0, 1600)), text), fc.integer({ min: 0, max: 9999 }), async (message, n) => {
        const form = { MessageSid: newMessageSid(), From: `+47912${String(n).padStart(5, "0")}`, To: FROM_NUMBER, Body: message, AccountSid: ACCOUNT_SID };
        const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/api/sms`, form);
        const response = await fetch(`${ctx.app.url}/api/sms`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body: new URLSearchParams(form).toString() });
        const answer = await response.text();
        if (response.status === 200) return answer.startsWith("<?xml");
        return response.status >= 400 && response.status < 500 && JSON.parse(answer).message !== undefined;
      }),
      { numRuns: 30, seed: 3 },
    );
  }, 120_000);
});

describe("the NLU, with hostile text", () => {
  let nlu: Nlu;
  beforeAll(async () => {
    nlu = await createNlu();
  }, 60_000);

  it("understands anything as some intent with a confidence in 0..1, and never throws", async () => {
    await fc.assert(
      // As long as a channel lets a message be (an SMS body is at most 1,600 characters).
      fc.asyncProperty(text.map((input) => input.slice(0, 1600)), async (input) => {
        const understood = await nlu.understand(input, { childNames: ["Jonas", "<script>"], currentLanguage: "nb" });
        return typeof understood.intent === "string" && understood.confidence >= 0 && understood.confidence <= 1;
      }),
      { numRuns: 150, seed: 4 },
    );
  }, 60_000);
});
