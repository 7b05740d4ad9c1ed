import type { Database, PrismaClient, Tx } from "./database.ts";

/**
 * Where one raw statement runs: a Database (alone, straight on the driver — the fast path) or the
 * caller's Prisma interactive transaction (it commits with the caller's other changes). Use cases
 * on the hot path take either, so a read can run on its own or inside a write's transaction.
 */
export type Queryable = Database | Tx;

export function isDatabase(db: Queryable): db is Database {
  return "rawTransaction" in db;
}

export function prismaOf(db: Queryable): PrismaClient | Tx {
  return isDatabase(db) ? db.prisma : db;
}

/**
 * One statement with $1… parameters, on the driver or in the transaction. Cast what you read to
 * plain types in SQL (`::int` for counts, `::text` for dates): the two paths return bigints and
 * dates differently.
 */
export async function queryRows<Row>(db: Queryable, text: string, params: unknown[] = []): Promise<Row[]> {
  return isDatabase(db) ? db.sql<Row>(text, params) : db.$queryRawUnsafe<Row[]>(text, ...params);
}
