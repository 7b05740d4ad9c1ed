import { DirectLine, type Activity } from "botframework-directlinejs";
import { Observable } from "rxjs/Observable";
import { WebSocket } from "ws";

/**
 * botframework-directlinejs in Node. The library talks through rxjs's DOM ajax (XMLHttpRequest,
 * which Node lacks) and a global WebSocket (Node 20 has none); both are injectable services, so the
 * official client runs unchanged over fetch and the `ws` package.
 */
function fetchAjax(request: { method?: string; url?: string; body?: unknown; headers?: Record<string, string>; timeout?: number }) {
  return Observable.create((subscriber: { next(value: unknown): void; complete(): void; error(error: unknown): void }) => {
    const controller = new AbortController();
    const timer = request.timeout ? setTimeout(() => controller.abort(), request.timeout) : undefined;
    fetch(request.url!, {
      method: request.method ?? "GET",
      headers: request.headers ?? {},
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: controller.signal,
    }).then(
      async (response) => {
        clearTimeout(timer);
        const text = await response.text();
        const body = text ? JSON.parse(text) : null;
        if (response.ok) {
          subscriber.next({ response: body, status: response.status });
          subscriber.complete();
        } else {
          subscriber.error({ status: response.status, response: body, xhr: { getResponseHeader: (name: string) => response.headers.get(name) } });
        }
      },
      (error: unknown) => {
        clearTimeout(timer);
        subscriber.error({ status: 0, error, xhr: { getResponseHeader: () => null } });
      },
    );
    return () => controller.abort();
  });
}

export function directLineClient(options: { domain: string; token: string; webSocket: boolean; locale?: string }): DirectLine {
  // The library decides on WebSockets by looking for a global WebSocket.
  const globals = globalThis as { WebSocket?: unknown };
  const hadWebSocket = "WebSocket" in globals;
  const previous = globals.WebSocket;
  if (options.webSocket) globals.WebSocket = WebSocket;
  try {
    return new DirectLine({
      domain: options.domain,
      token: options.token,
      webSocket: options.webSocket,
      pollingInterval: 200,
      ...(options.locale ? { conversationStartProperties: { locale: options.locale } } : {}),
      ajax: fetchAjax as never,
      WebSocket: WebSocket as never,
    });
  } finally {
    if (options.webSocket) {
      if (hadWebSocket) globals.WebSocket = previous;
      else delete globals.WebSocket;
    }
  }
}

/** Collects the conversation's activities as the client receives them. */
export function collect(directLine: DirectLine): { activities: Activity[]; until(predicate: (activities: Activity[]) => boolean, timeoutMs?: number): Promise<Activity[]>; stop(): void } {
  const activities: Activity[] = [];
  const subscription = directLine.activity$.subscribe((activity) => activities.push(activity));
  return {
    activities,
    async until(predicate, timeoutMs = 15_000) {
      const until = performance.now() + timeoutMs;
      while (!predicate(activities)) {
        if (performance.now() > until) throw new Error(`Direct Line client saw ${activities.length} activities, not what the test waited for: ${JSON.stringify(activities.map((a) => [a.type, a.from?.role, "text" in a ? a.text : undefined]))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return activities;
    },
    stop: () => subscription.unsubscribe(),
  };
}

/** Posts through the client and resolves with the id the server gave the activity. */
export function post(directLine: DirectLine, activity: Partial<Activity> & { type: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    directLine.postActivity(activity as Activity).subscribe({ next: (id) => resolve(String(id)), error: reject });
  });
}
