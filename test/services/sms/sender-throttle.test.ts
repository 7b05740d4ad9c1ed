import { describe, expect, it } from "vitest";
import { resolveChannelIdentity } from "../../../services/identity.ts";
import { allowanceOf } from "../../../services/sms/sender-throttle.ts";
import { useTestDatabase } from "../../support/database.ts";
import { testClock } from "../../support/clock.ts";

const ctx = useTestDatabase();
const THROTTLE = { limit: 3, windowSeconds: 60 };

/** One message from `phone`, counted as the SMS webhook counts it: in the statement that finds the sender. */
async function message(phone: string, now: Date) {
  const identity = await resolveChannelIdentity(ctx.db, { channel: "SMS", address: phone, now, countInbound: THROTTLE });
  return allowanceOf(identity.inboundCount!, THROTTLE);
}

describe("the per-sender throttle", () => {
  it("answers the first messages of a window, sends one notice, then stays silent until the window ends", async () => {
    const clock = testClock();
    const seen = [];
    for (let i = 0; i < 6; i += 1) {
      seen.push(await message("+4791231001", clock.now()));
      clock.advance(5_000);
    }
    expect(seen).toEqual(["answer", "answer", "answer", "notice", "silence", "silence"]);
    clock.advance(30_000); // 60 s after the window opened
    expect(await message("+4791231001", clock.now())).toBe("answer");
  });

  it("gives exactly one notice when many messages of one sender arrive at once, the first of them from a new number (counted in the database)", async () => {
    const clock = testClock();
    const results = await Promise.all(Array.from({ length: 10 }, () => message("+4791231002", clock.now())));
    expect(results.filter((result) => result === "answer")).toHaveLength(3);
    expect(results.filter((result) => result === "notice")).toHaveLength(1);
    expect(results.filter((result) => result === "silence")).toHaveLength(6);
    const rows = await ctx.db.prisma.channelIdentity.findMany({ where: { channel: "SMS", address: "+4791231002" } });
    expect(rows).toHaveLength(1);
  });

  it("counts each sender on its own, and a message not counted (STOP) leaves the window as it was", async () => {
    const clock = testClock();
    for (let i = 0; i < 5; i += 1) await message("+4791231003", clock.now());
    expect(await message("+4791231004", clock.now())).toBe("answer");
    const uncounted = await resolveChannelIdentity(ctx.db, { channel: "SMS", address: "+4791231003", now: clock.now() });
    expect(uncounted.inboundCount).toBeUndefined();
    expect(await message("+4791231003", clock.now())).toBe("silence");
  });
});
