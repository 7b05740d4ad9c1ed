import { Writable } from "node:stream";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../services/logger.ts";
import { HttpPopulationRegister, PopulationRegisterUnavailable } from "../../../services/registry/population-register.ts";

const BASE = "https://register.example.no/api";
const KEY = "register-api-key-0123456789";
const PID = "01018512345";
const register = new HttpPopulationRegister({ baseUrl: BASE, apiKey: KEY, timeoutMs: 500 });
const lookup = () => nock(BASE, { reqheaders: { authorization: `Bearer ${KEY}`, "content-type": "application/json" } }).post("/v1/persons/lookup", { pid: PID });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe("the population register over HTTP (pid → the register's opaque reference)", () => {
  it("asks with the number in the body, never in the URL, and returns the reference", async () => {
    lookup().reply(200, { registryRef: "FREG-7f3a9c" });
    await expect(register.registryRefOf(PID)).resolves.toBe("FREG-7f3a9c");
  });

  it("answers null for a person the register does not have", async () => {
    lookup().reply(404, { message: "no such person" });
    await expect(register.registryRefOf(PID)).resolves.toBeNull();
  });

  it("does not ask about something that is not an 11-digit number", async () => {
    await expect(register.registryRefOf("0101851234")).resolves.toBeNull();
  });

  it.each([
    ["an error status", () => lookup().reply(500, "boom"), 500],
    ["refused credentials", () => lookup().reply(401, {}), 401],
    ["an answer of the wrong shape", () => lookup().reply(200, { ref: 42 }), 200],
    ["no connection", () => lookup().replyWithError("connect ECONNREFUSED"), undefined],
  ])("reports %s as unavailable, without the number in the error", async (_case, reply, status) => {
    reply();
    const error = await register.registryRefOf(PID).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PopulationRegisterUnavailable);
    expect((error as PopulationRegisterUnavailable).status).toBe(status);
    expect(JSON.stringify({ message: (error as Error).message, stack: (error as Error).stack })).not.toContain(PID);
  });
});

describe("the logger and the national identity number", () => {
  it("censors a pid field and masks the number in a message", () => {
    const lines: string[] = [];
    const logger = createLogger("info", new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    logger.info({ pid: PID, claims: { pid: PID } }, `login of ${PID}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(PID);
    expect(JSON.parse(lines[0]!)).toMatchObject({ pid: "[redacted]", claims: { pid: "[redacted]" }, msg: "login of [redacted-number]" });
  });
});
