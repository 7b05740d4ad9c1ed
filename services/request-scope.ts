import { AsyncLocalStorage } from "node:async_hooks";

/** One scope's values, each under its slot's own symbol. */
type Scope = Readonly<Record<symbol, unknown>>;

/**
 * The one AsyncLocalStorage of the process. Node 20 tracks every promise for each
 * AsyncLocalStorage in use (a promise hook copies each one's store onto every new promise), and a
 * turn makes hundreds of promises; so what follows a request or a turn — the observation (request
 * id, metrics), the SMS webhook's prefetched bot states and its claim to complete — shares one
 * storage, each module with a slot of its own (docs/performance.md).
 */
const storage = new AsyncLocalStorage<Scope>();

/** A value that follows the work started inside `run` (awaits, timers, promise chains), and nothing else. */
export class ScopeSlot<T> {
  private readonly key: symbol;

  constructor(name: string) {
    this.key = Symbol(name);
  }

  /** Runs `work` with this slot set to `value`; the other slots keep what the surrounding scope has. */
  run<R>(value: T, work: () => R): R {
    return storage.run({ ...storage.getStore(), [this.key]: value }, work);
  }

  /** This slot's value in the scope the code runs in, if any. */
  get(): T | undefined {
    return storage.getStore()?.[this.key] as T | undefined;
  }
}
