import type { Database } from "../db/database.ts";
import { isLanguage, type Language } from "../languages.ts";

export interface ClubContact {
  personId: string;
  givenName: string;
  language: Language;
  clubs: { providerId: string; name: string }[];
}

/**
 * Use case (reads only): the club contact a verified channel identity belongs to — the web chat
 * user the club's tab was opened with, or the Teams user its single sign-on names — or null when
 * the identity is unknown, not verified, or its person is no club's contact.
 */
export async function findClubContactByIdentity(db: Database, options: { channel: "WEBCHAT" | "TEAMS"; address: string }): Promise<ClubContact | null> {
  const identity = await db.prisma.channelIdentity.findUnique({
    where: { channel_address: { channel: options.channel, address: options.address } },
    select: {
      verifiedAt: true,
      language: true,
      person: { select: { id: true, givenName: true, preferredLanguage: true, providerContacts: { select: { provider: { select: { id: true, name: true } } }, orderBy: { provider: { name: "asc" } } } } },
    },
  });
  if (!identity?.verifiedAt || !identity.person || identity.person.providerContacts.length === 0) return null;
  const language = [identity.language, identity.person.preferredLanguage].find((value) => value && isLanguage(value)) as Language | undefined;
  return {
    personId: identity.person.id,
    givenName: identity.person.givenName,
    language: language ?? "nb",
    clubs: identity.person.providerContacts.map((contact) => ({ providerId: contact.provider.id, name: contact.provider.name })),
  };
}
