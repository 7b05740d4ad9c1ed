import type { Database } from "../db/database.ts";
import { inTransaction } from "../db/transaction.ts";
import { recordAudit } from "../audit.ts";

const DAY_MS = 86_400_000;

/**
 * Use case (a scheduled job): closes accommodation threads where nobody has written for
 * `quietDays` — their last message, or the request itself for threads from before messages were
 * kept. Closing frees the reply code. Nobody is told: a quiet thread is one both sides left.
 * Reminders before that (issue 8's reminders) would hook in here, before the cut-off.
 */
export async function closeQuietAccommodationThreads(db: Database, options: { now: Date; quietDays: number }): Promise<{ closed: number }> {
  const cutoff = new Date(options.now.getTime() - options.quietDays * DAY_MS);
  return inTransaction(db, async (tx) => {
    const quiet = await tx.accommodationRequest.findMany({
      where: { status: { not: "CLOSED" }, OR: [{ lastMessageAt: { lt: cutoff } }, { lastMessageAt: null, createdAt: { lt: cutoff } }] },
      select: { id: true, provider: { select: { municipalityId: true } } },
    });
    for (const request of quiet) {
      // Either side may have closed it since the look-up; only a still-open thread is closed here.
      const { count } = await tx.accommodationRequest.updateMany({ where: { id: request.id, status: { not: "CLOSED" } }, data: { status: "CLOSED", closedAt: options.now } });
      if (count === 0) continue;
      await recordAudit(tx, { municipalityId: request.provider.municipalityId, actorId: null, action: "accommodation.closed_quiet", entityType: "AccommodationRequest", entityId: request.id, data: { quietDays: options.quietDays }, at: options.now });
    }
    return { closed: quiet.length };
  });
}
