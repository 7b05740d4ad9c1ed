import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync, readFileSync, closeSync, existsSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createNetServer, connect, type Server as NetServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import pg from "pg";
import twilio from "twilio";
import { systemClock } from "../../../services/clock.ts";
import { ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER } from "../../support/twilio-api.ts";

/** The PostgreSQL server the suite runs against; each test file makes and drops a database of its own on it. */
export const SERVER_URL = process.env.TEST_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/test";
export const PUBLIC_BASE_URL = "https://fritidskort.example.no";
export { ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER };

const ROOT = path.resolve(import.meta.dirname, "../../..");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export { sleep };

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database of this test file's own (the servers migrate and seed it); drop() removes it. */
export async function ownDatabase(label: string): Promise<{ name: string; url: string; drop(): Promise<void>; query<R extends pg.QueryResultRow>(text: string, params?: unknown[]): Promise<R[]>; close(): Promise<void> }> {
  const name = `fk_resil_${label}_${randomBytes(4).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(SERVER_URL, name);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on("error", () => undefined);
  let closed = false;
  const close = async () => {
    if (!closed) await pool.end();
    closed = true;
  };
  return {
    name,
    url,
    query: async (text, params) => (await pool.query(text, params)).rows,
    close,
    async drop() {
      await close();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const tempDir = () => mkdtempSync(path.join(tmpdir(), "fk-resil-"));

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly logFile: string;
  readonly child: ChildProcess;
  /** Resolves when /healthz says ready; rejects if the process exits first. */
  ready(timeoutMs?: number): Promise<void>;
  /** kill -9: no shutdown, no flush. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
  /** The process's JSON log lines so far. */
  logLines(): Record<string, unknown>[];
}

/**
 * Starts the service as a real child process on its own port: node itself with tsx's loader (not
 * the tsx wrapper, whose SIGKILL would leave the server running as an orphan).
 */
export function startServer(options: { port: number; databaseUrl: string; dir: string; name: string; env?: Record<string, string> }): ServerProcess {
  const logFile = path.join(options.dir, `${options.name}.log`);
  const out = openSync(logFile, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "test/resilience/support/server.ts"], {
    cwd: ROOT,
    stdio: ["ignore", out, out],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "test",
      LOG_LEVEL: "info",
      PORT: String(options.port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseUrl,
      PUBLIC_BASE_URL,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM_NUMBER: FROM_NUMBER,
      SMS_SENDS_PER_SECOND: "200",
      SMS_SENDER_MAX_MESSAGES: "1000",
      TOKEN_SECRET: "resilience-suite-token-secret-0123456789",
      ...options.env,
    },
  });
  closeSync(out);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  const url = `http://127.0.0.1:${options.port}`;
  return {
    url,
    port: options.port,
    logFile,
    child,
    async ready(timeoutMs = 120_000) {
      const until = performance.now() + timeoutMs;
      while (performance.now() < until) {
        if (exited) throw new Error(`${options.name} exited before it was ready:\n${readFileSync(logFile, "utf8").slice(-3000)}`);
        const status = await fetch(`${url}/healthz`).then((r) => r.status, () => 0);
        if (status === 200) return;
        await sleep(200);
      }
      throw new Error(`${options.name} not ready after ${timeoutMs} ms`);
    },
    async kill9() {
      if (!exited) child.kill("SIGKILL");
      await exit;
    },
    async stop() {
      if (!exited) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exit;
      clearTimeout(timer);
    },
    logLines() {
      if (!existsSync(logFile)) return [];
      return readFileSync(logFile, "utf8")
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
  };
}

/** What the fake Twilio REST API was asked to send: one row per accepted message. */
export interface SentSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  dateCreated: Date;
}

/**
 * Twilio's Messages resource (create and list), on a local port: the servers' Twilio client is
 * forwarded here (support/server.ts). It records every message it accepted.
 */
export async function startFakeTwilio(): Promise<{ url: string; sent: SentSms[]; close(): Promise<void> }> {
  const sent: SentSms[] = [];
  const resource = (m: SentSms) => {
    const date = m.dateCreated.toUTCString().replace("GMT", "+0000");
    return { sid: m.sid, account_sid: ACCOUNT_SID, to: m.to, from: m.from, body: m.body, status: "queued", direction: "outbound-api", messaging_service_sid: null, num_segments: "1", date_created: date, date_updated: date, date_sent: null, error_code: null, error_message: null, uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${m.sid}.json` };
  };
  const server: HttpServer = createHttpServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      res.setHeader("content-type", "application/json");
      if (req.method === "POST" && url.pathname.endsWith("/Messages.json")) {
        const form = new URLSearchParams(body);
        const message: SentSms = { sid: `SM${randomBytes(16).toString("hex")}`, to: form.get("To") ?? "", from: form.get("From") ?? "", body: form.get("Body") ?? "", dateCreated: systemClock.now() };
        sent.push(message);
        res.statusCode = 201;
        return res.end(JSON.stringify(resource(message)));
      }
      if (req.method === "GET" && url.pathname.endsWith("/Messages.json")) {
        const to = url.searchParams.get("To");
        const messages = sent.filter((m) => !to || m.to === to).reverse().map(resource);
        return res.end(JSON.stringify({ messages, page: 0, page_size: 50, first_page_uri: url.pathname, next_page_uri: null, previous_page_uri: null, uri: url.pathname, start: 0, end: messages.length - 1 }));
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ code: 20404, message: "not found", status: 404 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, sent, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function inboundForm(from: string, body: string, sid = `SM${randomBytes(16).toString("hex")}`): Record<string, string> {
  return { MessageSid: sid, SmsSid: sid, AccountSid: ACCOUNT_SID, From: from, To: FROM_NUMBER, Body: body, NumMedia: "0", NumSegments: "1", ApiVersion: "2010-04-01" };
}

/** One webhook delivery as Twilio makes it: signed with the account's auth token over PUBLIC_BASE_URL/api/sms. */
export async function deliverOnce(baseUrl: string, form: Record<string, string>, timeoutMs = 20_000): Promise<{ status: number; text: string; retryAfter?: string }> {
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/api/sms`, form);
  const response = await fetch(`${baseUrl}/api/sms`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const retryAfter = response.headers.get("retry-after");
  return { status: response.status, text: await response.text(), ...(retryAfter ? { retryAfter } : {}) };
}

export interface Delivery {
  sid: string;
  attempts: { status: number | "no answer"; at: number }[];
  /** The TwiML of the 200 that ended the deliveries. */
  answer?: string;
}

/**
 * Twilio's behaviour for one inbound message: deliver; anything but a 200 (a refused connection, a
 * reset, a 5xx, no answer in time) is delivered again with the same MessageSid, until a 200.
 * `target()` is read at each attempt (round-robin, a restarted server).
 */
export async function deliverAsTwilio(target: () => string, form: Record<string, string>, options: { retryDelayMs?: number; giveUpAfterMs?: number; timeoutMs?: number } = {}): Promise<Delivery> {
  const delivery: Delivery = { sid: form.MessageSid!, attempts: [] };
  const giveUp = performance.now() + (options.giveUpAfterMs ?? 90_000);
  while (performance.now() < giveUp) {
    const outcome = await deliverOnce(target(), form, options.timeoutMs ?? 15_000).catch(() => undefined);
    delivery.attempts.push({ status: outcome?.status ?? "no answer", at: performance.now() });
    if (outcome?.status === 200) {
      delivery.answer = outcome.text;
      return delivery;
    }
    await sleep(options.retryDelayMs ?? 300);
  }
  return delivery;
}

export function messagesOf(twiml: string): string[] {
  const parsed = new XMLParser({ isArray: (name) => name === "Message" }).parse(twiml) as { Response: "" | { Message?: string[] } };
  return parsed.Response === "" ? [] : (parsed.Response.Message ?? []).map(String);
}

/**
 * A TCP proxy between a server and PostgreSQL: `down()` cuts every open connection and refuses new
 * ones (accepts and closes at once) until `up()`.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<{ port: number; down(): void; up(): void; close(): Promise<void> }> {
  let isUp = true;
  const open = new Set<Socket>();
  const server: NetServer = createNetServer((client) => {
    if (!isUp) return void client.destroy();
    const upstream = connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    down() {
      isUp = false;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    up() {
      isUp = true;
    },
    close: () => {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Lines `start <sid> <pid>` / `end <sid> <pid>` the servers appended per SMS turn (support/server.ts). */
export function turnLines(file: string): { phase: "start" | "end"; sid: string; pid: number }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [phase, sid, pid] = line.split(" ");
      return { phase: phase as "start" | "end", sid: sid!, pid: Number(pid) };
    });
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}
