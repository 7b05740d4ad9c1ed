import { describe, expect, it } from "vitest";
import { findReachedChildren } from "../../../services/outreach/find-reached-children.ts";
import { useTestDatabase } from "../../support/database.ts";
import { testClock } from "../../support/clock.ts";

const ctx = useTestDatabase();

describe("the children whose families the outreach reached (the report's reached vs not reached)", () => {
  it("lists the reached children of a period's start outreach, and says null when the period had none", async () => {
    const at = testClock().now();
    const row = (childId: string, status: "REACHED" | "NOT_REACHED", kind: "PERIOD_START" | "EXPIRING" = "PERIOD_START") => ({ kind, periodId: "period-a", childId, status, createdAt: at, updatedAt: at });
    await ctx.db.prisma.outreachMessage.createMany({ data: [row("c1", "REACHED"), row("c2", "NOT_REACHED"), row("c3", "REACHED"), row("c2", "REACHED", "EXPIRING")] });
    expect((await findReachedChildren(ctx.db, { periodId: "period-a" }))?.sort()).toEqual(["c1", "c3"]);
    expect(await findReachedChildren(ctx.db, { periodId: "period-b" })).toBeNull();
  });
});
