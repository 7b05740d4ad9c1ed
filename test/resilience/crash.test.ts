import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type Database } from "../../services/db/database.ts";
import { checkLedger } from "../../services/ledger/invariants.ts";
import { deliverAsTwilio, eventually, freePort, inboundForm, ownDatabase, startFakeTwilio, startServer, tempDir, turnLines, type ServerProcess } from "./support/harness.ts";
import { demoFamilies, signUp, type SentMessage } from "./support/families.ts";

/**
 * Crash: families sign up over signed SMS webhooks while the server is killed with `kill -9` and
 * started again on the same port and database. Twilio's retries (same MessageSid until a 200) are
 * simulated; outbound SMS go to a fake Twilio that records every send.
 */
const FAMILIES = Number(process.env.RESILIENCE_FAMILIES ?? 12);
const KILL_AFTER_ANSWERS = Math.round(FAMILIES * 1.5);

let database: Awaited<ReturnType<typeof ownDatabase>>;
let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
let db: Database;
const servers: ServerProcess[] = [];
const dir = tempDir();
const turnLog = path.join(dir, "turns.log");

beforeAll(async () => {
  database = await ownDatabase("crash");
  fake = await startFakeTwilio();
});

afterAll(async () => {
  for (const server of servers) await server.stop().catch(() => undefined);
  await db?.close();
  await fake?.close();
  await database?.drop();
});

it("answers every message exactly once or on the retry, loses and repeats no SMS, and keeps the books whole across a kill -9", async () => {
  const port = await freePort();
  const start = (name: string) => {
    const server = startServer({ port, databaseUrl: database.url, dir, name, env: { FAKE_TWILIO_URL: fake.url, TURN_LOG: turnLog, TURN_END_PAUSE_MS: "400" } });
    servers.push(server);
    return server;
  };
  const first = start("first");
  await first.ready();
  const families = await demoFamilies(database.query, FAMILIES);
  expect(families).toHaveLength(FAMILIES);
  // Warm the NLU (it trains on the first message) so the load meets a serving process; a greeting
  // signs no one up (a sign-up naming no child now goes ahead for a family's one eligible child).
  await deliverAsTwilio(() => first.url, inboundForm(families[0]!.phone, "hei"));

  let answers = 0;
  let killedAt = 0;
  let restarted: Promise<void> | undefined;
  const crash = async () => {
    killedAt = performance.now();
    await first.kill9();
    const second = start("second");
    await second.ready();
  };
  const url = `http://127.0.0.1:${port}`;
  const conversations = families.map((family, index) =>
    signUp(family, () => url, {
      // Every third family's confirmation: Twilio gives up waiting and delivers it again.
      impatient: (step) => step === 2 && index % 3 === 0,
      onAnswer: () => {
        answers += 1;
        if (answers === KILL_AFTER_ANSWERS) restarted = crash();
      },
    }),
  );
  const sent: SentMessage[] = (await Promise.all(conversations)).flat();
  await restarted;
  expect(killedAt).toBeGreaterThan(0);

  // Every message got its 200 (a refused or cut delivery was retried until it did).
  expect(sent.filter((message) => message.delivery.answer === undefined)).toEqual([]);
  const retriedAfterTheKill = sent.filter((message) => message.delivery.attempts.some((attempt) => attempt.status !== 200 && attempt.at >= killedAt));
  expect(retriedAfterTheKill.length).toBeGreaterThan(0);

  // Exactly once: no message's turn ran to its end twice (a turn's answer is stored in the statement
  // that saves its state, so a turn that ended in the killed process is replayed, not run again),
  // and the answer Twilio got is the one stored for replays.
  const ends = turnLines(turnLog).filter((line) => line.phase === "end");
  const endsOf = (sid: string) => ends.filter((line) => line.sid === sid);
  const twice = [...new Set(ends.map((line) => line.sid))].filter((sid) => endsOf(sid).length > 1);
  expect(twice).toEqual([]);
  console.info(`crash: ${sent.length} messages, ${retriedAfterTheKill.length} retried after the kill`);
  db = await openDatabase({ kind: "postgresql", url: database.url, poolSize: 2 });
  const stored = new Map((await db.prisma.inboundMessage.findMany({ select: { externalId: true, response: true } })).map((row) => [row.externalId, row.response]));
  for (const message of sent) expect(stored.get(message.delivery.sid), message.body).toBe(message.delivery.answer);

  // The outbox: every SMS (club notices; replies of a turn that overran Twilio's deadline) sent,
  // each exactly once, each to the Twilio message it names. A message the killed process had
  // claimed waits out its lease (60 s) before the new process takes it.
  const settled = async () => db.prisma.outboxMessage.findMany({ where: { channel: "SMS" }, select: { id: true, recipient: true, status: true, lastError: true, attempts: true, providerRef: true } });
  await eventually("the outbox to finish every SMS", async () => {
    const rows = await settled();
    return rows.length > 0 && rows.every((row) => row.status === "SENT" || row.status === "FAILED");
  }, 100_000).catch(() => undefined);
  const outbox = await settled();
  expect(outbox.filter((row) => row.status !== "SENT")).toEqual([]);
  const sends = fake.sent.map((sms) => `${sms.to} ${sms.body}`);
  expect(sends.length).toBe(new Set(sends).size);
  expect(fake.sent).toHaveLength(outbox.length);
  expect(new Set(outbox.map((row) => row.providerRef))).toEqual(new Set(fake.sent.map((sms) => sms.sid)));

  // Every family is signed up once: one enrollment with one hold each, told so (in the answer or,
  // after an overrun, by SMS), and the club told once per sign-up.
  const toldSignedUp = (phone: string) =>
    sent.some((message) => message.phone === phone && message.body === "ja" && /er meldt på/.test(message.delivery.answer ?? "")) || fake.sent.some((sms) => sms.to === phone && /er meldt på/.test(sms.body));
  const conversationOf = (phone: string) => sent.filter((m) => m.phone === phone).map((m) => [m.body, m.delivery.attempts.map((a) => a.status).join(","), m.delivery.answer]);
  expect(families.filter((family) => !toldSignedUp(family.phone)).map((family) => conversationOf(family.phone))).toEqual([]);
  const enrollments = await db.sql<{ id: string; phone: string }>(
    `SELECT e.id, ci.address AS phone FROM "Enrollment" e JOIN "ChannelIdentity" ci ON ci."personId" = e."enrolledById" AND ci.channel = 'SMS'`,
  );
  expect(enrollments.map((e) => e.phone).sort()).toEqual(families.map((family) => family.phone).sort());
  const holds = await db.prisma.ledgerTransfer.groupBy({ by: ["enrollmentId"], where: { kind: "HOLD" }, _count: true });
  expect(holds.map((hold) => [hold.enrollmentId, hold._count]).sort()).toEqual(enrollments.map((e) => [e.id, 1]).sort());
  expect(fake.sent.filter((sms) => /^Ny påmelding/.test(sms.body))).toHaveLength(families.length);
  const ledger = await checkLedger(db);
  expect(ledger).toMatchObject({ ok: true, postedSum: 0n, pendingSum: 0n, mismatches: [] });
});
