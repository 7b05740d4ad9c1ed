import { ScopeSlot } from "../../services/request-scope.ts";
import type { StoredState } from "../../services/conversation-state.ts";

interface Prefetched {
  keys: Set<string>;
  states: Map<string, StoredState>;
}

const prefetched = new ScopeSlot<Prefetched>("prefetched states");

/**
 * Runs a turn whose bot states the channel already read (the SMS webhook reads them in the
 * statement that claims the message: services/sms/open-sms-turn.ts), so the turn's first read of
 * those keys needs no statement. A key absent from `states` was read and is not stored yet.
 */
export function runWithPrefetchedStates<T>(keys: string[], states: Map<string, StoredState>, turn: () => Promise<T>): Promise<T> {
  return prefetched.run({ keys: new Set(keys), states }, turn);
}

/**
 * The prefetched states of `keys`, if every one was prefetched for this turn; each key is given out
 * once (a later read sees what the turn wrote since, from the database).
 */
export function takePrefetchedStates(keys: string[]): Map<string, StoredState> | undefined {
  const store = prefetched.get();
  if (!store || keys.length === 0 || !keys.every((key) => store.keys.has(key))) return undefined;
  const taken = new Map<string, StoredState>();
  for (const key of keys) {
    store.keys.delete(key);
    const state = store.states.get(key);
    if (state) taken.set(key, state);
  }
  return taken;
}
