import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_NAMES } from "../../services/jobs/job-names.ts";
import { deliverOnce, eventually, freePort, inboundForm, messagesOf, ownDatabase, sleep, startFakeTwilio, startServer, tempDir, turnLines, type ServerProcess } from "./support/harness.ts";
import { demoFamilies, signUp } from "./support/families.ts";

/**
 * Two server processes on one PostgreSQL database, requests round-robin between them (as behind a
 * load balancer): conversations, dedupe, outbox leases, rate limits and the job calendar are
 * shared through the database, not the process.
 */
const FAMILIES = 6;
const SENDER_LIMIT = 5;
let database: Awaited<ReturnType<typeof ownDatabase>>;
let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
let servers: ServerProcess[] = [];
let startedBothAt = 0;
const dir = tempDir();
const turnLog = path.join(dir, "turns.log");
let next = 0;
const roundRobin = () => servers[next++ % servers.length]!.url;

beforeAll(async () => {
  database = await ownDatabase("two");
  fake = await startFakeTwilio();
  // One job on a schedule both instances reach at once (the top of every hour, caught up on their
  // first tick 30 s after start); the rest of the calendar off.
  const schedules = JOB_NAMES.map((job) => `${job}=${job === "retention" ? "0 0 * * * *" : "off"}`).join(";");
  const env = { FAKE_TWILIO_URL: fake.url, TURN_LOG: turnLog, JOBS_ENABLED: "true", JOB_SCHEDULES: schedules, LOG_LEVEL: "debug", SMS_SENDER_MAX_MESSAGES: String(SENDER_LIMIT), SMS_SENDER_WINDOW_SECONDS: "600" };
  const first = startServer({ port: await freePort(), databaseUrl: database.url, dir, name: "one", env });
  await first.ready(); // the first migrates and seeds; the second finds it done
  const second = startServer({ port: await freePort(), databaseUrl: database.url, dir, name: "two", env });
  await second.ready();
  startedBothAt = performance.now();
  servers = [first, second];
  // Each trains its NLU on its first message.
  const [family] = await demoFamilies(database.query, 1, 40);
  for (const server of servers) await deliverOnce(server.url, inboundForm(family!.phone, "hei"), 60_000);
});

afterAll(async () => {
  for (const server of servers) await server.stop().catch(() => undefined);
  await fake?.close();
  await database?.drop();
});

describe("two processes behind a round-robin", () => {
  it("carries sign-ups across both (each step on the other process), and the outbox sends each notice once", async () => {
    const families = await demoFamilies(database.query, FAMILIES);
    const sent = (await Promise.all(families.map((family) => signUp(family, roundRobin)))).flat();
    expect(sent.filter((message) => message.delivery.answer === undefined)).toEqual([]);
    const toldSignedUp = (phone: string) =>
      sent.some((message) => message.phone === phone && message.body === "ja" && /er meldt på/.test(message.delivery.answer ?? "")) || fake.sent.some((sms) => sms.to === phone && /er meldt på/.test(sms.body));
    expect(families.filter((family) => !toldSignedUp(family.phone))).toEqual([]);
    const enrolled = await database.query<{ phone: string }>(`SELECT ci.address AS phone FROM "Enrollment" e JOIN "ChannelIdentity" ci ON ci."personId" = e."enrolledById" AND ci.channel = 'SMS'`);
    expect(enrolled.map((row) => row.phone).sort()).toEqual(families.map((family) => family.phone).sort());

    // Both outbox workers poll the same table: each SMS leased by one, sent once.
    const outbox = await eventually("both outbox workers to finish", async () => {
      const rows = await database.query<{ status: string; providerRef: string | null }>(`SELECT status, "providerRef" FROM "OutboxMessage" WHERE channel = 'SMS'`);
      return rows.length >= FAMILIES && rows.every((row) => row.status === "SENT") && rows;
    });
    const sends = fake.sent.map((sms) => `${sms.to} ${sms.body}`);
    expect(sends).toHaveLength(new Set(sends).size);
    expect(fake.sent).toHaveLength(outbox.length);
    expect(fake.sent.filter((sms) => /^Ny påmelding/.test(sms.body))).toHaveLength(FAMILIES);
    expect(new Set(outbox.map((row) => row.providerRef))).toEqual(new Set(fake.sent.map((sms) => sms.sid)));
  });

  it("runs one turn for one MessageSid delivered to both at once, and both answer with it", async () => {
    const [family] = await demoFamilies(database.query, 1, 20);
    const form = inboundForm(family!.phone, "hva dekker kortet?");
    const [a, b] = await Promise.all(servers.map((server) => deliverOnce(server.url, form, 30_000)));
    // One answers now; the other waits for that answer (or says 503 so Twilio retries).
    const answers = [a!, b!].filter((answer) => answer.status === 200);
    expect(answers.length).toBeGreaterThan(0);
    expect([a!, b!].every((answer) => answer.status === 200 || answer.status === 503)).toBe(true);
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    expect(messagesOf(answers[0]!.text).length).toBeGreaterThan(0);
    expect(turnLines(turnLog).filter((line) => line.sid === form.MessageSid && line.phase === "start")).toHaveLength(1);
  });

  it("counts a sender's messages against one limit, whichever process receives them", async () => {
    const [family] = await demoFamilies(database.query, 1, 30);
    for (let i = 0; i < SENDER_LIMIT; i += 1) {
      const answer = await deliverOnce(roundRobin(), inboundForm(family!.phone, `hei ${i}`), 30_000);
      expect(messagesOf(answer.text).length).toBeGreaterThan(0);
    }
    const notice = await deliverOnce(roundRobin(), inboundForm(family!.phone, "hei igjen"), 30_000);
    expect(messagesOf(notice.text)).toEqual(["Du har sendt mange meldinger på kort tid. Vi svarer igjen om noen minutter."]);
    const quiet = await deliverOnce(roundRobin(), inboundForm(family!.phone, "hallo?"), 30_000);
    expect(messagesOf(quiet.text)).toEqual([]);
  });

  it("runs a job's slot once, though both processes' calendars reach it", async () => {
    // Each calendar first looks 30 s after its process started.
    const wait = 35_000 - (performance.now() - startedBothAt);
    if (wait > 0) await sleep(wait);
    const runs = await eventually("the retention job's slot to be claimed", async () => {
      const rows = await database.query<{ slot: Date; instance: string }>(`SELECT slot, instance FROM "JobRun" WHERE job = 'retention'`);
      return rows.length > 0 && rows;
    });
    expect(runs).toHaveLength(1);
    const ran = servers.flatMap((server) => server.logLines().filter((line) => line.msg === "job ran" && line.job === "retention"));
    expect(ran).toHaveLength(1);
  });
});
