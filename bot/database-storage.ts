import type { Storage, StoreItems } from "botbuilder";
import type { Clock } from "../services/clock.ts";
import { claimToComplete } from "./channels/turn-completion.ts";
import { takePrefetchedStates } from "./channels/prefetched-states.ts";
import type { Database } from "../services/db/database.ts";
import { deleteStates, readStates, writeState, type StoredState } from "../services/conversation-state.ts";

/**
 * Bot Framework state (conversation, user, dialog stacks) kept in our database with eTag optimistic
 * concurrency, so several server processes can share one database without losing a turn's state.
 * Same semantics as botbuilder's MemoryStorage: a stale eTag throws; "*" or none overwrites.
 */
export class DatabaseStorage implements Storage {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Reads asked for in the same turn of the event loop, waiting to go out as one statement. */
  private batch: { keys: Set<string>; result: Promise<Map<string, StoredState>> } | undefined;

  /**
   * A turn reads its conversation and user state together (FritidskortBot.run), and concurrent turns
   * read at the same moment: reads asked for before the next turn of the event loop are one
   * statement (docs/performance.md).
   */
  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    // Read by the channel with the message's claim (bot/channels/prefetched-states.ts).
    const prefetched = takePrefetchedStates(keys);
    // Given out once, so the turn may have the objects themselves.
    if (prefetched) return itemsOf(keys, prefetched, false);
    if (!this.batch) {
      const keysOfBatch = new Set<string>();
      const result = new Promise<Map<string, StoredState>>((resolve, reject) =>
        setImmediate(() => {
          this.batch = undefined;
          readStates(this.db, [...keysOfBatch]).then(resolve, reject);
        }),
      );
      this.batch = { keys: keysOfBatch, result };
    }
    for (const key of keys) this.batch.keys.add(key);
    return itemsOf(keys, await this.batch.result, true);
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...data } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
      // A webhook turn's answer is stored with the first state it saves (bot/channels/turn-completion.ts).
      const completing = claimToComplete();
      const { etag: newEtag, completed } = await writeState(this.db, key, data, { expectedEtag: eTag, now: this.clock.now(), ...(completing ? { completing } : {}) });
      if (completing && completed) completing.completed = true;
      // botbuilder keeps using the object it wrote; give it the new eTag so its next write is not stale.
      if (item && typeof item === "object") (item as { eTag?: string }).eTag = newEtag;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await deleteStates(this.db, keys);
  }
}

/** `copy`: the states are shared with other readers, and each gets its own copy (botbuilder changes the object it is given). */
function itemsOf(keys: string[], states: Map<string, StoredState>, copy: boolean): StoreItems {
  const items: StoreItems = {};
  for (const key of keys) {
    const state = states.get(key);
    if (state) items[key] = { ...(copy ? structuredClone(state.data) : state.data), eTag: state.etag };
  }
  return items;
}
