import type { Storage, StoreItems } from "botbuilder";
import type { Clock } from "../services/clock.ts";
import type { Database } from "../services/db/database.ts";
import { deleteStates, readStates, writeState } from "../services/conversation-state.ts";

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

  async read(keys: string[]): Promise<StoreItems> {
    const states = await readStates(this.db, keys);
    const items: StoreItems = {};
    for (const [key, state] of states) items[key] = { ...state.data, eTag: state.etag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...data } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
      const newEtag = await writeState(this.db, key, data, { expectedEtag: eTag, now: this.clock.now() });
      // botbuilder keeps using the object it wrote; give it the new eTag so its next write is not stale.
      if (item && typeof item === "object") (item as { eTag?: string }).eTag = newEtag;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await deleteStates(this.db, keys);
  }
}
