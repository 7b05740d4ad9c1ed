import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HttpRegisterListing, PopulationRegisterUnavailable, type RegisterPage } from "../../../services/registry/population-register.ts";

const BASE = "https://register.example.no/api";
const KEY = "register-api-key-0123456789";
const PATH = "/v1/municipalities/3301/persons";

const child = (ref: string, guardians: string[] = []) => ({
  registryRef: ref,
  givenName: "Ada",
  familyName: "Testesen",
  birthDate: "2015-06-09",
  district: "Konnerud",
  residentFrom: "2015-06-09",
  residentUntil: null,
  guardians,
  contactReservation: false,
});

function listing(waits: number[] = []) {
  return new HttpRegisterListing({ baseUrl: BASE, apiKey: KEY, pageSize: 2, timeoutMs: 1000, retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 5000 }, sleep: async (ms) => void waits.push(ms) });
}
const register = () => nock(BASE, { reqheaders: { authorization: `Bearer ${KEY}` } });

async function all(source: AsyncIterable<RegisterPage>): Promise<RegisterPage[]> {
  const pages: RegisterPage[] = [];
  for await (const page of source) pages.push(page);
  return pages;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe("the register's listing of a municipality's persons (GET /v1/municipalities/{number}/persons)", () => {
  it("follows the cursor page by page until there is none", async () => {
    register().get(PATH).query({ limit: "2" }).reply(200, { persons: [child("r1"), child("r2")], nextCursor: "c2" });
    register().get(PATH).query({ limit: "2", cursor: "c2" }).reply(200, { persons: [child("r3", ["r1"])], nextCursor: null });
    const pages = await all(listing().pages("3301"));
    expect(pages.map((p) => p.persons.map((person) => person.registryRef))).toEqual([["r1", "r2"], ["r3"]]);
    expect(pages[1]!.persons[0]).toEqual(child("r3", ["r1"]));
  });

  it("takes a page that fails twice (503, then no connection) on the third try, backing off", async () => {
    const waits: number[] = [];
    register().get(PATH).query(true).reply(503, "busy");
    register().get(PATH).query(true).replyWithError("socket hang up");
    register().get(PATH).query(true).reply(200, { persons: [child("r1")], nextCursor: null });
    const pages = await all(listing(waits).pages("3301"));
    expect(pages[0]!.persons).toHaveLength(1);
    expect(waits).toHaveLength(2);
    // Exponential with jitter: about 100 ms, then about 200 ms.
    expect(waits[0]).toBeGreaterThanOrEqual(75);
    expect(waits[0]).toBeLessThanOrEqual(125);
    expect(waits[1]).toBeGreaterThanOrEqual(150);
    expect(waits[1]).toBeLessThanOrEqual(250);
  });

  it("waits what a 429's Retry-After says, bounded by the longest wait", async () => {
    const waits: number[] = [];
    register().get(PATH).query(true).reply(429, "slow down", { "Retry-After": "2" });
    register().get(PATH).query(true).reply(429, "slow down", { "Retry-After": "3600" });
    register().get(PATH).query(true).reply(200, { persons: [], nextCursor: null });
    await all(listing(waits).pages("3301"));
    expect(waits).toEqual([2000, 5000]);
  });

  it("gives up after the last try, naming the page and the status", async () => {
    register().get(PATH).query(true).times(3).reply(502, "bad gateway");
    const error = await all(listing().pages("3301")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PopulationRegisterUnavailable);
    expect((error as Error).message).toBe("page 1: the register did not answer after 3 tries (last: HTTP 502)");
  });

  it("stops at once on refused credentials (no retry)", async () => {
    register().get(PATH).query(true).reply(401, {});
    const error = await all(listing().pages("3301")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PopulationRegisterUnavailable);
    expect((error as PopulationRegisterUnavailable).status).toBe(401);
  });

  it("skips malformed records and says why, naming the field but never its value", async () => {
    register()
      .get(PATH)
      .query(true)
      .reply(200, {
        persons: [child("r1"), { ...child("r2"), birthDate: "2015-02-30" }, { ...child("r3"), residentFrom: "2020-01-01", residentUntil: "2019-01-01" }, "nonsense", { ...child("r5"), givenName: "" }],
        nextCursor: null,
      });
    const [page] = await all(listing().pages("3301"));
    expect(page!.persons.map((p) => p.registryRef)).toEqual(["r1"]);
    expect(page!.skipped).toEqual([
      { registryRef: "r2", page: 1, index: 1, reason: "birthDate: must be a date YYYY-MM-DD" },
      { registryRef: "r3", page: 1, index: 2, reason: "residentUntil: residentUntil must be after residentFrom" },
      { registryRef: null, page: 1, index: 3, reason: expect.stringMatching(/^record: /) },
      { registryRef: "r5", page: 1, index: 4, reason: expect.stringMatching(/^givenName: /) },
    ]);
  });

  it("refuses a page that is not a list of persons, and a cursor that repeats", async () => {
    register().get(PATH).query(true).reply(200, { people: [] });
    await expect(all(listing().pages("3301"))).rejects.toThrow("page 1 of the register's answer is not a list of persons");
    register().get(PATH).query({ limit: "2" }).reply(200, { persons: [], nextCursor: "same" });
    register().get(PATH).query({ limit: "2", cursor: "same" }).reply(200, { persons: [], nextCursor: "same" });
    await expect(all(listing().pages("3301"))).rejects.toThrow("the register repeated a page cursor");
  });
});
