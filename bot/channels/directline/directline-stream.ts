import { EventEmitter } from "node:events";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { errorForLog, type Logger } from "../../../services/logger.ts";
import type { DirectLineConversationStore } from "../../../services/directline/conversation-store.ts";
import type { DirectLineTokens } from "./tokens.ts";
import { isSecret } from "./tokens.ts";

const STREAM_PATH = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{1,100})\/stream$/;
// Appends made by another server process reach this one's streams by polling the database.
const CROSS_PROCESS_POLL_MS = 2000;

/**
 * Direct Line's WebSocket stream: `streamUrl` (…/conversations/{id}/stream?watermark=&t=<token>)
 * pushes `{ activities, watermark }` whenever the conversation gets activities; the client sends
 * nothing but empty keep-alive frames. Read-only, like Microsoft's.
 */
export class DirectLineStreams {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private server: Server | undefined;
  private readonly open = new Map<string, number>();
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    void this.upgrade(req, socket, head).catch((error: unknown) => {
      this.deps.logger.error({ error: errorForLog(error) }, "direct line stream refused: the service failed");
      if (!socket.destroyed) refuse(socket, 503, "Service Unavailable");
    });

  constructor(
    private readonly deps: {
      tokens: DirectLineTokens;
      secret: string | undefined;
      logger: Logger;
      store: () => DirectLineConversationStore | undefined;
      /** More streams on one conversation are refused (429): a chat needs one per open tab. */
      maxStreamsPerConversation: number;
      /** One push carries at most this much; the rest follows in further pushes. */
      maxResponseBytes: number;
    },
  ) {}

  attach(server: Server): void {
    this.server = server;
    server.on("upgrade", this.onUpgrade);
  }

  /** An activity was appended to this conversation: push it to its open streams. */
  notify(conversationId: string): void {
    this.appended.emit(conversationId);
  }

  async close(): Promise<void> {
    this.server?.off("upgrade", this.onUpgrade);
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return refuse(socket, 404, "Not Found");
    const conversationId = match[1]!;
    // The token comes in the stream URL (browsers cannot set headers on a WebSocket); the secret
    // only ever in a header, never in a URL that proxies log.
    const headerSecret = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const claims = this.deps.tokens.verify(url.searchParams.get("t") ?? "");
    if (!isSecret(headerSecret, this.deps.secret) && claims?.conv !== conversationId) return refuse(socket, 403, "Forbidden");
    const store = this.deps.store();
    if (!store) return refuse(socket, 503, "Service Unavailable");
    if (!(await store.find(conversationId))) return refuse(socket, 404, "Not Found");
    // Checked and counted in one synchronous step, so concurrent upgrades cannot all slip past.
    if ((this.open.get(conversationId) ?? 0) >= this.deps.maxStreamsPerConversation) return refuse(socket, 429, "Too Many Requests");
    this.open.set(conversationId, (this.open.get(conversationId) ?? 0) + 1);
    let served = false;
    socket.once("close", () => {
      if (!served) this.release(conversationId); // the handshake failed
    });
    const watermarkParam = url.searchParams.get("watermark") ?? "";
    const watermark = /^\d{1,9}$/.test(watermarkParam) ? Number(watermarkParam) : 0;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      served = true;
      this.serve(ws, conversationId, watermark, store);
    });
  }

  private release(conversationId: string): void {
    const left = (this.open.get(conversationId) ?? 1) - 1;
    if (left > 0) this.open.set(conversationId, left);
    else this.open.delete(conversationId);
  }

  private serve(ws: WebSocket, conversationId: string, startAfter: number, store: DirectLineConversationStore): void {
    let watermark = startAfter;
    let pushing: Promise<void> = Promise.resolve();
    const push = () => {
      pushing = pushing.then(async () => {
        // Page by size until the client has everything.
        while (ws.readyState === WebSocket.OPEN) {
          const page = await store.after(conversationId, watermark, { maxBytes: this.deps.maxResponseBytes });
          if (page.activities.length === 0 || ws.readyState !== WebSocket.OPEN) return;
          watermark = page.watermark;
          ws.send(JSON.stringify({ activities: page.activities, watermark: String(page.watermark) }));
          if (!page.more) return;
        }
      }).catch((error: unknown) => this.deps.logger.warn({ error: errorForLog(error) }, "direct line stream push failed"));
    };
    this.appended.on(conversationId, push);
    const poll = setInterval(push, CROSS_PROCESS_POLL_MS);
    ws.on("message", () => undefined); // keep-alive frames from the client
    ws.on("close", () => {
      this.release(conversationId);
      this.appended.off(conversationId, push);
      clearInterval(poll);
    });
    ws.on("error", () => ws.terminate());
    push();
  }
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
