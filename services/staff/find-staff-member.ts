import type { StaffRole } from "../../prisma/generated/enums.ts";
import type { Database } from "../db/database.ts";

export type { StaffRole };

/** A member of the municipality's staff acting in the service (caseworker, privacy officer, admin). */
export interface StaffPrincipal {
  personId: string;
  municipalityId: string;
  role: StaffRole;
  givenName: string;
  /** The municipal service a caseworker belongs to (NAV, refugee service, …). */
  service: string | null;
}

/** Use case (reads only): the staff member a verified person is, if any. */
export async function findStaffMember(db: Database, options: { personId: string }): Promise<StaffPrincipal | undefined> {
  const row = await db.prisma.staffMember.findUnique({
    where: { personId: options.personId },
    select: { personId: true, municipalityId: true, role: true, service: true, person: { select: { givenName: true } } },
  });
  return row ? { personId: row.personId, municipalityId: row.municipalityId, role: row.role, service: row.service, givenName: row.person.givenName } : undefined;
}

/**
 * Use case (reads only): the staff member an Entra ID user is, by the user's object id (`oid`),
 * through the person's verified TEAMS channel identity — the same id the Bot Framework's Teams
 * activities carry, so one record says who a staff member is in Teams and on the staff pages.
 */
export async function findStaffMemberByEntraId(db: Database, options: { objectId: string }): Promise<StaffPrincipal | undefined> {
  const identity = await db.prisma.channelIdentity.findUnique({
    where: { channel_address: { channel: "TEAMS", address: options.objectId } },
    select: { personId: true, verifiedAt: true },
  });
  if (!identity?.personId || !identity.verifiedAt) return undefined;
  return findStaffMember(db, { personId: identity.personId });
}
