import type { Tx } from "../db/database.ts";
import { AppError } from "../errors.ts";
import type { StaffRole } from "./find-staff-member.ts";

/**
 * "A caseworker's families": the one place the rule lives. A caseworker acts for a child when the
 * child, or one of the child's guardians (the family), is assigned to them (CaseAssignment), or
 * has handed off to them: a hand-off the caseworker took and has not closed.
 */
export async function isCaseworkerOf(tx: Tx, options: { caseworkerId: string; childId: string }): Promise<boolean> {
  const family = { OR: [{ personId: options.childId }, { person: { guardianOf: { some: { childId: options.childId } } } }] };
  const assigned = await tx.caseAssignment.findFirst({ where: { caseworkerId: options.caseworkerId, ...family }, select: { personId: true } });
  if (assigned) return true;
  const guardians = await tx.guardianship.findMany({ where: { childId: options.childId }, select: { guardianId: true } });
  const handedOff = await tx.handOff.findFirst({
    where: { claimedById: options.caseworkerId, status: "CLAIMED", personId: { in: [options.childId, ...guardians.map((row) => row.guardianId)] } },
    select: { id: true },
  });
  return handedOff !== null;
}

/**
 * Inside the caller's transaction: the acting person is a staff member of the municipality with
 * one of `roles`; else FORBIDDEN naming the role needed (an admin is not a caseworker).
 */
export async function assertStaffRole(tx: Tx, options: { actorId: string; municipalityId: string; roles: readonly StaffRole[]; action: string }) {
  const staff = await tx.staffMember.findUnique({ where: { personId: options.actorId }, select: { role: true, service: true, municipalityId: true } });
  if (!staff || staff.municipalityId !== options.municipalityId || !options.roles.includes(staff.role)) {
    throw new AppError("FORBIDDEN", `only ${options.roles.map((role) => role.toLowerCase().replace("_", " ")).join(" or ")} staff may ${options.action}`, { role: staff?.role ?? null });
  }
  return staff;
}

/** Inside the caller's transaction: refuses with FORBIDDEN unless the child is one of the caseworker's families. */
export async function assertCaseworkerOf(tx: Tx, options: { caseworkerId: string; childId: string }): Promise<void> {
  if (!(await isCaseworkerOf(tx, options))) throw new AppError("FORBIDDEN", "the child is not in one of your families (assigned or handed off to you)");
}
