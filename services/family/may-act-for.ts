import type { Tx } from "../db/database.ts";
import { ageOn, toIsoDate, type IsoDate } from "../dates.ts";
import { AppError } from "../errors.ts";

/**
 * Who may act for a child (sign up, cancel, ask for accommodation): a guardian acts for their
 * child, and a youth from 13 acts for themselves (domain.md). This file is the one place the rule
 * lives; every use case and the dialogs' choice of whom to offer ask it.
 */
export const SELF_SERVICE_AGE = 13;

/** A youth from 13 acts for themselves; a younger child (or one without a known birth date) does not. */
export function actsForThemselves(person: { birthDate: IsoDate | null }, today: IsoDate): boolean {
  return person.birthDate !== null && ageOn(person.birthDate, today) >= SELF_SERVICE_AGE;
}

/**
 * Whom a person acts for in chat: the children in their care; a person with none acts for
 * themselves once they are 13.
 */
export function peopleActedFor<P extends { id: string; birthDate: IsoDate | null }>(person: P, children: P[], today: IsoDate): P[] {
  if (children.length > 0) return children;
  return actsForThemselves(person, today) ? [person] : [];
}

/**
 * The rule on facts already read (a caller that fetches them in its own statement, as judgeSignUp
 * does): the actor acting for themselves needs the age; anyone else needs a guardianship row.
 */
export function mayActForGiven(facts: { actorId: string; child: { id: string; birthDate: IsoDate | null }; actorIsGuardian: boolean }, today: IsoDate): boolean {
  return facts.actorId === facts.child.id ? actsForThemselves(facts.child, today) : facts.actorIsGuardian;
}

/** Inside the caller's transaction: is the actor a guardian of the child, or the child itself aged 13 or more on `today`? */
export async function mayActFor(tx: Tx, options: { actorId: string; childId: string; today: IsoDate }): Promise<boolean> {
  const { actorId, childId, today } = options;
  if (actorId === childId) {
    const child = await tx.person.findUnique({ where: { id: childId }, select: { birthDate: true } });
    return child !== null && mayActForGiven({ actorId, child: { id: childId, birthDate: child.birthDate ? toIsoDate(child.birthDate) : null }, actorIsGuardian: false }, today);
  }
  const guardianship = await tx.guardianship.findUnique({ where: { guardianId_childId: { guardianId: actorId, childId } } });
  return mayActForGiven({ actorId, child: { id: childId, birthDate: null }, actorIsGuardian: guardianship !== null }, today);
}

/** Inside the caller's transaction: refuses with FORBIDDEN unless `mayActFor`. */
export async function assertMayActFor(tx: Tx, options: { actorId: string; childId: string; today: IsoDate }): Promise<void> {
  if (!(await mayActFor(tx, options))) {
    throw new AppError("FORBIDDEN", `only a guardian of the child, or the youth itself from ${SELF_SERVICE_AGE}, may act for this child`);
  }
}
