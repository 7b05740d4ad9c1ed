import { describe, expect, it } from "vitest";
import { claimInbound, completeInbound, heartbeatInbound, releaseInbound, type ClaimOptions } from "../../../services/sms/inbound-messages.ts";
import { useTestDatabase } from "../../support/database.ts";
import { newMessageSid } from "../../support/twilio-api.ts";
import { testClock } from "../../support/clock.ts";

const ctx = useTestDatabase();
const SENDER = "+4791230001";
const STALE_AFTER_MS = 6_000;

/** One server process's view: its owner name and the shared clock. */
function processNamed(owner: string, clock = testClock()) {
  const options = (sender = SENDER): ClaimOptions => ({ sender, owner, now: clock.now(), staleAfterMs: STALE_AFTER_MS });
  return {
    clock,
    claim: (sid: string, sender?: string) => claimInbound(ctx.db, "SMS", sid, options(sender)),
    beat: (sid: string) => heartbeatInbound(ctx.db, "SMS", sid, { owner, now: clock.now() }),
    complete: (sid: string, response: string) => completeInbound(ctx.db, "SMS", sid, { owner, response, now: clock.now() }),
    release: (sid: string) => releaseInbound(ctx.db, "SMS", sid, { owner }),
  };
}

describe("claims on inbound messages", () => {
  it("runs the first delivery, replays its reply to the same sender, refuses it to another", async () => {
    const a = processNamed("host-a:1");
    const sid = newMessageSid();
    expect(await a.claim(sid)).toEqual({ kind: "run" });
    expect(await a.claim(sid, "+4791230999")).toEqual({ kind: "other-sender" });
    expect(await a.complete(sid, "<Response/>")).toBe(true);
    expect(await a.claim(sid)).toEqual({ kind: "replay", response: "<Response/>" });
    expect(await a.claim(sid, "+4791230999")).toEqual({ kind: "other-sender" });
  });

  it("leaves a claim whose owner keeps beating alone, and takes over one whose owner stopped", async () => {
    const clock = testClock();
    const dying = processNamed("host-a:1", clock);
    const retry = processNamed("host-b:2", clock);
    const sid = newMessageSid();
    await dying.claim(sid);
    clock.advance(4_000);
    expect(await dying.beat(sid)).toBe(true);
    clock.advance(4_000); // 8 s after the claim, 4 s after the last beat: alive
    expect(await retry.claim(sid)).toEqual({ kind: "in-progress" });
    clock.advance(2_500); // 6.5 s without a beat: the owner died
    expect(await retry.claim(sid)).toEqual({ kind: "run" });
    expect(await ctx.db.prisma.inboundMessage.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: sid } } })).toMatchObject({ owner: "host-b:2", sender: SENDER });

    // The old owner, should it wake up, can neither beat, nor answer, nor release the new owner's claim.
    expect(await dying.beat(sid)).toBe(false);
    expect(await dying.complete(sid, "<Response><Message>stale</Message></Response>")).toBe(false);
    await dying.release(sid);
    expect(await retry.complete(sid, "<Response/>")).toBe(true);
    expect(await dying.claim(sid)).toEqual({ kind: "replay", response: "<Response/>" });
  });

  it("lets exactly one of several deliveries take over a stale claim", async () => {
    const clock = testClock();
    const sid = newMessageSid();
    await processNamed("dead:1", clock).claim(sid);
    clock.advance(STALE_AFTER_MS + 1);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => processNamed(`retry:${i}`, clock).claim(sid)));
    expect(results.filter((result) => result.kind === "run")).toHaveLength(1);
    expect(results.filter((result) => result.kind === "in-progress")).toHaveLength(5);
  });

  it("never lets another sender take over a stale claim", async () => {
    const clock = testClock();
    const sid = newMessageSid();
    await processNamed("dead:1", clock).claim(sid);
    clock.advance(60_000);
    expect(await processNamed("host-b:2", clock).claim(sid, "+4791230999")).toEqual({ kind: "other-sender" });
  });

  it("lets a retry run a turn whose claim was released after a failure", async () => {
    const a = processNamed("host-a:1");
    const sid = newMessageSid();
    await a.claim(sid);
    await a.release(sid);
    expect(await processNamed("host-b:2").claim(sid)).toEqual({ kind: "run" });
  });
});
