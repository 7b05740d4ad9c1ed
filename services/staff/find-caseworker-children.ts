import type { Database } from "../db/database.ts";
import { foldText } from "../text.ts";

export interface CaseworkerChild {
  id: string;
  givenName: string;
  familyName: string;
}

/**
 * Use case (reads only): the children of a caseworker's families (CaseAssignment: an assigned
 * child, or the children of an assigned guardian) whose name matches what the caseworker wrote —
 * the given name, or given and family name — case and accents folded. For a chat command
 * ("PÅFYLL Jonas 500 …"); the top-up itself checks the family again (isCaseworkerOf).
 */
export async function findCaseworkerChildren(db: Database, options: { caseworkerId: string; name: string }): Promise<CaseworkerChild[]> {
  const wanted = foldText(options.name).replace(/\s+/g, " ").trim();
  if (!wanted) return [];
  const assigned = await db.prisma.caseAssignment.findMany({
    where: { caseworkerId: options.caseworkerId },
    select: {
      person: {
        select: { id: true, givenName: true, familyName: true, guardianOf: { select: { child: { select: { id: true, givenName: true, familyName: true } } } } },
      },
    },
  });
  const children = new Map<string, CaseworkerChild>();
  for (const { person } of assigned) {
    const family = person.guardianOf.length > 0 ? person.guardianOf.map((g) => g.child) : [{ id: person.id, givenName: person.givenName, familyName: person.familyName }];
    for (const child of family) children.set(child.id, child);
  }
  return [...children.values()]
    .filter((child) => foldText(child.givenName) === wanted || foldText(`${child.givenName} ${child.familyName}`) === wanted)
    .sort((a, b) => a.familyName.localeCompare(b.familyName, "nb") || a.givenName.localeCompare(b.givenName, "nb"));
}
