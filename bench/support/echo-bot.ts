/**
 * The baselines of the turns and webchat benchmarks: the smallest botbuilder bot on restify, as the
 * Bot Framework samples write it: a `CloudAdapter` with no credentials, an `ActivityHandler` that
 * echoes the text. Driven with `deliveryMode: "expectReplies"`, so its answer comes back in the HTTP
 * response as the SMS webhook's TwiML does. Runs as its own process, as the service does (built, with
 * production's node options: bench/support/service-process.ts): `node dist/bench/support/echo-bot.js
 * <port> [<postgresql url>]`; prints "listening <url>" when ready.
 *
 * With a PostgreSQL URL it is **the floor** of the chosen stack instead (docs/performance.md): the
 * same bot whose turn does what issue 12 measured as "echo bot + three statements" (a dedupe insert,
 * a state read and a state upsert over a `pg` pool: botbuilder's `ConversationState` on the smallest
 * storage, named statements as the service's) and answers from a one-step dialog of
 * botbuilder-dialogs (a `ComponentDialog` around a `WaterfallDialog`) instead of the handler itself.
 * No NLU, no identity, no texts: what any turn of a botbuilder dialog bot with its state in
 * PostgreSQL costs, before it does anything of its own.
 */
import pg from "pg";
import restify from "restify";
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, type Storage, type StoreItems, type TurnContext } from "botbuilder";
import { ComponentDialog, DialogSet, DialogTurnStatus, WaterfallDialog, type DialogState } from "botbuilder-dialogs";

const [portArg, floorUrl] = process.argv.slice(2);
const echo = (context: TurnContext) => context.sendActivity(`echo: ${context.activity.text ?? ""}`);

/** The floor's turn: claim the delivery, load the state, run the dialog, save the state. */
async function floorTurn(url: string): Promise<(context: TurnContext) => Promise<void>> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query("CREATE SCHEMA IF NOT EXISTS bench_floor");
  await pool.query("CREATE TABLE IF NOT EXISTS bench_floor.inbound (id text PRIMARY KEY, received_at timestamptz NOT NULL DEFAULT now())");
  await pool.query("CREATE TABLE IF NOT EXISTS bench_floor.state (key text PRIMARY KEY, doc jsonb NOT NULL)");
  const storage: Storage = {
    async read(keys) {
      const { rows } = await pool.query<{ key: string; doc: StoreItems[string] }>({ name: "floor_read", text: "SELECT key, doc FROM bench_floor.state WHERE key = ANY($1)", values: [keys] });
      return Object.fromEntries(rows.map((row) => [row.key, row.doc]));
    },
    async write(changes) {
      for (const [key, doc] of Object.entries(changes)) {
        await pool.query({ name: "floor_write", text: "INSERT INTO bench_floor.state (key, doc) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc", values: [key, JSON.stringify(doc)] });
      }
    },
    async delete() {},
  };
  const state = new ConversationState(storage);
  const dialogs = new DialogSet(state.createProperty<DialogState>("dialogState"));
  const main = new ComponentDialog("main").addDialog(new WaterfallDialog("answer", [async (step) => (await echo(step.context), step.endDialog())]));
  dialogs.add(main);
  return async (context) => {
    await pool.query({ name: "floor_claim", text: "INSERT INTO bench_floor.inbound (id) VALUES ($1) ON CONFLICT DO NOTHING", values: [context.activity.id] });
    await state.load(context);
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(main.id);
    await state.saveChanges(context);
  };
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
const turn = floorUrl ? await floorTurn(floorUrl) : echo;
bot.onMessage(async (context, next) => {
  await turn(context);
  await next();
});

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post("/api/messages", async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(portArg ?? 0), "127.0.0.1", () => console.log(`listening ${server.url}`));
