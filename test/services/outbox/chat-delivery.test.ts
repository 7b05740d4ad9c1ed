import { beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../support/database.ts";
import { testClock } from "../../support/clock.ts";
import { createLogger } from "../../../services/logger.ts";
import { enqueueMessage } from "../../../services/outbox/enqueue-message.ts";
import { OutboxWorker } from "../../../services/outbox/outbox-worker.ts";
import { SimulatorSmsTransport, SmsSimulator } from "../../../services/outbox/sms-simulator.ts";
import { WebChatTransport } from "../../../services/outbox/webchat-transport.ts";
import { DirectLineConversationStore } from "../../../services/directline/conversation-store.ts";
import { notifyPersons } from "../../../services/outbox/notify-persons.ts";
import { createMunicipality, createPerson } from "../../support/fixtures.ts";

const ctx = useTestDatabase();
const logger = createLogger("silent");
let clock = testClock();
const USER = "dl_club_contact";

function worker(appended: string[] = []) {
  const store = new DirectLineConversationStore(ctx.db);
  return new OutboxWorker({
    db: ctx.db,
    clock,
    logger,
    transport: new SimulatorSmsTransport(new SmsSimulator(clock)),
    chats: { WEBCHAT: new WebChatTransport(store, { id: "fritidskort", name: "Fritidskortet" }, (id) => appended.push(id), clock) },
    defaultSender: "simulator",
    sendsPerSecond: 1000,
    backoff: { baseMs: 1000, maxMs: 60_000, maxAttempts: 4 },
  });
}

const botMessages = async (conversationId: string) =>
  (await new DirectLineConversationStore(ctx.db).after(conversationId, 0)).activities.filter((activity) => (activity.from as { role?: string } | undefined)?.role === "bot").map((activity) => activity.text);

beforeEach(async () => {
  clock = testClock();
  await ctx.db.prisma.outboxMessage.deleteMany();
  await ctx.db.prisma.directLineConversation.deleteMany();
  await ctx.db.prisma.channelIdentity.deleteMany();
});

describe("the outbox on web chat", () => {
  it("appends a notice to the user's latest conversation once, and a repeated attempt finds it instead of appending again", async () => {
    const store = new DirectLineConversationStore(ctx.db);
    await store.create("old-conversation", USER, clock.now());
    await store.append("old-conversation", { type: "message", text: "hei" }, clock.now());
    clock.advance(60_000);
    await store.create("latest-conversation", USER, clock.now());
    await store.append("latest-conversation", { type: "message", text: "hei igjen" }, clock.now());
    const [id] = await ctx.db.prisma.$transaction((tx) => enqueueMessage(tx, { channel: "WEBCHAT", recipient: USER, body: "Ny påmelding: Jonas, 11 år." }, clock.now()));
    const appended: string[] = [];
    expect(await worker(appended).runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await botMessages("latest-conversation")).toEqual(["Ny påmelding: Jonas, 11 år."]);
    expect(await botMessages("old-conversation")).toEqual([]);
    expect(appended).toEqual(["latest-conversation"]);

    // A worker that died after appending, before marking it sent: the next claim finds the activity.
    await ctx.db.prisma.outboxMessage.update({ where: { id: id! }, data: { status: "SENDING", lockedUntil: clock.now(), sentAt: null } });
    clock.advance(1000);
    expect(await worker().runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await botMessages("latest-conversation")).toEqual(["Ny påmelding: Jonas, 11 år."]);
  });

  it("fails, without a retry, a notice to a user whose conversations were deleted as idle, and skips one who opted out", async () => {
    const [gone] = await ctx.db.prisma.$transaction((tx) => enqueueMessage(tx, { channel: "WEBCHAT", recipient: "dl_nobody", body: "Hei" }, clock.now()));
    expect(await worker().runOnce()).toMatchObject({ failed: 1 });
    expect(await ctx.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: gone! } })).toMatchObject({ status: "FAILED", lastError: "recipient has no web chat conversation" });

    await new DirectLineConversationStore(ctx.db).create("c", USER, clock.now());
    await ctx.db.prisma.channelIdentity.create({ data: { channel: "WEBCHAT", address: USER, optedOutAt: clock.now() } });
    const [skipped] = await ctx.db.prisma.$transaction((tx) => enqueueMessage(tx, { channel: "WEBCHAT", recipient: USER, body: "Hei" }, clock.now()));
    expect(await worker().runOnce()).toMatchObject({ failed: 1 });
    expect(await ctx.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: skipped! } })).toMatchObject({ status: "FAILED", lastError: "recipient opted out (STOP)" });
    expect(await botMessages("c")).toEqual([]);
  });

  it("notifyPersons reaches a person on each verified channel it can write to, and says whom it reached", async () => {
    const municipality = await createMunicipality(ctx.db.prisma);
    const reachable = await createPerson(ctx.db.prisma, municipality.id);
    const unreachable = await createPerson(ctx.db.prisma, municipality.id);
    const verifiedAt = clock.now();
    await ctx.db.prisma.channelIdentity.createMany({
      data: [
        { channel: "SMS", address: "+4799991234", personId: reachable.id, verifiedAt, language: "en" },
        { channel: "WEBCHAT", address: USER, personId: reachable.id, verifiedAt },
        // No conversation kept, no Teams chat with the bot: nowhere to write to.
        { channel: "WEBCHAT", address: "dl_without_conversation", personId: unreachable.id, verifiedAt },
        { channel: "TEAMS", address: "aad-without-chat", personId: unreachable.id, verifiedAt },
        // Not verified: never written to.
        { channel: "SMS", address: "+4799995678", personId: unreachable.id },
      ],
    });
    await new DirectLineConversationStore(ctx.db).create("c", USER, clock.now());
    const reached = await ctx.db.prisma.$transaction((tx) => notifyPersons(tx, [reachable.id, unreachable.id], (language) => ({ text: `hello in ${language}`, answers: { choices: [{ title: "Yes", command: "JA 4F2K" }] } }), clock.now()));
    expect(reached).toEqual([reachable.id]);
    const rows = await ctx.db.prisma.outboxMessage.findMany({ orderBy: { channel: "asc" } });
    expect(rows.map((row) => [row.channel, row.recipient, row.body, row.answers])).toEqual([
      ["SMS", "+4799991234", "hello in en", null],
      ["WEBCHAT", USER, "hello in nb", { choices: [{ title: "Yes", command: "JA 4F2K" }] }],
    ]);
  });
});
