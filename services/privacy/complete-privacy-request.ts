import type { Database, Tx } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { recordAudit } from "../audit.ts";
import { AppError } from "../errors.ts";
import type { StaffPrincipal } from "../staff/find-staff-member.ts";
import { eraseChannelsOf, privacyRequestRef } from "./erase-channels.ts";

/** What a pseudonymised person is called: no name, only the request that removed it. */
const PSEUDONYM_GIVEN_NAME = "Slettet";

export interface CompletedDeletion {
  requestId: string;
  status: "COMPLETED";
  /** The person and the children (in no other guardian's care) whose names were removed. */
  pseudonymised: string[];
  /** Children another guardian still has: kept as they are, the requester's guardianship removed. */
  childrenKept: string[];
}

/** Only a privacy officer handles privacy requests, and only their own municipality's. */
export function assertPrivacyOfficer(officer: StaffPrincipal): void {
  if (officer.role !== "PRIVACY_OFFICER") throw new AppError("FORBIDDEN", "only a privacy officer handles privacy requests", { role: officer.role });
}

/**
 * Use case: the privacy officer completes a deletion request (docs/privacy.md). In one transaction:
 * whatever chat identities and messages came back since the request are erased again; the person
 * is pseudonymised (names replaced, register reference, birth date, residence, district and
 * language removed); each child in no other guardian's care is pseudonymised too (birth date kept
 * as 1 January of the birth year, the scheme's age statistics count by year; district kept for the
 * aggregate reports; accommodation needs and thread texts emptied — health details), while a child
 * another guardian still has is kept and only the requester's guardianship goes. Enrollments and
 * ledger transfers stay for the accounts: they point to person ids that no longer carry a name,
 * register reference or phone. Completes once: a second call answers CONFLICT.
 */
export async function completePrivacyRequest(db: Database, options: { requestId: string; officer: StaffPrincipal; now: Date }): Promise<CompletedDeletion> {
  assertPrivacyOfficer(options.officer);
  return inTransaction(db, async (tx) => {
    const request = await tx.privacyRequest.findUnique({ where: { id: options.requestId } });
    if (!request || request.municipalityId !== options.officer.municipalityId) throw new AppError("NOT_FOUND", "no such privacy request", { requestId: options.requestId });
    if (request.kind !== "DELETE") throw new AppError("INVALID_REQUEST", "only a deletion request is completed by the privacy officer; an access request completes when its export is downloaded", { kind: request.kind });
    // Conditional on PENDING: of two officers completing at once, one does it.
    const claimed = await tx.privacyRequest.updateMany({
      where: { id: request.id, status: "PENDING" },
      data: { status: "COMPLETED", completedAt: options.now, handledById: options.officer.personId },
    });
    if (claimed.count === 0) throw new AppError("CONFLICT", "the privacy request is already completed", { requestId: request.id });

    const pseudonymised: string[] = [];
    const childrenKept: string[] = [];
    const ref = privacyRequestRef(request.id);
    if (request.personId) {
      const personId = request.personId;
      const children = await tx.guardianship.findMany({ where: { guardianId: personId }, select: { childId: true, child: { select: { birthDate: true, guardians: { select: { guardianId: true } } } } } });
      await pseudonymise(tx, personId, ref, { birthDate: null, districtKept: false });
      pseudonymised.push(personId);
      for (const { childId, child } of children) {
        if (child.guardians.some((g) => g.guardianId !== personId)) {
          await tx.guardianship.delete({ where: { guardianId_childId: { guardianId: personId, childId } } });
          childrenKept.push(childId);
          continue;
        }
        const birthYear = child.birthDate ? new Date(Date.UTC(child.birthDate.getUTCFullYear(), 0, 1)) : null;
        await pseudonymise(tx, childId, ref, { birthDate: birthYear, districtKept: true });
        const requests = await tx.accommodationRequest.findMany({ where: { childId }, select: { id: true } });
        await tx.accommodationRequest.updateMany({ where: { childId }, data: { needs: [] } });
        await tx.accommodationMessage.updateMany({ where: { requestId: { in: requests.map((r) => r.id) } }, data: { body: "" } });
        pseudonymised.push(childId);
      }
    }
    await recordAudit(tx, {
      municipalityId: request.municipalityId,
      actorId: options.officer.personId,
      action: "privacy.deletion_completed",
      entityType: "PrivacyRequest",
      entityId: request.id,
      data: { pseudonymised, childrenKept },
      at: options.now,
    });
    return { requestId: request.id, status: "COMPLETED", pseudonymised, childrenKept };
  });
}

/** Removes what names a person; their chat identities and messages go again (a login since the request). */
async function pseudonymise(tx: Tx, personId: string, ref: string, keep: { birthDate: Date | null; districtKept: boolean }): Promise<void> {
  const identities = await tx.channelIdentity.findMany({ where: { personId }, select: { id: true, channel: true, address: true, optedOutAt: true } });
  await eraseChannelsOf(tx, identities);
  await tx.accommodationMessage.updateMany({ where: { authorId: personId }, data: { body: "" } });
  await tx.person.update({
    where: { id: personId },
    data: {
      givenName: PSEUDONYM_GIVEN_NAME,
      familyName: ref,
      registryRef: null,
      birthDate: keep.birthDate,
      residentFrom: null,
      residentUntil: null,
      preferredLanguage: null,
      ...(keep.districtKept ? {} : { districtId: null }),
    },
  });
}

export interface PrivacyRequestSummary {
  id: string;
  ref: string;
  kind: "DELETE" | "ACCESS";
  status: "PENDING" | "COMPLETED";
  personId: string | null;
  requestedAt: string;
  completedAt: string | null;
  handledById: string | null;
}

/** Use case (reads only): the municipality's privacy requests for its privacy officer, open ones first, newest first. */
export async function listPrivacyRequests(db: Database, options: { officer: StaffPrincipal; status?: "PENDING" | "COMPLETED" }): Promise<PrivacyRequestSummary[]> {
  assertPrivacyOfficer(options.officer);
  const rows = await db.prisma.privacyRequest.findMany({
    where: { municipalityId: options.officer.municipalityId, ...(options.status ? { status: options.status } : {}) },
    orderBy: [{ status: "asc" }, { requestedAt: "desc" }],
    take: 500,
  });
  return rows.map((row) => ({
    id: row.id,
    ref: privacyRequestRef(row.id),
    kind: row.kind,
    status: row.status,
    personId: row.personId,
    requestedAt: row.requestedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    handledById: row.handledById,
  }));
}
