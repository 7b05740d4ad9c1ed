import type { Database } from "../db/database.ts";

/** Use case (reads only): the municipality's districts and the other names people use for them. */
export async function listDistricts(db: Database, options: { municipalityId: string }): Promise<{ name: string; aliases: string[] }[]> {
  return db.prisma.district.findMany({ where: { municipalityId: options.municipalityId }, select: { name: true, aliases: true } });
}
