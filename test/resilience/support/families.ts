import { deliverAsTwilio, inboundForm, messagesOf, type Delivery } from "./harness.ts";

/** Demo guardians with an SMS identity and a child of football age (one child each), after support/server.ts renumbered them. */
export async function demoFamilies(query: <R extends Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]>, count: number, offset = 0): Promise<{ phone: string; child: string }[]> {
  // One guardian per child and one child per guardian: two guardians signing up one child is another story.
  const rows = await query<{ phone: string; child: string }>(
    `SELECT DISTINCT ON (phone) phone, child FROM (
       SELECT DISTINCT ON (c.id) ci.address AS phone, c."givenName" AS child, c.id AS "childId"
       FROM "ChannelIdentity" ci JOIN "Guardianship" g ON g."guardianId" = ci."personId" JOIN "Person" c ON c.id = g."childId"
       WHERE ci.channel = 'SMS' AND ci."verifiedAt" IS NOT NULL AND ci.address LIKE '+479199%'
         AND c."birthDate" BETWEEN '2014-01-01' AND '2015-12-31'
       ORDER BY c.id, ci.address) pairs
     ORDER BY phone, "childId" LIMIT $1 OFFSET $2`,
    [count, offset],
  );
  return rows;
}

/** A sign-up over SMS in four messages: search, pick, confirm, no accommodation needed. */
export const signUpSteps = (child: string) => [`meld ${child} på fotball`, "1", "ja", "nei"];

export interface SentMessage {
  phone: string;
  body: string;
  delivery: Delivery;
}

/**
 * One family texting through a sign-up, each message delivered as Twilio does (retried with the
 * same MessageSid until a 200). `impatient(i)`: this message's first delivery gives up after a few
 * milliseconds, as Twilio does after 15 s, so its retry meets the first delivery's claim.
 */
export async function signUp(family: { phone: string; child: string }, target: () => string, options: { impatient?: (step: number) => boolean; onAnswer?: () => void } = {}): Promise<SentMessage[]> {
  const sent: SentMessage[] = [];
  const steps = signUpSteps(family.child);
  for (const [step, body] of steps.entries()) {
    const form = inboundForm(family.phone, body);
    let delivery: Delivery;
    if (options.impatient?.(step)) {
      const first = await deliverAsTwilio(target, form, { timeoutMs: 5, giveUpAfterMs: 1 });
      const rest = await deliverAsTwilio(target, form);
      delivery = { sid: form.MessageSid!, attempts: [...first.attempts, ...rest.attempts], ...(rest.answer === undefined ? {} : { answer: rest.answer }) };
    } else {
      delivery = await deliverAsTwilio(target, form);
    }
    sent.push({ phone: family.phone, body, delivery });
    options.onAnswer?.();
    if (delivery.answer === undefined) break;
    // The conversation goes on only if it is where a sign-up expects it.
    const said = messagesOf(delivery.answer).join("\n");
    if (step === 0 && !/^1\. /m.test(said)) break;
    if (step === 1 && !/JA eller NEI/.test(said)) break;
    if (step === 2 && !/er meldt på/.test(said)) break;
  }
  return sent;
}
