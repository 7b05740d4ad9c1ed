import { describe, expect, it } from "vitest";
import { countInboundMessage } from "../../../services/sms/sender-throttle.ts";
import { touchSmsIdentity } from "../../../services/sms/sms-identities.ts";
import { useTestDatabase } from "../../support/database.ts";
import { testClock } from "../../support/clock.ts";

const ctx = useTestDatabase();
const THROTTLE = { limit: 3, windowSeconds: 60 };

describe("the per-sender throttle", () => {
  it("answers the first messages of a window, sends one notice, then stays silent until the window ends", async () => {
    const clock = testClock();
    const identity = await touchSmsIdentity(ctx.db, "+4791231001", clock.now());
    const count = () => countInboundMessage(ctx.db, identity.id, { ...THROTTLE, now: clock.now() });
    const seen = [];
    for (let i = 0; i < 6; i += 1) {
      seen.push(await count());
      clock.advance(5_000);
    }
    expect(seen).toEqual(["answer", "answer", "answer", "notice", "silence", "silence"]);
    clock.advance(30_000); // 60 s after the window opened
    expect(await count()).toBe("answer");
  });

  it("gives exactly one notice when many messages of one sender arrive at once (counted in the database)", async () => {
    const clock = testClock();
    const identity = await touchSmsIdentity(ctx.db, "+4791231002", clock.now());
    const results = await Promise.all(Array.from({ length: 10 }, () => countInboundMessage(ctx.db, identity.id, { ...THROTTLE, now: clock.now() })));
    expect(results.filter((result) => result === "answer")).toHaveLength(3);
    expect(results.filter((result) => result === "notice")).toHaveLength(1);
    expect(results.filter((result) => result === "silence")).toHaveLength(6);
  });

  it("counts each sender on its own", async () => {
    const clock = testClock();
    const noisy = await touchSmsIdentity(ctx.db, "+4791231003", clock.now());
    const quiet = await touchSmsIdentity(ctx.db, "+4791231004", clock.now());
    for (let i = 0; i < 5; i += 1) await countInboundMessage(ctx.db, noisy.id, { ...THROTTLE, now: clock.now() });
    expect(await countInboundMessage(ctx.db, quiet.id, { ...THROTTLE, now: clock.now() })).toBe("answer");
  });
});
