import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { lockRow } from "../db/locks.ts";
import { recordAudit } from "../audit.ts";
import { AppError } from "../errors.ts";
import type { NoticeText } from "../clubs/notice-text.ts";
import { notifyPersons } from "../outbox/notify-persons.ts";
import { providerProblems } from "./approval-rules.ts";

export type Decision = "approve" | "reject";

export interface DecideProviderOptions {
  municipalityId: string;
  orgNumber: string;
  decision: Decision;
  /** Why: required to reject (the club is told), optional to approve; kept in the audit log. */
  reason?: string | undefined;
  /** The staff member deciding; null when the municipality's admin tool acts without a person (the CLI). */
  actorId: string | null;
  /** Where the decision came from, for the audit log: "admin-cli", "admin-api". */
  via: string;
  now: Date;
  /** The club notices (locales/<lang>/approvals.json); without it nobody is told (tests of the rules alone). */
  text?: NoticeText;
}

export interface DecisionResult {
  /** `unchanged`: it was already so (a repeated command): nothing written, nobody told again. */
  status: "approved" | "rejected" | "unchanged";
  id: string;
  name: string;
  /** The club's contacts who were told (reached by the outbox), by person id. */
  told: string[];
}

/**
 * Use case: the municipality approves or rejects a club (provider). Approval needs what the scheme
 * asks of a club (approval-rules.ts: police certificate on file, an account to settle to); a
 * rejection needs a reason. The decision, its audit row and the club contacts' notice are one
 * transaction.
 */
export async function decideProvider(db: Database, options: DecideProviderOptions): Promise<DecisionResult> {
  const reason = options.reason?.trim() || undefined;
  if (options.decision === "reject" && (!reason || reason.length < 3)) throw new AppError("INVALID_REQUEST", "a rejection needs a reason (at least 3 characters): the club is told why");
  return inTransaction(db, async (tx) => {
    const found = await tx.provider.findFirst({ where: { municipalityId: options.municipalityId, orgNumber: options.orgNumber.replace(/\s/g, "") }, select: { id: true } });
    if (!found) throw new AppError("NOT_FOUND", `no club with organisation number ${options.orgNumber}`, { orgNumber: options.orgNumber });
    await lockRow(tx, "Provider", found.id);
    const provider = await tx.provider.findUniqueOrThrow({ where: { id: found.id }, include: { contacts: { select: { personId: true } } } });
    const target = options.decision === "approve" ? "APPROVED" : "REJECTED";
    if (provider.approvalState === target) return { status: "unchanged", id: provider.id, name: provider.name, told: [] };
    if (options.decision === "approve") {
      const problems = providerProblems(provider);
      if (problems.length > 0) throw new AppError("APPROVAL_REFUSED", `${provider.name} cannot be approved`, { problems });
    }
    await tx.provider.update({ where: { id: provider.id }, data: { approvalState: target, approvedAt: target === "APPROVED" ? options.now : null } });
    await recordAudit(tx, {
      municipalityId: options.municipalityId,
      actorId: options.actorId,
      action: `provider.${options.decision === "approve" ? "approved" : "rejected"}`,
      entityType: "Provider",
      entityId: provider.id,
      data: { from: provider.approvalState, to: target, via: options.via, ...(reason ? { reason } : {}) },
      at: options.now,
    });
    const text = options.text;
    const told = text
      ? await notifyPersons(
          tx,
          provider.contacts.map((contact) => contact.personId),
          (language) => text(language, options.decision === "approve" ? "approvals:provider_approved" : "approvals:provider_rejected", { club: provider.name, reason: reason ?? "" }),
          options.now,
        )
      : [];
    return { status: options.decision === "approve" ? "approved" : "rejected", id: provider.id, name: provider.name, told };
  });
}
