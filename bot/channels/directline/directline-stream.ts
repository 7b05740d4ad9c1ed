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
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(req, socket, head);

  constructor(
    private readonly deps: {
      tokens: DirectLineTokens;
      secret: string | undefined;
      logger: Logger;
      store: () => DirectLineConversationStore | undefined;
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
    const watermarkParam = url.searchParams.get("watermark") ?? "";
    const watermark = /^\d{1,9}$/.test(watermarkParam) ? Number(watermarkParam) : 0;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, conversationId, watermark, store));
  }

  private serve(ws: WebSocket, conversationId: string, startAfter: number, store: DirectLineConversationStore): void {
    let watermark = startAfter;
    let pushing: Promise<void> = Promise.resolve();
    const push = () => {
      pushing = pushing.then(async () => {
        if (ws.readyState !== WebSocket.OPEN) return;
        const page = await store.after(conversationId, watermark);
        if (page.activities.length === 0 || ws.readyState !== WebSocket.OPEN) return;
        watermark = page.watermark;
        ws.send(JSON.stringify({ activities: page.activities, watermark: String(page.watermark) }));
      }).catch((error: unknown) => this.deps.logger.warn({ error: errorForLog(error) }, "direct line stream push failed"));
    };
    this.appended.on(conversationId, push);
    const poll = setInterval(push, CROSS_PROCESS_POLL_MS);
    ws.on("message", () => undefined); // keep-alive frames from the client
    ws.on("close", () => {
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
