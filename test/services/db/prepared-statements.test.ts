import { describe, expect, it } from "vitest";
import { MAX_PREPARED_STATEMENTS } from "../../../services/db/database.ts";
import { useTestDatabase } from "../../support/database.ts";

// PostgreSQL only: PGlite has one connection and no named statements in its API.
describe.runIf(process.env.TEST_DATABASE_URL)("raw statements on PostgreSQL", () => {
  const ctx = useTestDatabase({ poolSize: 1 });
  const prepared = async () =>
    (await ctx.db.sql<{ statement: string }>(`SELECT statement FROM pg_prepared_statements WHERE NOT from_sql`)).map((row) => row.statement);

  it("are prepared once per connection and then only executed, with their parameters each time", async () => {
    const text = `SELECT $1::int + 1 AS next`;
    expect(await ctx.db.sql(text, [1])).toEqual([{ next: 2 }]);
    expect(await ctx.db.sql(text, [41])).toEqual([{ next: 42 }]);
    expect((await prepared()).filter((statement) => statement === text)).toHaveLength(1);
  });

  it(`name no more than ${MAX_PREPARED_STATEMENTS} texts: one built at run time cannot grow what a connection holds`, async () => {
    for (let i = 0; i < MAX_PREPARED_STATEMENTS + 10; i++) expect(await ctx.db.sql(`SELECT ${i}::int AS n`)).toEqual([{ n: i }]);
    expect((await prepared()).length).toBeLessThanOrEqual(MAX_PREPARED_STATEMENTS);
  });
});
