import type { Database } from "./db/database.ts";
import type { SchemeConfig } from "./config.ts";
import { recordAudit } from "./audit.ts";
import { ensurePeriod, periodContaining } from "./periods.ts";
import { todayIn } from "./dates.ts";
import { inTransaction } from "./db/transaction.ts";
import type { Municipality } from "../prisma/generated/client.ts";
import { ensureMunicipalityAccounts } from "./ledger/accounts.ts";

/**
 * Use case (at start): make the municipality's row carry the scheme configuration the service was
 * started with, and open the period containing today (`now` is the service's clock). A changed configuration is audited with the
 * values before and after; the amount of a period already created stays as it was.
 */
export async function configureMunicipality(db: Database, scheme: SchemeConfig, now: Date) {
  return inTransaction(db, async (tx) => {
    const settings = {
      name: scheme.municipalityName,
      ageRule: scheme.ageRule,
      minAge: scheme.minAge,
      maxAge: scheme.maxAge,
      amountPerPeriodOre: scheme.amountPerPeriodOre,
      springStart: scheme.springStart,
      autumnStart: scheme.autumnStart,
      minSessionsPerPeriod: scheme.minSessionsPerPeriod,
      excludedCategories: scheme.excludedCategories,
      defaultLanguage: scheme.defaultLanguage,
      timeZone: scheme.timeZone,
    };
    const before = await tx.municipality.findUnique({ where: { number: scheme.municipalityNumber } });
    const municipality = await tx.municipality.upsert({
      where: { number: scheme.municipalityNumber },
      create: { number: scheme.municipalityNumber, ...settings },
      update: settings,
    });
    const changed = !before || Object.entries(settings).some(([key, value]) => JSON.stringify(before[key as keyof typeof before]) !== JSON.stringify(value));
    if (changed) {
      await recordAudit(tx, {
        municipalityId: municipality.id,
        actorId: null,
        action: before ? "municipality.reconfigured" : "municipality.created",
        entityType: "Municipality",
        entityId: municipality.id,
        data: { before: before ? pick(before, Object.keys(settings)) : null, after: settings },
        at: now,
      });
    }
    await ensureMunicipalityAccounts(tx, municipality.id);
    const span = periodContaining(todayIn(scheme.timeZone, now), scheme);
    const period = span ? await ensurePeriod(tx, municipality.id, span, scheme.amountPerPeriodOre) : null;
    return { municipality, currentPeriod: period };
  });
}

function pick<T extends object>(row: T, keys: string[]): Record<string, string | number | string[]> {
  return Object.fromEntries(keys.map((key) => [key, (row as Record<string, string | number | string[]>)[key]!]));
}

/** The scheme a municipality runs, as written at start (its row is the configuration in force). */
export function schemeOf(row: Municipality, holdTimeoutDays = 14): SchemeConfig {
  return {
    municipalityNumber: row.number,
    municipalityName: row.name,
    ageRule: row.ageRule,
    minAge: row.minAge,
    maxAge: row.maxAge,
    amountPerPeriodOre: row.amountPerPeriodOre,
    springStart: row.springStart,
    autumnStart: row.autumnStart,
    minSessionsPerPeriod: row.minSessionsPerPeriod,
    excludedCategories: row.excludedCategories,
    defaultLanguage: row.defaultLanguage,
    timeZone: row.timeZone,
    holdTimeoutDays,
  };
}
