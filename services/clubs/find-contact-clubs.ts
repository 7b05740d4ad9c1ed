import type { Database } from "../db/database.ts";

export interface ContactClub {
  providerId: string;
  name: string;
}

/**
 * Use case (reads only): the clubs a person is a contact of (ProviderContact), by name. A person
 * with none talks to the family journeys only; the chat asks this only for a message shaped as a
 * club command (dialogs/club/club-commands.ts).
 */
export async function findContactClubs(db: Database, options: { personId: string }): Promise<ContactClub[]> {
  const rows = await db.prisma.providerContact.findMany({
    where: { personId: options.personId },
    select: { provider: { select: { id: true, name: true } } },
    orderBy: { provider: { name: "asc" } },
  });
  return rows.map((row) => ({ providerId: row.provider.id, name: row.provider.name }));
}
