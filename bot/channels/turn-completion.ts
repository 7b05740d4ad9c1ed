import { ScopeSlot } from "../../services/request-scope.ts";
import type { InboundCompletion } from "../../services/conversation-state.ts";

/** A webhook delivery's claim waiting for its turn's answer; `completed` once it was stored. */
export interface PendingCompletion extends InboundCompletion {
  completed: boolean;
}

const pending = new ScopeSlot<PendingCompletion>("claim to complete");

/**
 * Runs a webhook's turn with its claim pending: the bot state the turn saves carries the claim's
 * completion in the same statement (bot/database-storage.ts, services/conversation-state.ts), so
 * the answer is recorded exactly when the state it leaves is. docs/resilience.md.
 */
export function runCompletingClaim<T>(completion: PendingCompletion, turn: () => Promise<T>): Promise<T> {
  return pending.run(completion, turn);
}

/** The claim this turn still has to complete, if it runs for a webhook delivery. */
export function claimToComplete(): PendingCompletion | undefined {
  const completion = pending.get();
  return completion && !completion.completed ? completion : undefined;
}
