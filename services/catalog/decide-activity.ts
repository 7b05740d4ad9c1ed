import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { lockRow } from "../db/locks.ts";
import { recordAudit } from "../audit.ts";
import { AppError } from "../errors.ts";
import type { NoticeText } from "../clubs/notice-text.ts";
import { titleIn } from "../clubs/notice-text.ts";
import { notifyPersons } from "../outbox/notify-persons.ts";
import { activityProblems } from "./approval-rules.ts";
import type { Decision, DecisionResult } from "./decide-provider.ts";

export interface DecideActivityOptions {
  municipalityId: string;
  activityId: string;
  decision: Decision;
  /** Required to reject (the club is told), optional to approve; kept in the audit log. */
  reason?: string | undefined;
  actorId: string | null;
  via: string;
  now: Date;
  text?: NoticeText;
}

/**
 * Use case: the municipality approves or rejects an activity. Approval applies the scheme's rules
 * (approval-rules.ts: an approved club with a police certificate on file, enough sessions per
 * half-year, not an excluded category), read from the municipality's configuration in force. The
 * decision, its audit row and the notice to the club's contacts are one transaction.
 */
export async function decideActivity(db: Database, options: DecideActivityOptions): Promise<DecisionResult> {
  const reason = options.reason?.trim() || undefined;
  if (options.decision === "reject" && (!reason || reason.length < 3)) throw new AppError("INVALID_REQUEST", "a rejection needs a reason (at least 3 characters): the club is told why");
  return inTransaction(db, async (tx) => {
    if (!(await lockRow(tx, "Activity", options.activityId))) throw new AppError("NOT_FOUND", `no activity ${options.activityId}`, { activityId: options.activityId });
    const activity = await tx.activity.findUniqueOrThrow({
      where: { id: options.activityId },
      include: { provider: { include: { contacts: { select: { personId: true } } } }, translations: { select: { language: true, title: true } } },
    });
    if (activity.provider.municipalityId !== options.municipalityId) throw new AppError("NOT_FOUND", `no activity ${options.activityId}`, { activityId: options.activityId });
    const target = options.decision === "approve" ? "APPROVED" : "REJECTED";
    if (activity.approvalState === target) return { status: "unchanged", id: activity.id, name: activity.title, told: [] };
    if (options.decision === "approve") {
      const municipality = await tx.municipality.findUniqueOrThrow({ where: { id: options.municipalityId }, select: { minSessionsPerPeriod: true, excludedCategories: true } });
      const problems = activityProblems(activity, activity.provider, municipality);
      if (problems.length > 0) throw new AppError("APPROVAL_REFUSED", `${activity.title} cannot be approved`, { problems });
    }
    await tx.activity.update({ where: { id: activity.id }, data: { approvalState: target } });
    await recordAudit(tx, {
      municipalityId: options.municipalityId,
      actorId: options.actorId,
      action: `activity.${options.decision === "approve" ? "approved" : "rejected"}`,
      entityType: "Activity",
      entityId: activity.id,
      data: { from: activity.approvalState, to: target, via: options.via, ...(reason ? { reason } : {}) },
      at: options.now,
    });
    const text = options.text;
    const told = text
      ? await notifyPersons(
          tx,
          activity.provider.contacts.map((contact) => contact.personId),
          (language) => text(language, options.decision === "approve" ? "approvals:activity_approved" : "approvals:activity_rejected", { club: activity.provider.name, activity: titleIn(activity, language), reason: reason ?? "" }),
          options.now,
        )
      : [];
    return { status: options.decision === "approve" ? "approved" : "rejected", id: activity.id, name: activity.title, told };
  });
}
