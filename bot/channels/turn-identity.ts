import type { TurnContext } from "botbuilder";
import type { ResolvedIdentity } from "../../services/identity.ts";

const RESOLVED_IDENTITY = Symbol("resolvedIdentity");

/**
 * A channel that had to find the sender before the turn (the SMS webhook: opt-out, throttle) hands
 * the identity to the turn, so a turn resolves its sender once (docs/performance.md).
 */
export function handIdentityToTurn(context: TurnContext, identity: ResolvedIdentity): void {
  context.turnState.set(RESOLVED_IDENTITY, identity);
}

/** The identity the receiving channel already resolved for this turn, if it did. */
export function identityHandedToTurn(context: TurnContext): ResolvedIdentity | undefined {
  return context.turnState.get(RESOLVED_IDENTITY) as ResolvedIdentity | undefined;
}
