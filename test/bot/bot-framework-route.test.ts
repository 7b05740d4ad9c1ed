import { afterEach, describe, expect, it, vi } from "vitest";
import { useApp } from "./channels/support/app.ts";

// Authentication on, as in production: an app id and password.
const ctx = useApp({ MICROSOFT_APP_ID: "00000000-0000-0000-0000-00000000b07f", MICROSOFT_APP_PASSWORD: "not-a-real-password", MICROSOFT_APP_TYPE: "MultiTenant" });

afterEach(() => vi.restoreAllMocks());

const activity = { type: "message", id: "m1", text: "hei", channelId: "msteams", serviceUrl: "https://smba.trafficmanager.net/emea/", conversation: { id: "c1" }, from: { id: "29:x" }, recipient: { id: "28:bot" } };

describe("POST /api/messages with authentication on", () => {
  it.each([
    ["no Authorization header", {}],
    ["a forged token", { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln" }],
  ])("refuses %s with 401, logged through the service's logger: nothing on the console", async (_what, headers) => {
    const consoleError = vi.spyOn(console, "error");
    const consoleWarn = vi.spyOn(console, "warn");
    const response = await fetch(`${ctx.app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(activity) });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "UNAUTHORIZED", message: "the request's Bot Framework authentication is missing or invalid" });
    expect(consoleError).not.toHaveBeenCalled();
    expect(consoleWarn).not.toHaveBeenCalled();
  });

  it("refuses a body that is no activity with 400, and the emulator outside development with 403", async () => {
    const bad = await fetch(`${ctx.app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "no type" }) });
    expect(bad.status).toBe(400);
    await ctx.restart(undefined, (config) => ({ ...config, env: "production" }));
    const emulator = await fetch(`${ctx.app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...activity, channelId: "emulator" }) });
    expect(emulator.status).toBe(403);
  });
});
