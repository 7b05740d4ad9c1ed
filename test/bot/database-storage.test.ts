import { ConversationState, TestAdapter, TurnContext, type Activity } from "botbuilder";
import { describe, expect, it } from "vitest";
import { DatabaseStorage } from "../../bot/database-storage.ts";
import { useTestDatabase } from "../support/database.ts";
import { testClock } from "../support/clock.ts";

const ctx = useTestDatabase();
const clock = testClock();

describe("DatabaseStorage (bot state in the database)", () => {
  it("reads back what was written, with an eTag", async () => {
    const storage = new DatabaseStorage(ctx.db, clock);
    await storage.write({ "conv/1": { step: "choose-child", children: ["a", "b"] } });
    const items = await storage.read(["conv/1", "conv/never-written"]);
    expect(items["conv/1"]).toMatchObject({ step: "choose-child", children: ["a", "b"], eTag: expect.any(String) });
    expect(items).not.toHaveProperty("conv/never-written");
  });

  it("two writers with the same eTag: the first wins, the second gets a conflict and nothing is lost", async () => {
    // Two server processes sharing one database: two storages, one table.
    const processA = new DatabaseStorage(ctx.db, clock);
    const processB = new DatabaseStorage(ctx.db, clock);
    await processA.write({ "conv/2": { turn: 0 } });
    const seenByA = (await processA.read(["conv/2"]))["conv/2"]!;
    const seenByB = (await processB.read(["conv/2"]))["conv/2"]!;
    expect(seenByA.eTag).toBe(seenByB.eTag);

    await processA.write({ "conv/2": { ...seenByA, turn: 1, by: "A" } });
    await expect(processB.write({ "conv/2": { ...seenByB, turn: 1, by: "B" } })).rejects.toThrow(/eTag conflict/);
    expect((await processB.read(["conv/2"]))["conv/2"]).toMatchObject({ turn: 1, by: "A" });
  });

  it("of many concurrent writers holding the same eTag, exactly one succeeds", async () => {
    const storage = new DatabaseStorage(ctx.db, clock);
    await storage.write({ "conv/3": { n: 0 } });
    const seen = (await storage.read(["conv/3"]))["conv/3"]!;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => new DatabaseStorage(ctx.db, clock).write({ "conv/3": { ...seen, n: i + 1 } })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
  });

  it("'*' or no eTag overwrites; delete removes", async () => {
    const storage = new DatabaseStorage(ctx.db, clock);
    await storage.write({ "conv/4": { v: 1 } });
    await storage.write({ "conv/4": { v: 2, eTag: "*" } });
    await storage.write({ "conv/4": { v: 3 } });
    expect((await storage.read(["conv/4"]))["conv/4"]).toMatchObject({ v: 3 });
    await storage.delete(["conv/4"]);
    expect(await storage.read(["conv/4"])).toEqual({});
  });

  it("botbuilder's ConversationState keeps a turn's state across storage instances", async () => {
    const activity = { type: "message", text: "hei", channelId: "test", conversation: { id: "c-5" }, from: { id: "u" }, recipient: { id: "bot" } } as Partial<Activity>;
    const counter = async (storage: DatabaseStorage) => {
      const state = new ConversationState(storage);
      const accessor = state.createProperty<number>("turns");
      const context = new TurnContext(new TestAdapter(), activity);
      await state.load(context);
      await accessor.set(context, ((await accessor.get(context)) ?? 0) + 1);
      await state.saveChanges(context);
      return accessor.get(context);
    };
    expect(await counter(new DatabaseStorage(ctx.db, clock))).toBe(1);
    expect(await counter(new DatabaseStorage(ctx.db, clock))).toBe(2);
  });
});
