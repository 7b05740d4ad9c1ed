import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../bot/app.ts";
import { loadConfig, type AppConfig } from "../../services/config.ts";
import { createLogger } from "../../services/logger.ts";
import { createTestDatabaseTarget } from "../support/database.ts";
import { testClock } from "../support/clock.ts";

/** A logger whose lines the test reads. */
function capturingLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger("warn", { write: (line: string) => void lines.push(line) }) };
}

const config = (database: AppConfig["database"]): AppConfig => ({ ...loadConfig({ PORT: "0", LOG_LEVEL: "silent", NODE_ENV: "test", READYZ_DATABASE_TIMEOUT_MS: "500" }), database });

async function json(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("with the embedded database closed under the running service", () => {
  let app: App;
  let dispose: () => Promise<void>;
  const { lines, logger } = capturingLogger();
  afterAll(async () => {
    await app?.stop();
    await dispose?.();
  });

  it("/readyz answers 503 while /healthz (liveness) stays 200, and clients get a generic error with a request id", async () => {
    const target = await createTestDatabaseTarget();
    dispose = target.dispose;
    app = await startApp(config(target.target), { logger, clock: testClock() });
    await app.ready;
    expect(await json(`${app.url}/readyz`)).toEqual({ status: 200, body: { status: "ready", database: "ok" } });
    const { conversationId, token } = (await json(`${app.url}/v3/directline/tokens/generate`, { method: "POST" })).body as { conversationId: string; token: string };

    await app.db!.close();

    expect(await json(`${app.url}/readyz`)).toEqual({ status: 503, body: { status: "unavailable", database: "unreachable" } });
    expect((await json(`${app.url}/healthz`)).status).toBe(200);

    const failed = await fetch(`${app.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } });
    const text = await failed.text();
    expect(failed.status).toBe(500);
    const body = JSON.parse(text) as { error: { code: string; message: string; requestId: string } };
    expect(body).toEqual({ error: { code: "INTERNAL", message: "something went wrong on our side; quote this request id if you contact us", requestId: expect.any(String) } });
    expect(text).not.toMatch(/prisma|pglite|closed|invocation|directLineConversation/i);

    // The details are in the log, under the same request id, without the query's arguments.
    const logged = lines.map((line) => JSON.parse(line)).find((line) => line.requestId === body.error.requestId);
    expect(logged).toMatchObject({ msg: "request failed", error: { type: expect.any(String), message: expect.any(String) } });
    expect(JSON.stringify(logged)).not.toContain(conversationId);
  });
});

// A real PostgreSQL server (every development and CI machine runs one, docs/platform-notes.md).
const serverUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const postgres = await (async () => {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!postgres)("with the PostgreSQL database refusing connections", () => {
  const name = `fk_ready_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  let app: App;
  afterAll(async () => {
    await app?.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it("/readyz answers 503 until the database accepts connections again, then 200", async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    app = await startApp(config({ kind: "postgresql", url: url.toString() }), { logger: createLogger("silent"), clock: testClock() });
    await app.ready;
    expect((await json(`${app.url}/readyz`)).status).toBe(200);

    // As a failover or an operator would: no new connections, and the open ones cut.
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
    expect(await json(`${app.url}/readyz`)).toEqual({ status: 503, body: { status: "unavailable", database: "unreachable" } });
    expect((await json(`${app.url}/healthz`)).status).toBe(200);

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    expect(await json(`${app.url}/readyz`)).toEqual({ status: 200, body: { status: "ready", database: "ok" } });
  }, 120_000);
});
