import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoOnce } from "../../../prisma/seed/index.ts";
import { UsageError } from "../../../scripts/admin/command.ts";
import { commands } from "../../../scripts/admin/commands/registry.ts";
import { loadConfig } from "../../../services/config.ts";
import type { Database } from "../../../services/db/database.ts";
import { allocatePeriod } from "../../../services/ledger/allocate.ts";
import { configureMunicipality } from "../../../services/municipality.ts";
import { parsePeriodCode } from "../../../services/periods.ts";
import { TEST_DAY, testClock } from "../../support/clock.ts";
import { openTestDatabase } from "../../support/database.ts";
import { adminContext } from "./registry-report-context.ts";

const sync = commands.find((c) => c.path.join(" ") === "registry sync")!;
const clock = testClock();
const BASE = "https://register.example.no/api";
const KEY = "register-api-key-0123456789";

let demo: { db: Database; municipalityId: string };
let plain: { db: Database; municipalityId: string };

beforeAll(async () => {
  const config = loadConfig({});
  demo = { db: await openTestDatabase(), municipalityId: "" };
  demo.municipalityId = (await configureMunicipality(demo.db, config.scheme, clock.now())).municipality.id;
  await seedDemoOnce(demo.db, demo.municipalityId, TEST_DAY);
  plain = { db: await openTestDatabase(), municipalityId: "" };
  plain.municipalityId = (await configureMunicipality(plain.db, { ...config.scheme, municipalityNumber: "4601", municipalityName: "Bergen" }, clock.now())).municipality.id;
  await plain.db.prisma.district.create({ data: { municipalityId: plain.municipalityId, name: "Årstad", aliases: ["årstad", "arstad"] } });
  nock.disableNetConnect();
}, 180_000);

afterAll(async () => {
  nock.enableNetConnect();
  await demo.db.close();
  await plain.db.close();
});

describe("npm run admin -- registry sync", () => {
  it("on the demo, reads the bundled register: the move-ins, the move-out and the reservation, nothing else", async () => {
    const ctx = adminContext(demo.db, demo.municipalityId, clock, loadConfig({}));
    await sync.run([], ctx);
    const out = ctx.out.lines.join("\n");
    expect(out).toContain("reading the bundled demo register");
    expect(out).toMatch(/persons: 4 new, (\d+) updated, \d+ unchanged; moved in 4, moved out (\d+); contact reservations changed (\d+)/);
    const [, updated, movedOut, reserved] = /(\d+) updated, \d+ unchanged; moved in 4, moved out (\d+); contact reservations changed (\d+)/.exec(out)!.map(Number);
    // Nothing unexpected: every update is a member of the family that moved away or of the reserved family.
    expect(movedOut).toBeGreaterThan(0);
    expect(reserved).toBeGreaterThan(0);
    expect(updated).toBe(movedOut! + reserved!);
    expect(out).toContain("guardianships: 4 added, 0 removed");
    expect(ctx.out.bars).toHaveLength(1);
    expect(ctx.out.bars[0]!.ticked).toBe(ctx.out.bars[0]!.total);

    // The two children who moved in are eligible now: allocating the period again credits exactly them.
    const scheme = loadConfig({}).scheme;
    const allocation = await allocatePeriod(demo.db, { municipalityId: demo.municipalityId, period: parsePeriodCode("2026-autumn", scheme), scheme, today: TEST_DAY, now: clock.now() });
    expect(allocation.allocated).toBe(2);

    const again = adminContext(demo.db, demo.municipalityId, clock, loadConfig({}));
    await sync.run([], again);
    expect(again.out.lines).toContain("no changes: the database already agrees with the register");
    expect(again.out.bars[0]!.summary).toBe("no changes");
  }, 120_000);

  it("with a register configured, pages through its API and survives a page that fails twice", async () => {
    const config = loadConfig({ POPULATION_REGISTER_URL: BASE, POPULATION_REGISTER_API_KEY: KEY });
    const api = () => nock(BASE, { reqheaders: { authorization: `Bearer ${KEY}` } }).get("/v1/municipalities/4601/persons");
    const kid = { registryRef: "bg-c1", givenName: "Ola", familyName: "Nordmann", birthDate: "2016-03-03", district: "Årstad", residentFrom: "2016-03-03", guardians: ["bg-g1"], contactReservation: false };
    api().query({ limit: "1" }).reply(200, { persons: [{ ...kid, registryRef: "bg-g1", birthDate: "1980-01-01", guardians: [] }], nextCursor: "p2" });
    api().query({ limit: "1", cursor: "p2" }).reply(503);
    api().query({ limit: "1", cursor: "p2" }).reply(429, "", { "Retry-After": "0" });
    api().query({ limit: "1", cursor: "p2" }).reply(200, { persons: [kid], nextCursor: "p3" });
    api().query({ limit: "1", cursor: "p3" }).reply(200, { persons: [{ registryRef: "bg-bad", birthDate: "31.12.2015" }], nextCursor: null });
    const ctx = adminContext(plain.db, plain.municipalityId, clock, config);
    await sync.run(["--page-size", "1"], ctx);
    expect(nock.pendingMocks()).toEqual([]);
    expect(ctx.out.lines).toEqual(
      expect.arrayContaining([
        "reading register.example.no…",
        expect.stringMatching(/^page 2: HTTP 503 \(try 1\); trying again in \d\.\d s$/),
        "page 2: HTTP 429 (try 2); trying again in 0.0 s",
        "page 3: 0 persons, 1 unreadable",
        "persons: 2 new, 0 updated, 0 unchanged; moved in 2, moved out 0; contact reservations changed 0",
        "guardianships: 1 added, 0 removed",
        "1 records skipped:",
        expect.stringMatching(/^ {2}page 3 #0 \(bg-bad\): givenName: /),
      ]),
    );
  }, 60_000);

  it("refuses bad input and a database with no register, changing nothing", async () => {
    const ctx = adminContext(plain.db, plain.municipalityId, clock, loadConfig({}));
    await expect(sync.run(["--page-size", "0"], ctx)).rejects.toThrow(UsageError);
    await expect(sync.run(["extra"], ctx)).rejects.toThrow(UsageError);
    await expect(sync.run([], ctx)).rejects.toThrow(/no population register is configured: set POPULATION_REGISTER_URL/);
  });
});
