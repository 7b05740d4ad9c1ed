import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../services/db/database.ts";
import { migrate } from "../../../services/db/migrate.ts";
import { accountIds, balanceOf, ensureCardAccounts, ensureMunicipalityAccounts, ensureProviderAccount } from "../../../services/ledger/accounts.ts";
import { checkLedger } from "../../../services/ledger/invariants.ts";
import { hold, resolveHold, transfer } from "../../../services/ledger/transfers.ts";
import { createTestDatabaseTarget } from "../../support/database.ts";
import { createMunicipality, createPerson, createProvider } from "../../support/fixtures.ts";

const COUNT = 400;
/** The stream runs on a fixed day (one clock: no test reads the wall clock). */
const STREAM_NOW = new Date("2026-09-15T12:00:00Z");
let target: Awaited<ReturnType<typeof createTestDatabaseTarget>>;
let ids: { municipality: string; card: string; provider: string; period: string };

async function withDb<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(target.target);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  target = await createTestDatabaseTarget();
  ids = await withDb(async (db) => {
    await migrate(db);
    const municipality = (await createMunicipality(db.prisma)).id;
    await ensureMunicipalityAccounts(db.prisma, municipality);
    const provider = await ensureProviderAccount(db.prisma, municipality, (await createProvider(db.prisma, municipality)).id);
    const period = (await db.prisma.period.create({ data: { municipalityId: municipality, code: "2026-autumn", year: 2026, half: "AUTUMN", startsOn: new Date("2026-08-01"), endsOn: new Date("2026-12-31"), amountOre: 100_000 } })).id;
    const child = await createPerson(db.prisma, municipality, { birthDate: "2014-01-01" });
    await ensureCardAccounts(db.prisma, municipality, period, [child.id]);
    const card = accountIds.card(period, child.id);
    await transfer(db, { id: "crash-alloc", municipalityId: municipality, kind: "ALLOCATION", debitAccountId: accountIds.fund(municipality), creditAccountId: card, amountOre: 100_000, periodId: period, now: STREAM_NOW, audit: { actorId: null } });
    return { municipality, card, provider, period };
  });
}, 120_000);

afterAll(async () => target?.dispose());

describe("a process killed with SIGKILL in the middle of a stream of holds", () => {
  it("leaves every transfer complete or absent, and a retry with the same ids completes the rest exactly once", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/hold-stream.ts"], {
      env: {
        ...process.env,
        STREAM_DATABASE: JSON.stringify(target.target),
        STREAM_MUNICIPALITY: ids.municipality,
        STREAM_CARD: ids.card,
        STREAM_PROVIDER: ids.provider,
        STREAM_PERIOD: ids.period,
        STREAM_COUNT: String(COUNT),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let done = -1;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        const last = chunk.toString().trim().split("\n").at(-1)!;
        done = Number(last.split(" ")[1]);
        if (done >= COUNT / 4 && child.exitCode === null && !child.killed) child.kill("SIGKILL");
      });
      child.on("exit", (code, signal) => (signal === "SIGKILL" ? resolve() : reject(new Error(`stream ended by itself (${code}) before it was killed`))));
    });
    expect(done).toBeGreaterThanOrEqual(COUNT / 4);
    expect(done).toBeLessThan(COUNT - 1);

    await withDb(async (db) => {
      // Complete or absent: every transfer has its audit row, and every balance equals its transfers.
      const check = await checkLedger(db, ids.municipality);
      expect(check).toMatchObject({ ok: true, mismatches: [], overdrawnCards: [] });
      const transfers = await db.prisma.ledgerTransfer.findMany({ where: { id: { startsWith: "crash-" } }, select: { id: true } });
      const audited = await db.prisma.auditLog.count({ where: { entityId: { in: transfers.map((t) => t.id) } } });
      expect(audited).toBe(transfers.length);
      const holdsBefore = transfers.filter((t) => t.id.startsWith("crash-hold-")).length;
      expect(holdsBefore).toBeGreaterThan(done); // everything reported done is there
      expect(holdsBefore).toBeLessThan(COUNT);

      // The client retries the whole stream with the same ids.
      const later = new Date("2100-01-01T00:00:00Z");
      for (let i = 0; i < COUNT; i++) {
        await hold(db, { id: `crash-hold-${i}`, municipalityId: ids.municipality, cardAccountId: ids.card, providerAccountId: ids.provider, maxOre: 100, timeoutAt: later, enrollmentId: `crash-e-${i}`, periodId: ids.period, now: STREAM_NOW, audit: { actorId: null } });
        if (i % 2 === 0) await resolveHold(db, { id: `crash-post-${i}`, holdId: `crash-hold-${i}`, kind: "POST", now: STREAM_NOW, audit: { actorId: null } });
      }
      expect(await db.prisma.ledgerTransfer.count({ where: { id: { startsWith: "crash-hold-" } } })).toBe(COUNT);
      expect(await db.prisma.ledgerTransfer.count({ where: { id: { startsWith: "crash-post-" } } })).toBe(COUNT / 2);
      expect(await balanceOf(db.prisma, ids.card)).toMatchObject({ postedOre: 100_000 - (COUNT / 2) * 100, pendingDebitsOre: (COUNT / 2) * 100 });
      expect((await checkLedger(db, ids.municipality)).ok).toBe(true);
    });
  }, 180_000);
});
