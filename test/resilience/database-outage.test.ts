import { afterAll, beforeAll, expect, it } from "vitest";
import { deliverAsTwilio, deliverOnce, eventually, freePort, inboundForm, messagesOf, ownDatabase, SERVER_URL, startServer, startTcpProxy, tempDir, type ServerProcess } from "./support/harness.ts";
import { demoFamilies } from "./support/families.ts";

/**
 * Database outage: a TCP proxy between the server and PostgreSQL cuts every connection and refuses
 * new ones for a while (the test's own database; the PostgreSQL server itself is never touched).
 * Webhooks answer 503 well within Twilio's 15 s, so Twilio retries; /readyz says 503; when the
 * database is back, the service serves again without a restart.
 */
let database: Awaited<ReturnType<typeof ownDatabase>>;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let server: ServerProcess;

beforeAll(async () => {
  database = await ownDatabase("outage");
  const upstream = new URL(SERVER_URL);
  proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
  const viaProxy = new URL(database.url);
  viaProxy.hostname = "127.0.0.1";
  viaProxy.port = String(proxy.port);
  server = startServer({ port: await freePort(), databaseUrl: viaProxy.toString(), dir: tempDir(), name: "outage", env: { READYZ_DATABASE_TIMEOUT_MS: "1000" } });
  await server.ready();
});

afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  await database?.drop();
});

const status = (url: string) => fetch(url, { signal: AbortSignal.timeout(10_000) }).then((response) => response.status);

it("answers webhooks 503 with Retry-After while the database is unreachable, /readyz 503, and recovers without a restart", async () => {
  const [family] = await demoFamilies(database.query, 1);
  // The first message trains the NLU; the service is serving before the outage.
  const warm = await deliverAsTwilio(() => server.url, inboundForm(family!.phone, "hei"));
  expect(messagesOf(warm.answer!).length).toBeGreaterThan(0);
  expect(await status(`${server.url}/readyz`)).toBe(200);

  proxy.down();
  const during = inboundForm(family!.phone, "hvor mye har jeg igjen?");
  for (let i = 0; i < 3; i += 1) {
    // Twilio gives a webhook 15 s; the answer must come well before, and say "retry".
    const answer = await deliverOnce(server.url, during, 10_000);
    expect(answer.status).toBe(503);
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    expect(JSON.parse(answer.text)).toMatchObject({ error: "DATABASE_UNAVAILABLE" });
  }
  const raw = await fetch(`${server.url}/api/sms`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "", signal: AbortSignal.timeout(10_000) });
  expect(raw.status).toBeLessThan(500); // an unsigned request is refused before the database is asked
  expect(await status(`${server.url}/readyz`)).toBe(503);
  expect(await status(`${server.url}/healthz`)).toBe(200);
  const directLine = await fetch(`${server.url}/v3/directline/tokens/generate`, { method: "POST", signal: AbortSignal.timeout(10_000) });
  expect([200, 503]).toContain(directLine.status);

  proxy.up();
  await eventually("/readyz to say ready again", async () => (await status(`${server.url}/readyz`)) === 200);
  // Twilio's retry of the message that met the outage is answered now, by the same process.
  const retried = await deliverOnce(server.url, during, 15_000);
  expect(retried.status).toBe(200);
  expect(messagesOf(retried.text).length).toBeGreaterThan(0);
  const next = await deliverOnce(server.url, inboundForm(family!.phone, "hjelp"), 15_000);
  expect(next.status).toBe(200);
  expect(server.child.exitCode).toBeNull();
});
