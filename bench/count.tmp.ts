import pg from "pg";
import { benchDatabase, OUR_NUMBER, TWILIO_AUTH_TOKEN } from "./support/service-process.ts";
import { conversations, nextDelivery } from "./support/sms-load.ts";
import { startApp } from "../bot/app.ts";
import { loadConfig } from "../services/config.ts";
import { createLogger } from "../services/logger.ts";
let log: string[] = [];
const orig = pg.Client.prototype.query as any;
(pg.Client.prototype as any).query = function (this: any, ...args: any[]) { const q = args[0]; log.push(String(typeof q === "string" ? q : q?.text).replace(/\s+/g, " ").slice(0, 110)); return orig.apply(this, args); };
const db = await benchDatabase("postgresql");
const config = loadConfig({ ...db.env, PORT: "0", NODE_ENV: "development", LOG_LEVEL: "warn", TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER: OUR_NUMBER, PUBLIC_BASE_URL: "http://127.0.0.1:1", JOBS_ENABLED: "false" } as any);
const app = await startApp(config, { logger: createLogger("warn") });
await app.ready;
const [c] = conversations(db.families, 1);
for (let i = 0; i < 11; i++) {
  const text = c!.messages[c!.next % c!.messages.length];
  const d = nextDelivery("http://127.0.0.1:1", c!);
  log = [];
  const t = performance.now();
  const r = await fetch(`${app.url}/api/sms`, { method: "POST", body: d.body, headers: d.headers });
  const body = await r.text();
  const ms = performance.now() - t;
  await new Promise((r) => setTimeout(r, 300));
  console.log(`\n### ${text} -> ${r.status} ${ms.toFixed(1)}ms, ${log.length} statements; reply: ${body.slice(0, 100).replace(/\n/g, " ")}`);
  if (process.argv[2] === "-v" || i === 1) for (const l of log) console.log("   ", l);
}
await app.stop();
await db.drop();
