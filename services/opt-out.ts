import type { Database } from "./db/database.ts";
import { optOutSms } from "./sms/sms-identities.ts";

/**
 * Use case: "stop sending me messages" said in a sentence (and confirmed): the same opt-out as the
 * SMS keyword STOP (services/sms/sms-identities.ts). True if this changed anything.
 */
export async function optOutOfMessages(db: Database, options: { identityId: string; personId: string | null; now: Date }): Promise<boolean> {
  return optOutSms(db, options, options.now);
}
