/**
 * `npm run bench -- statements [-v]`: the database statements each kind of SMS turn costs, counted
 * on the wire (every query the `pg` driver sends, Prisma's and ours, BEGIN/COMMIT included), for one
 * demo guardian's conversation on PostgreSQL (a database of its own). `-v` prints each statement.
 * A turn should need a handful (docs/performance.md); the last line is one JSON object.
 */
import pg from "pg";
import { startApp } from "../bot/app.ts";
import { loadConfig } from "../services/config.ts";
import { createLogger } from "../services/logger.ts";
import { benchDatabase, OUR_NUMBER, TWILIO_AUTH_TOKEN } from "./support/service-process.ts";
import { conversations, nextDelivery } from "./support/sms-load.ts";

export async function run(args: string[]): Promise<void> {
  const verbose = args.includes("-v");
  let sent: string[] = [];
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    sent.push(String(typeof first === "string" ? first : first?.text).replace(/\s+/g, " ").slice(0, 120));
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;

  const database = await benchDatabase("postgresql");
  const publicBaseUrl = "https://bench.invalid";
  const app = await startApp(
    loadConfig({ PORT: "0", NODE_ENV: "development", LOG_LEVEL: "silent", TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER: OUR_NUMBER, PUBLIC_BASE_URL: publicBaseUrl, JOBS_ENABLED: "false", ...database.env }),
    { logger: createLogger("silent") },
  );
  try {
    await app.ready;
    const [conversation] = conversations(database.families, 1);
    const counts: Record<string, number> = {};
    const firstTime: Record<string, number> = {};
    const firstStatements: Record<string, string[]> = {};
    // Twice through the script. The first round does the real sign-up (the second is refused: the
    // child is signed up already) but also warms the caches (districts); both rounds are reported.
    for (let round = 0; round < 2; round++) {
      for (let step = 0; step < conversation!.messages.length; step++) {
        const text = conversation!.messages[conversation!.next % conversation!.messages.length]!;
        const delivery = nextDelivery(publicBaseUrl, conversation!);
        // Let the outbox worker's own statements (a club's notice) go out before counting the next turn.
        await new Promise((resolve) => setTimeout(resolve, 300));
        sent = [];
        const response = await fetch(`${app.url}/api/sms`, { method: "POST", body: delivery.body, headers: delivery.headers });
        await response.text();
        const statements = sent;
        if (round === 0) {
          firstTime[text] = statements.length;
          firstStatements[text] = statements;
        }
        if (round === 1) {
          counts[text] = statements.length;
          console.log(`${String(statements.length).padStart(3)} statements  "${text}" (${response.status}; the first time: ${firstTime[text]})`);
          if (verbose) for (const line of statements) console.log(`      ${line}`);
          if (verbose && firstTime[text] !== statements.length) {
            console.log("    the first time:");
            for (const line of firstStatements[text]!) console.log(`      ${line}`);
          }
        }
      }
    }
    const values = Object.values(counts);
    console.log(JSON.stringify({ suite: "statements", database: "postgresql", perTurn: counts, firstTime, total: values.reduce((a, b) => a + b, 0), turns: values.length }));
  } finally {
    pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
    await app.stop();
    await database.drop();
  }
}
