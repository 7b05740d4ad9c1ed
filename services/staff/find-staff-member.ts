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
