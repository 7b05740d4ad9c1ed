/**
 * Small-cell suppression for the evaluation report (docs/reports.md has the rule in prose).
 *
 * Primary: a count of 1 to MIN_CELL − 1 children is not shown (a zero is: it tells nothing of
 * anyone), and neither is a count of users whose complement in the row (eligible − users: the
 * children who did not use the card) is under MIN_CELL — "all but 3 used it" tells as much about
 * those 3 as "3 used it", and "all used it" tells it about every one.
 * Linked cells: a row's money and share follow its counts — allocated money is shown only with the
 * eligible count, money used and expired and the share only with the users count (money used by
 * fewer than five children is their spending).
 * Secondary: in a breakdown whose rows add up to a total that is shown, subtraction gives away the
 * sum of a column's suppressed cells. So while a column has exactly one suppressed cell, or its
 * suppressed cells add up to 1–4 children (or, for users, leave 1–4 non-users among their rows),
 * the smallest other cell of that column is suppressed too.
 */
export const MIN_CELL = 5;

export interface RawRow {
  key: string;
  label: string;
  eligible: number;
  users: number;
  allocatedOre: number;
  usedOre: number;
  expiredOre: number;
}

/** A row as published: null is a suppressed cell. */
export interface ShownRow {
  key: string;
  label: string;
  eligible: number | null;
  users: number | null;
  /** users / eligible, 0..1. */
  share: number | null;
  allocatedOre: number | null;
  usedOre: number | null;
  expiredOre: number | null;
}

export type CountColumn = "eligible" | "users";

export interface SuppressOptions {
  /** Columns whose rows add up to the shown total: these get secondary suppression. */
  additive: CountColumn[];
  /** Suppress the eligible column's primary rule (a breakdown where every row's "eligible" is the same total). */
  eligibleIsTotal?: boolean;
}

export function suppressRows(rows: RawRow[], options: SuppressOptions): ShownRow[] {
  const hidden = rows.map((row) => ({
    eligible: !options.eligibleIsTotal && small(row.eligible),
    users: small(row.users) || (row.eligible > 0 && row.eligible - row.users < MIN_CELL),
  }));
  for (let changed = true; changed; ) {
    changed = false;
    for (const h of hidden) {
      if (h.eligible && !h.users) {
        h.users = true;
        changed = true;
      }
    }
    for (const column of options.additive) {
      // Subtraction from the total reveals the hidden cells' sum: it must not be a single cell, nor a small count.
      const hiddenRows = rows.filter((_, i) => hidden[i]![column]);
      const sum = hiddenRows.reduce((total, row) => total + row[column], 0);
      const sumOfEligible = hiddenRows.reduce((total, row) => total + row.eligible, 0);
      const revealing = hiddenRows.length === 1 || small(sum) || (column === "users" && sumOfEligible > 0 && sumOfEligible - sum < MIN_CELL);
      if (!revealing) continue;
      let smallest = -1;
      rows.forEach((row, i) => {
        if (!hidden[i]![column] && (smallest < 0 || row[column] < rows[smallest]![column])) smallest = i;
      });
      if (smallest >= 0) {
        hidden[smallest]![column] = true;
        changed = true;
      }
    }
  }
  return rows.map((row, i) => {
    const h = hidden[i]!;
    const showUsers = !h.users && !h.eligible;
    return {
      key: row.key,
      label: row.label,
      eligible: h.eligible ? null : row.eligible,
      users: showUsers ? row.users : null,
      share: showUsers && row.eligible > 0 ? row.users / row.eligible : null,
      allocatedOre: h.eligible ? null : row.allocatedOre,
      usedOre: showUsers ? row.usedOre : null,
      expiredOre: showUsers ? row.expiredOre : null,
    };
  });
}

/** A single count of children (a week's sign-ups): shown only from MIN_CELL. */
export function suppressCount(n: number): number | null {
  return small(n) ? null : n;
}

function small(n: number): boolean {
  return n > 0 && n < MIN_CELL;
}
