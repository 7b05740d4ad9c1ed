import { prismaOf, type LedgerDb } from "./transfers.ts";

/**
 * Account ids are derived from what they belong to, so any operation can name an account without
 * looking it up, and creating one twice is harmless.
 */
export const accountIds = {
  fund: (municipalityId: string) => `fund:${municipalityId}`,
  topUpFund: (municipalityId: string) => `topup:${municipalityId}`,
  familyClearing: (municipalityId: string) => `clearing:${municipalityId}`,
  payout: (municipalityId: string) => `payout:${municipalityId}`,
  provider: (providerId: string) => `provider:${providerId}`,
  card: (periodId: string, childId: string) => `card:${periodId}:${childId}`,
};

/** The municipality-wide accounts. Created at start; harmless to repeat. */
export async function ensureMunicipalityAccounts(db: LedgerDb, municipalityId: string): Promise<void> {
  await prismaOf(db).ledgerAccount.createMany({
    data: [
      { id: accountIds.fund(municipalityId), municipalityId, kind: "FUND" },
      { id: accountIds.topUpFund(municipalityId), municipalityId, kind: "TOPUP_FUND" },
      { id: accountIds.familyClearing(municipalityId), municipalityId, kind: "FAMILY_CLEARING" },
      { id: accountIds.payout(municipalityId), municipalityId, kind: "PAYOUT" },
    ],
    skipDuplicates: true,
  });
}

export async function ensureProviderAccount(db: LedgerDb, municipalityId: string, providerId: string): Promise<string> {
  const id = accountIds.provider(providerId);
  await prismaOf(db).ledgerAccount.createMany({ data: [{ id, municipalityId, kind: "PROVIDER", providerId }], skipDuplicates: true });
  return id;
}

/** A child's card for one period: it can never be overdrawn. */
export async function ensureCardAccounts(db: LedgerDb, municipalityId: string, periodId: string, childIds: string[]): Promise<void> {
  if (childIds.length === 0) return;
  await prismaOf(db).ledgerAccount.createMany({
    data: childIds.map((childId) => ({ id: accountIds.card(periodId, childId), municipalityId, kind: "CARD" as const, childId, periodId, noOverdraft: true })),
    skipDuplicates: true,
  });
}

export interface Balance {
  /** Money on the account: posted credits − posted debits. */
  postedOre: number;
  /** Reserved by holds not yet posted or voided. */
  pendingDebitsOre: number;
  pendingCreditsOre: number;
  /** What can still be spent: posted − pending debits. */
  availableOre: number;
}

export async function balanceOf(db: LedgerDb, accountId: string): Promise<Balance> {
  const account = await prismaOf(db).ledgerAccount.findUnique({ where: { id: accountId } });
  if (!account) return { postedOre: 0, pendingDebitsOre: 0, pendingCreditsOre: 0, availableOre: 0 };
  const posted = Number(account.creditsPosted - account.debitsPosted);
  return {
    postedOre: posted,
    pendingDebitsOre: Number(account.debitsPending),
    pendingCreditsOre: Number(account.creditsPending),
    availableOre: posted - Number(account.debitsPending),
  };
}
