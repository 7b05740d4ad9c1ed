/**
 * `npm run bench -- webchat [--database postgresql|pglite|both] [--conversations 50] [--seconds 15] [-v]`
 *
 * The turns suite's closed loop through the web chat: Direct Line 3.0 as the page's Web Chat speaks
 * it. Each conversation is one anonymous browser: a token from the page's token server
 * (`POST /webchat/token`, same-origin headers, as web/chat.js asks), `POST /v3/directline/conversations`
 * with the token and the page's locale (the bot greets), the WebSocket `streamUrl` (`ws`), then
 * messages posted to `…/activities` as Web Chat posts them (a `clientActivityID` in `channelData`).
 * A turn's reply is the first bot message on the WebSocket whose `replyToId` is the posted activity;
 * the next message goes when the reply has arrived and the POST is answered (closed loop).
 *
 * Web chat users are anonymous until they log in, so the conversations ask the SMS script's general
 * questions only (bench/support/sms-load.ts: the greeting, a search and MORE, what the card covers,
 * help; half nb, then en, pl, ar) — no balance or sign-up (no personal journeys).
 *
 * Per database: the time to open a conversation (token + conversation + WebSocket open) of all
 * `conversations` opened at once, then the closed loop: turns per second, p50/p99 from the post to
 * the reply on the WebSocket, the service's CPU per turn (/proc) and peak RSS (VmHWM). The baseline in
 * the same run is the echo bot driven exactly as the turns suite drives it (autocannon, the same
 * texts): `ratio` is turns/s over the echo bot's.
 *
 * New conversations are limited per client address (WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE, default 20,
 * in memory per process); every conversation here comes from 127.0.0.1, so the service runs with
 * the limit raised to its maximum, as an operator load-testing from one machine would.
 * `-v` prints one conversation per language: each question and the first line of its reply.
 */
import { randomBytes } from "node:crypto";
import { WebSocket } from "ws";
import { WEBCHAT_LOCALES } from "../bot/channels/web/pages.ts";
import type { Language } from "../services/languages.ts";
import { benchDatabase, databasesOf, optionsOf, startEchoBot, startService, type RunningProcess } from "./support/service-process.ts";
import { generalQuestions, LANGUAGE_OF, nextEchoDelivery, type Conversation } from "./support/sms-load.ts";
import { load } from "./turns.ts";
import { percentile } from "./support/open-loop.ts";

/** The service's own setting, raised for the run: every conversation comes from one address. */
const LOAD_TEST_ENV = { WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE: "100000" };
const REPLY_TIMEOUT_MS = 30_000;

interface ChatScript extends Conversation {
  language: (typeof LANGUAGE_OF)[number];
}

/** `count` anonymous visitors: the general questions in their language, each starting at another one. */
function webConversations(count: number): ChatScript[] {
  return Array.from({ length: count }, (_, index) => {
    const language = LANGUAGE_OF[index % LANGUAGE_OF.length]!;
    const messages = generalQuestions(language);
    return { phone: `web-${index}`, language, messages, next: index % messages.length };
  });
}

interface DirectLineActivity {
  id?: string;
  type?: string;
  text?: string;
  replyToId?: string;
  from?: { role?: string };
  channelData?: { clientActivityID?: string };
}

/** The turn a conversation waits on: the posted activity's ids (client's, then the server's) and its reply. */
interface Pending {
  clientActivityID: string;
  ids: Set<string>;
  replied(at: number, text: string): void;
}

/** One browser's web chat: its token, its conversation, its open WebSocket. */
class WebChat {
  private pending: Pending | undefined;
  private closed = false;

  private constructor(
    readonly script: ChatScript,
    private readonly baseUrl: string,
    private readonly conversationId: string,
    private readonly token: string,
    private readonly ws: WebSocket,
  ) {
    ws.on("message", (data) => {
      const { activities } = JSON.parse(String(data)) as { activities: DirectLineActivity[] };
      for (const activity of activities) this.seen(activity);
    });
    ws.on("close", () => (this.closed = true));
    ws.on("error", () => (this.closed = true));
  }

  /** Opens a conversation as web/chat.js and Web Chat do. */
  static async open(baseUrl: string, script: ChatScript): Promise<WebChat> {
    const locale = WEBCHAT_LOCALES[script.language as Language];
    const issued = await postJson<{ token: string }>(`${baseUrl}/webchat/token`, {}, { origin: baseUrl, "sec-fetch-site": "same-origin" });
    const started = await postJson<{ conversationId: string; token: string; streamUrl: string }>(`${baseUrl}/v3/directline/conversations`, { user: {}, locale }, { authorization: `Bearer ${issued.token}` });
    const ws = new WebSocket(started.streamUrl);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, res) => reject(new Error(`stream: HTTP ${res.statusCode}`)));
    });
    return new WebChat(script, baseUrl, started.conversationId, started.token, ws);
  }

  /** Posts the next question; resolves with the ms from the post to the reply on the WebSocket. */
  async turn(): Promise<{ ms: number; question: string; reply: string }> {
    if (this.closed) throw new Error("the WebSocket closed");
    const question = this.script.messages[this.script.next % this.script.messages.length]!;
    this.script.next += 1;
    const clientActivityID = randomBytes(8).toString("hex");
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<{ at: number; text: string }>((resolve, reject) => {
      this.pending = { clientActivityID, ids: new Set(), replied: (at, text) => resolve({ at, text }) };
      timer = setTimeout(() => reject(new Error(`no reply within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
    });
    reply.catch(() => undefined); // awaited below, unless the POST fails first
    const started = performance.now();
    try {
      const { id } = await postJson<{ id: string }>(
        `${this.baseUrl}/v3/directline/conversations/${this.conversationId}/activities`,
        {
          type: "message",
          text: question,
          textFormat: "plain",
          locale: WEBCHAT_LOCALES[this.script.language as Language],
          channelData: { clientActivityID },
          localTimestamp: new Date().toISOString(),
          localTimezone: "Europe/Oslo",
        },
        { authorization: `Bearer ${this.token}` },
      );
      this.pending!.ids.add(id);
      const answered = await reply;
      return { ms: answered.at - started, question, reply: answered.text };
    } finally {
      clearTimeout(timer);
      this.pending = undefined;
    }
  }

  close(): void {
    this.ws.close();
  }

  /** An activity on the stream: our own message (its id) or the bot's reply to it. */
  private seen(activity: DirectLineActivity): void {
    const pending = this.pending;
    if (!pending || !activity.id) return;
    if (activity.from?.role === "user" && activity.channelData?.clientActivityID === pending.clientActivityID) pending.ids.add(activity.id);
    else if (activity.from?.role === "bot" && activity.type === "message" && activity.replyToId && pending.ids.has(activity.replyToId)) pending.replied(performance.now(), activity.text ?? "");
  }
}

async function postJson<T>(url: string, body: unknown, headers: Record<string, string>): Promise<T> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(REPLY_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${new URL(url).pathname}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Opens `scripts.length` conversations at once: the ones that opened, each opening's ms, failures. */
async function openAll(baseUrl: string, scripts: ChatScript[]): Promise<{ chats: WebChat[]; openMs: number[]; errors: string[] }> {
  const chats: WebChat[] = [];
  const openMs: number[] = [];
  const errors: string[] = [];
  await Promise.all(
    scripts.map(async (script) => {
      const started = performance.now();
      try {
        chats.push(await WebChat.open(baseUrl, script));
        openMs.push(performance.now() - started);
      } catch (error) {
        errors.push(String(error));
      }
    }),
  );
  return { chats, openMs, errors };
}

/**
 * Every chat posts its next question when the last is answered, for `seconds`. `latencies` are the
 * turns answered within the time (turns/s); `completed` counts also those that end after it, which
 * the loop waits for (the CPU per turn is over all of them).
 */
async function closedLoop(chats: WebChat[], seconds: number, transcript?: (chat: WebChat, question: string, reply: string) => void): Promise<{ latencies: number[]; completed: number; errors: string[] }> {
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const errors: string[] = [];
  let completed = 0;
  await Promise.all(
    chats.map(async (chat) => {
      while (performance.now() < deadline) {
        try {
          const { ms, question, reply } = await chat.turn();
          completed += 1;
          if (performance.now() <= deadline) latencies.push(ms);
          transcript?.(chat, question, reply);
        } catch (error) {
          errors.push(String(error));
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    }),
  );
  return { latencies, completed, errors };
}

export async function run(args: string[]): Promise<void> {
  const option = optionsOf(args);
  const databases = databasesOf(option("database", "postgresql"));
  const count = Number(option("conversations", "50"));
  const seconds = Number(option("seconds", "15"));
  const verbose = args.includes("-v");

  console.log(`webchat: ${count} anonymous web chat conversations, general questions only (no personal journeys); WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE=${LOAD_TEST_ENV.WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE} for the run (all come from one address)`);
  const echo = await startEchoBot();
  try {
    for (const kind of databases) {
      console.log(`${kind}: seeding a database of its own with the demo municipality…`);
      const database = await benchDatabase(kind);
      let service: RunningProcess | undefined;
      let chats: WebChat[] = [];
      try {
        service = await startService(database, { env: LOAD_TEST_ENV });
        // Warm-up: the NLU's first use, JIT, connection pools; the echo bot as the turns suite warms it.
        const warm = await openAll(service.url, webConversations(10));
        await closedLoop(warm.chats, 5);
        for (const chat of warm.chats) chat.close();
        await load(echo.url, "/api/messages", nextEchoDelivery, webConversations, { connections: 10, seconds: 3 });

        const echoClosed = await load(echo.url, "/api/messages", nextEchoDelivery, webConversations, { connections: count, seconds });

        const opened = await openAll(service.url, webConversations(count));
        chats = opened.chats;
        // -v: the first conversation of each language, one round of its questions.
        const shownFor = new Map<string, WebChat>();
        const printed = new Map<WebChat, number>();
        const transcript = verbose
          ? (chat: WebChat, question: string, reply: string) => {
              const { language, messages } = chat.script;
              if (!shownFor.has(language)) shownFor.set(language, chat);
              if (shownFor.get(language) !== chat) return;
              const lines = printed.get(chat) ?? 0;
              if (lines >= messages.length) return;
              printed.set(chat, lines + 1);
              console.log(`  ${language}> ${question}\n  ${language}< ${reply.split("\n")[0]}`);
            }
          : undefined;
        const serviceCpu = service.cpuMs();
        const closed = await closedLoop(chats, seconds, transcript);
        const cpuPerTurn = (service.cpuMs() - serviceCpu) / Math.max(1, closed.completed);

        const turnsPerSec = Math.round((closed.latencies.length / seconds) * 10) / 10;
        const ratio = Math.round((turnsPerSec / echoClosed.turnsPerSec) * 1000) / 1000;
        const errors = opened.errors.length + closed.errors.length;
        const firstErrors = [...new Set([...opened.errors, ...closed.errors])].slice(0, 3);
        console.log(`${kind}: opened ${opened.chats.length} of ${count} conversations at once (token + conversation + WebSocket): p50 ${percentile(opened.openMs, 0.5)} ms, p99 ${percentile(opened.openMs, 0.99)} ms`);
        console.log(`${kind}: closed loop of ${chats.length}: ${turnsPerSec} turns/s (echo bot ${echoClosed.turnsPerSec}/s, ratio ${ratio}), post → reply on the WebSocket p50 ${percentile(closed.latencies, 0.5)} ms, p99 ${percentile(closed.latencies, 0.99)} ms, ${errors} errors${firstErrors.length ? `: ${firstErrors.join("; ")}` : ""}`);
        console.log(`${kind}: CPU per turn: service ${cpuPerTurn.toFixed(1)} ms (${kind === "pglite" ? "the database included: it runs in the process" : "the database's own CPU not included"}); peak RSS ${service.peakRssMb()} MB`);
        console.log(
          JSON.stringify({
            suite: "webchat",
            database: kind,
            conversations: count,
            turnsPerSec,
            echoTurnsPerSec: echoClosed.turnsPerSec,
            ratio,
            p50Ms: percentile(closed.latencies, 0.5),
            p99Ms: percentile(closed.latencies, 0.99),
            openP50Ms: percentile(opened.openMs, 0.5),
            openP99Ms: percentile(opened.openMs, 0.99),
            errors,
            cpuMsPerTurn: Math.round(cpuPerTurn * 10) / 10,
            peakRssMb: service.peakRssMb(),
          }),
        );
      } finally {
        for (const chat of chats) chat.close();
        await service?.stop();
        await database.drop();
      }
    }
  } finally {
    await echo.stop();
  }
}
