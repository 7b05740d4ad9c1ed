import { MemoryStorage, ConversationState, TestAdapter, UserState, type Activity } from "botbuilder";
import type { TFunction } from "i18next";
import { beforeAll } from "vitest";
import { FritidskortBot } from "../../bot/fritidskort-bot.ts";
import { createI18n } from "../../locales/i18n.ts";
import { ManualClock, type Clock } from "../../services/clock.ts";
import type { Database } from "../../services/db/database.ts";
import type { Language } from "../../services/languages.ts";
import { allocatePeriod } from "../../services/ledger/allocate.ts";
import { createNlu, type Nlu } from "../../services/nlu/index.ts";
import { PaymentSimulator } from "../../services/payments/payment-simulator.ts";
import { periodContaining } from "../../services/periods.ts";
import { useTestDatabase } from "../support/database.ts";
import { createActivity, createDistrict, createFamily, createMunicipality, createPerson, createProvider, scheme } from "../support/fixtures.ts";

export const TODAY = "2026-11-27"; // autumn 2026
/** The bot's clock stands here: noon (UTC) on TODAY. */
export const NOON = `${TODAY}T12:00:00Z`;
export const BASE_URL = "https://fritidskort.test";

let phoneCounter = 0;
/** A fresh phone number in the demo range for each conversation, so state never leaks between tests. */
export const newPhone = () => `+47999${String(process.pid % 100).padStart(2, "0")}${String(phoneCounter++).padStart(3, "0")}`;

export interface World {
  municipalityId: string;
  clubName: string;
  activities: { football: string; music: string; full: string; expensive: string };
}

/**
 * A small municipality: one club with a few activities (one full, one dearer than the card), and
 * funded cards for every eligible child once families exist (`fund`).
 */
export async function buildWorld(db: Database): Promise<World> {
  const prisma = db.prisma;
  const municipality = await createMunicipality(prisma);
  const konnerud = await createDistrict(prisma, municipality.id, "Konnerud");
  await createDistrict(prisma, municipality.id, "Fjell");
  const clubName = "Konnerud IL";
  const provider = await createProvider(prisma, municipality.id, { name: clubName });
  const football = await createActivity(prisma, provider.id, { title: "Fotball 2015", category: "football", weekdays: [2], districtId: konnerud.id, feeOre: 60_000, translations: [{ language: "en", title: "Football 2015", description: "Football training." }] });
  const music = await createActivity(prisma, provider.id, { title: "Musikkskolen", category: "music", weekdays: [3], districtId: konnerud.id, feeOre: 40_000 });
  const full = await createActivity(prisma, provider.id, { title: "Sjakkgruppa", category: "chess", weekdays: [4], districtId: konnerud.id, feeOre: 20_000, capacity: 0 });
  const expensive = await createActivity(prisma, provider.id, { title: "Rideskolen", category: "riding", weekdays: [6], districtId: konnerud.id, feeOre: 150_000 });
  await createActivity(prisma, provider.id, { title: "Fotballcamp", category: "camp", weekdays: [1], districtId: konnerud.id, feeOre: 50_000 });
  return { municipalityId: municipality.id, clubName, activities: { football: football.id, music: music.id, full: full.id, expensive: expensive.id } };
}

/** A parent with Jonas (born 2015, eligible) and Ella (born 2021, too young until 2027), linked to `phone`. */
export async function createParent(db: Database, world: World, phone: string, options: { verified?: boolean; language?: string } = {}) {
  const { guardian, children } = await createFamily(db.prisma, world.municipalityId, ["2015-06-09", "2021-09-03"]);
  await db.prisma.person.update({ where: { id: children[0]!.id }, data: { givenName: "Jonas" } });
  await db.prisma.person.update({ where: { id: children[1]!.id }, data: { givenName: "Ella" } });
  await db.prisma.channelIdentity.create({
    data: { channel: "SMS", address: phone, personId: guardian.id, verifiedAt: options.verified === false ? null : new Date(NOON), language: options.language ?? null },
  });
  return { guardian, jonas: children[0]!, ella: children[1]! };
}

export async function createYouth(db: Database, world: World, phone: string) {
  const youth = await createPerson(db.prisma, world.municipalityId, { givenName: "Nora", birthDate: "2011-04-12" });
  await db.prisma.channelIdentity.create({ data: { channel: "SMS", address: phone, personId: youth.id, verifiedAt: new Date(NOON) } });
  return youth;
}

/** Credits the period's money to every eligible child (the ledger's allocation). */
export async function fund(db: Database, world: World) {
  await allocatePeriod(db, { municipalityId: world.municipalityId, period: periodContaining(TODAY, scheme)!, scheme, today: TODAY, now: new Date(NOON) });
}

export async function createBot(db: Database, nlu: Nlu, world: World, clock: Clock = new ManualClock(NOON)) {
  const i18n = await createI18n("nb");
  const storage = new MemoryStorage();
  const payments = new PaymentSimulator(BASE_URL);
  const bot = new FritidskortBot({
    conversationState: new ConversationState(storage),
    userState: new UserState(storage),
    t: i18n.t,
    scheme,
    db,
    nlu,
    municipalityId: world.municipalityId,
    clock,
    payments,
    publicBaseUrl: BASE_URL,
    loginUrl: (token) => `${BASE_URL}/dev/login?token=${token}`,
    // These conversations stand for SMS (the SMS adapter's identity channel).
    identityChannel: () => "SMS",
  });
  return { bot, t: i18n.t };
}

/** A phone's conversation over the SMS channel: `send` returns the bot's replies to one message. */
export function conversation(bot: FritidskortBot, phone: string) {
  const adapter = new TestAdapter((context) => bot.run(context), {
    channelId: "sms",
    from: { id: phone, name: "", role: "user" },
    recipient: { id: "fritidskort", name: "Fritidskortet", role: "bot" },
    conversation: { id: `sms-${phone}`, isGroup: false, conversationType: "personal", name: "" },
    serviceUrl: "/api/sms",
  } as never);
  return {
    async send(text: string): Promise<string> {
      await adapter.receiveActivity(text);
      const replies = adapter.activeQueue.splice(0) as Partial<Activity>[];
      return replies.map((reply) => reply.text ?? "").join("\n---\n");
    },
  };
}

export type Conversation = ReturnType<typeof conversation>;

/** What a test file of conversations works with (`useConversation`). */
export interface ConversationContext {
  readonly db: Database;
  readonly world: World;
  /** The bot's clock, standing at NOON. */
  readonly clock: ManualClock;
  /** The catalogs' sentences in a language, as the bot says them. */
  t: (language: Language) => TFunction;
  /** A phone's conversation with the bot. */
  chat: (phone: string) => Conversation;
  /** A verified parent (Jonas eligible, Ella too young) with funded cards, talking over SMS. */
  parentChat: (options?: { verified?: boolean; language?: string }) => Promise<{ phone: string; chat: Conversation } & Awaited<ReturnType<typeof createParent>>>;
}

/**
 * A test file's database, small municipality (buildWorld) and bot, built once before its tests:
 * `const ctx = useConversation()`, then `await ctx.parentChat()` in each test.
 */
export function useConversation(): ConversationContext {
  const database = useTestDatabase();
  const clock = new ManualClock(NOON);
  let built: { world: World; bot: FritidskortBot; t: (language: Language) => TFunction } | undefined;
  beforeAll(async () => {
    const nlu = await createNlu();
    const world = await buildWorld(database.db);
    built = { world, ...(await createBot(database.db, nlu, world, clock)) };
  });
  const ready = () => {
    if (!built) throw new Error("useConversation: the bot is built in beforeAll; use it inside a test");
    return built;
  };
  const chat = (phone: string) => conversation(ready().bot, phone);
  return {
    get db() {
      return database.db;
    },
    get world() {
      return ready().world;
    },
    clock,
    t: (language) => ready().t(language),
    chat,
    async parentChat(options = {}) {
      const phone = newPhone();
      const family = await createParent(database.db, ready().world, phone, options);
      await fund(database.db, ready().world);
      return { phone, ...family, chat: chat(phone) };
    },
  };
}
