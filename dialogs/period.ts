import { ensurePeriod, periodContaining } from "../services/periods.ts";
import type { DialogDependencies } from "./context.ts";

/** The period running today (its row is created on first use, as sign-up does); null between periods. */
export async function currentPeriod(deps: DialogDependencies) {
  const span = periodContaining(deps.today(), deps.scheme);
  if (!span) return null;
  return ensurePeriod(deps.db.prisma, deps.municipalityId, span, deps.scheme.amountPerPeriodOre);
}
