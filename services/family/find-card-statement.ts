import type { SchemeConfig } from "../config.ts";
import type { Database } from "../db/database.ts";
import type { IsoDate } from "../dates.ts";
import { cardStatement, type CardStatement } from "../ledger/statement.ts";
import { findCurrentPeriod } from "../periods.ts";

/**
 * Use case (reads only): a child's card in the period running today, as the family sees it
 * (services/ledger/statement.ts); null between periods and before the period has a row.
 */
export async function findCardStatement(
  db: Database,
  options: { municipalityId: string; childId: string; today: IsoDate; rules: Pick<SchemeConfig, "springStart" | "autumnStart"> },
): Promise<CardStatement | null> {
  const period = await findCurrentPeriod(db, { municipalityId: options.municipalityId, today: options.today, rules: options.rules });
  return period ? cardStatement(db, { childId: options.childId, period }) : null;
}
