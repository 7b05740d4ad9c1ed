import { describe, expect, it } from "vitest";
import { suppressCount, suppressRows, type RawRow } from "../../../services/reports/suppression.ts";

const row = (key: string, eligible: number, users: number): RawRow => ({ key, label: key, eligible, users, allocatedOre: eligible * 100_000, usedOre: users * 40_000, expiredOre: (eligible - users) * 100_000 });
const shown = (rows: RawRow[], additive: ("eligible" | "users")[] = ["eligible", "users"]) => suppressRows(rows, { additive }).map((r) => [r.key, r.eligible, r.users]);

describe("small-cell suppression", () => {
  it("hides 1-4 children, shows 0, and hides a users count whose complement is under 5", () => {
    expect(shown([row("a", 3, 0)], [])).toEqual([["a", null, null]]);
    expect(shown([row("a", 0, 0)], [])).toEqual([["a", 0, 0]]);
    expect(shown([row("a", 20, 2)], [])).toEqual([["a", 20, null]]);
    expect(shown([row("a", 20, 17)], [])).toEqual([["a", 20, null]]);
    expect(shown([row("a", 20, 20)], [])).toEqual([["a", 20, null]]);
    expect(shown([row("a", 20, 15)], [])).toEqual([["a", 20, 15]]);
    expect([suppressCount(0), suppressCount(4), suppressCount(5)]).toEqual([0, null, 5]);
  });

  it("a lone suppressed cell in an additive column takes the smallest other cell with it", () => {
    // b (3 children) is hidden; with the total shown, a = total − c − b would reveal it, so the smallest other (c) goes too.
    expect(shown([row("a", 40, 20), row("b", 3, 0), row("c", 8, 0), row("d", 12, 6)])).toEqual([
      ["a", 40, 20],
      ["b", null, null],
      ["c", null, null],
      ["d", 12, 6],
    ]);
  });

  it("two suppressed cells in a column are enough; the secondary rule repeats until no cell stands alone", () => {
    expect(shown([row("a", 40, 20), row("b", 3, 0), row("c", 2, 0)])).toEqual([["a", 40, 20], ["b", null, null], ["c", null, null]]);
    // Only the users of b are hidden (complement under 5): users of the smallest other row (c) go too.
    expect(shown([row("a", 40, 20), row("b", 10, 8), row("c", 9, 0)])).toEqual([["a", 40, 20], ["b", 10, null], ["c", 9, null]]);
  });

  it("hidden cells that add up to a small count take another cell with them", () => {
    // b and c are hidden, but together they are 4 children (total − a − d): d goes too.
    expect(shown([row("a", 40, 20), row("b", 3, 0), row("c", 1, 0), row("d", 12, 6)], ["eligible"])).toEqual([
      ["a", 40, 20],
      ["b", null, null],
      ["c", null, null],
      ["d", null, null],
    ]);
  });

  it("money and shares follow the counts they are about", () => {
    const [a, b] = suppressRows([row("a", 10, 8), row("b", 10, 5)], { additive: [] });
    expect(a).toMatchObject({ eligible: 10, allocatedOre: 1_000_000, users: null, share: null, usedOre: null, expiredOre: null });
    expect(b).toMatchObject({ eligible: 10, users: 5, share: 0.5, usedOre: 200_000, expiredOre: 500_000 });
  });
});
