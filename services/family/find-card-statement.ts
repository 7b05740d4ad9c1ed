import type { SchemeConfig } from "../config.ts";
import type { Database } from "../db/database.ts";
import type { IsoDate } from "../dates.ts";
import { cardStatements, type CardStatement } from "../ledger/statement.ts";
import { periodContaining } from "../periods.ts";

/**
 * Use case (reads only): the children's cards in the period running today, as the family sees them
 * (services/ledger/statement.ts), in one statement; a child maps to null between periods and before
 * the period has a row.
 */
export async function findCardStatements(
  db: Database,
  options: { municipalityId: string; childIds: string[]; today: IsoDate; rules: Pick<SchemeConfig, "springStart" | "autumnStart"> },
): Promise<Map<string, CardStatement | null>> {
  const span = periodContaining(options.today, options.rules);
  const found = span && options.childIds.length > 0 ? await cardStatements(db, { municipalityId: options.municipalityId, periodCode: span.code, childIds: options.childIds }) : new Map<string, CardStatement>();
  return new Map(options.childIds.map((id) => [id, found.get(id) ?? null]));
}
