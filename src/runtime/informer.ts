/**
 * A shared informer: the list+watch loop that keeps an indexed cache of one resource of one cluster current and
 * tells handlers what changed. It lists (in pages), then watches from the list's resourceVersion with bookmarks and
 * a randomized server-side timeout, and re-watches from the last resourceVersion whenever a watch ends. Every
 * failure — a refused connection, an error status, a watch that ends at once without events, a watch that outlives
 * its timeout (a stalled connection) — waits a jittered exponential backoff before the next attempt; a 410 drops
 * the resourceVersion so the next attempt re-lists, and the re-list's difference from the cache becomes add, update
 * and delete events, so no change is missed across outages. Cached objects are deep-frozen plain JSON.
 */
import { type Logger, pino } from 'pino';
import {
  type ClusterClient,
  cacheKey,
  cacheKeyOf,
  deepFreeze,
  isGone,
  type KubeObject,
  type ObjectKey,
  type ResourceRef,
  resourceId,
  type SelectorInput,
  type WatchEvent,
} from '../kube/index.js';
import { Backoff, type BackoffOptions, sleep } from './backoff.js';
import { type CacheQuery, Indexer, type IndexFunction } from './indexer.js';

/** Receives an informer's changes; every method is optional. */
export interface InformerHandler<T extends KubeObject> {
  /** A new object; `isInInitialList` while the first list is delivered (or replayed to a late handler). */
  onAdd?(object: T, isInInitialList: boolean): void;
  /** A changed object, or the same object again on a periodic resync (`oldObject === newObject`). */
  onUpdate?(oldObject: T, newObject: T): void;
  /** A deleted object; `finalStateUnknown` when the deletion was found by a re-list (the last known state). */
  onDelete?(object: T, finalStateUnknown: boolean): void;
}

/** Options of `Informer`. */
export interface InformerOptions<T extends KubeObject> {
  /** Restricts a namespaced resource to one namespace. @default all namespaces */
  namespace?: string;
  /** @default everything */
  labelSelector?: SelectorInput;
  /** @default everything */
  fieldSelector?: string;
  /** Re-deliver every cached object as an update this often; 0 turns resyncs off. @default 0 */
  resyncPeriodMs?: number;
  /** The backoff between failed attempts. @default client-go's reflector backoff (see backoff.ts) */
  backoff?: BackoffOptions;
  /** Each watch asks the server to end it after a random time in this range, in seconds. @default [300, 600] */
  watchTimeoutSeconds?: readonly [number, number];
  /** A watch still open this long past its timeout is treated as stalled and restarted. @default 30_000 */
  stallGraceMs?: number;
  /** Items per list page. @default 500 */
  pageSize?: number;
  /** Extra indexes besides namespace, label and owner. @default {} */
  indexers?: Readonly<Record<string, IndexFunction<T>>>;
  /** @default a silent logger */
  logger?: Logger;
  /** Called with every list/watch failure (metrics). */
  onFailure?: (error: unknown) => void;
}

/** `InformerOptions` with every default applied. */
export interface CompiledInformerOptions<T extends KubeObject> {
  namespace: string | undefined;
  labelSelector: SelectorInput | undefined;
  fieldSelector: string | undefined;
  resyncPeriodMs: number;
  backoff: BackoffOptions;
  watchTimeoutSeconds: readonly [number, number];
  stallGraceMs: number;
  pageSize: number;
  indexers: Readonly<Record<string, IndexFunction<T>>>;
  logger: Logger;
  onFailure: (error: unknown) => void;
}

/** Applies the defaults once. */
export function compileInformerOptions<T extends KubeObject>(
  options: InformerOptions<T> = {},
): CompiledInformerOptions<T> {
  return {
    namespace: options.namespace,
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
    resyncPeriodMs: options.resyncPeriodMs ?? 0,
    backoff: options.backoff ?? {},
    watchTimeoutSeconds: options.watchTimeoutSeconds ?? [300, 600],
    stallGraceMs: options.stallGraceMs ?? 30_000,
    pageSize: options.pageSize ?? 500,
    indexers: options.indexers ?? {},
    logger: options.logger ?? pino({ level: 'silent' }),
    onFailure: options.onFailure ?? (() => {}),
  };
}

/** What an informer is doing. */
export type InformerState = 'idle' | 'listing' | 'watching' | 'backing-off' | 'stopped';

/** Counters of an informer's work, for tests, metrics and diagnosis. */
export interface InformerStats {
  lists: number;
  watches: number;
  failures: number;
  lastError: unknown;
}

/** A watch ended within a second without delivering anything: treated as a failure so it is not retried hot. */
export class ShortWatchError extends Error {
  override readonly name = 'ShortWatchError';
}

/** A watch stayed open well past the timeout it asked for: the connection is presumed dead. */
export class WatchStalledError extends Error {
  override readonly name = 'WatchStalledError';
}

/** Keeps the cache of one resource of one cluster current; see the module comment. */
export class Informer<T extends KubeObject> {
  readonly cluster: string;
  readonly resource: ResourceRef<T>;
  readonly #client: ClusterClient;
  readonly #options: CompiledInformerOptions<T>;
  readonly #store: Indexer<T>;
  readonly #handlers = new Set<InformerHandler<T>>();
  readonly #backoff: Backoff;
  readonly #log: Logger;
  readonly #syncWaiters = new Set<() => void>();
  readonly #stats: InformerStats = { lists: 0, watches: 0, failures: 0, lastError: undefined };
  #resourceVersion: string | undefined;
  #synced = false;
  #state: InformerState = 'idle';
  #stopper: AbortController | undefined;
  #loop: Promise<void> | undefined;
  #resyncTimer: NodeJS.Timeout | undefined;

  constructor(client: ClusterClient, resource: ResourceRef<T>, options: InformerOptions<T> = {}) {
    this.cluster = client.name;
    this.resource = resource;
    this.#client = client;
    this.#options = compileInformerOptions(options);
    this.#store = new Indexer<T>(this.#options.indexers);
    this.#backoff = new Backoff(this.#options.backoff);
    this.#log = this.#options.logger.child({ cluster: client.name, resource: resourceId(resource) });
  }

  /** What the informer is doing now. */
  get state(): InformerState {
    return this.#state;
  }

  /** Counters of lists, watches and failures. */
  get stats(): Readonly<InformerStats> {
    return this.#stats;
  }

  /** The resourceVersion the cache is current to (undefined before the first list and after a 410). */
  get resourceVersion(): string | undefined {
    return this.#resourceVersion;
  }

  /** Whether the first list has been delivered. */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** Starts the list+watch loop (idempotent). */
  start(): void {
    if (this.#loop !== undefined) return;
    this.#stopper = new AbortController();
    this.#loop = this.#run(this.#stopper.signal);
    if (this.#options.resyncPeriodMs > 0) {
      this.#resyncTimer = setInterval(() => this.#resync(), this.#options.resyncPeriodMs);
    }
  }

  /** Stops the loop and waits for it to end; the cache keeps its contents and `start` resumes from them. */
  async stop(): Promise<void> {
    clearInterval(this.#resyncTimer);
    this.#stopper?.abort();
    await this.#loop;
    this.#loop = undefined;
    this.#state = 'stopped';
  }

  /**
   * Resolves true once the first list is in the cache; false when `signal` aborts or `timeoutMs` passes first.
   */
  waitForSync(signal?: AbortSignal, timeoutMs?: number): Promise<boolean> {
    if (this.#synced) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (synced: boolean) => {
        this.#syncWaiters.delete(onSynced);
        signal?.removeEventListener('abort', onAbort);
        clearTimeout(timer);
        resolve(synced);
      };
      const onSynced = () => finish(true);
      const onAbort = () => finish(false);
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => finish(false), timeoutMs);
      this.#syncWaiters.add(onSynced);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) finish(false);
    });
  }

  /**
   * Adds a handler; the objects already cached are delivered to it at once as adds (`isInInitialList`). Returns
   * the function that removes it.
   */
  addEventHandler(handler: InformerHandler<T>): () => void {
    this.#handlers.add(handler);
    for (const object of this.#store.values())
      this.#call(handler, 'onAdd', () => handler.onAdd?.(object, true));
    return () => this.#handlers.delete(handler);
  }

  /** The cached object with this key. */
  get(key: ObjectKey): T | undefined {
    return this.#store.get(cacheKey(key));
  }

  /** The cached objects matching `query`. */
  list(query?: CacheQuery): T[] {
    return this.#store.list(query);
  }

  /** The cached objects an index maps `value` to. */
  byIndex(index: string, value: string): T[] {
    return this.#store.byIndex(index, value);
  }

  /** The number of cached objects. */
  get size(): number {
    return this.#store.size;
  }

  async #run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        if (this.#resourceVersion === undefined) await this.#relist(signal);
        await this.#watchOnce(signal);
      } catch (error) {
        if (signal.aborted) break;
        if (isGone(error)) this.#resourceVersion = undefined;
        this.#stats.failures++;
        this.#stats.lastError = error;
        this.#options.onFailure(error);
        const delayMs = this.#backoff.next();
        this.#log.warn({ err: error, delayMs }, 'list/watch failed; retrying after backoff');
        this.#state = 'backing-off';
        await sleep(delayMs, signal);
      }
    }
  }

  async #relist(signal: AbortSignal): Promise<void> {
    this.#state = 'listing';
    this.#stats.lists++;
    const items: T[] = [];
    let next: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.#client.list(this.resource, {
        namespace: this.#options.namespace,
        labelSelector: this.#options.labelSelector,
        fieldSelector: this.#options.fieldSelector,
        limit: this.#options.pageSize,
        continue: next,
        signal,
      });
      items.push(...(page.items as T[]));
      next = page.metadata.continue || undefined;
      resourceVersion = page.metadata.resourceVersion;
    } while (next !== undefined);
    this.#replace(items);
    this.#resourceVersion = resourceVersion;
    if (!this.#synced) {
      this.#synced = true;
      for (const resolve of [...this.#syncWaiters]) resolve();
    }
  }

  /** Makes the cache equal to a fresh list, delivering the differences (unchanged objects are not events). */
  #replace(items: T[]): void {
    const initial = !this.#synced;
    const seen = new Set<string>();
    for (const item of items) {
      const object = deepFreeze(item);
      seen.add(cacheKeyOf(object));
      const old = this.#store.upsert(object);
      if (!old) this.#emitAdd(object, initial);
      else if (old.metadata.resourceVersion !== object.metadata.resourceVersion)
        this.#emitUpdate(old, object);
    }
    const vanished = [...this.#store.keys()].filter((key) => !seen.has(key));
    for (const key of vanished) {
      const old = this.#store.remove(key);
      if (old) this.#emitDelete(old, true);
    }
  }

  async #watchOnce(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const [min, max] = this.#options.watchTimeoutSeconds;
    const timeoutSeconds = min + Math.floor(Math.random() * Math.max(0, max - min));
    const started = Date.now();
    let events = 0;
    let stalled = false;
    this.#state = 'watching';
    this.#stats.watches++;
    const handle = this.#client.watch(
      this.resource,
      {
        namespace: this.#options.namespace,
        labelSelector: this.#options.labelSelector,
        fieldSelector: this.#options.fieldSelector,
        resourceVersion: this.#resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds,
      },
      (event) => {
        events++;
        this.#apply(event as WatchEvent<T>);
      },
    );
    const onAbort = () => handle.stop();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) handle.stop();
    const stallTimer = setTimeout(
      () => {
        stalled = true;
        handle.stop();
      },
      timeoutSeconds * 1000 + this.#options.stallGraceMs,
    );
    try {
      await handle.done;
    } finally {
      clearTimeout(stallTimer);
      signal.removeEventListener('abort', onAbort);
    }
    if (signal.aborted) return;
    if (stalled) throw new WatchStalledError(`watch open ${timeoutSeconds}s past its timeout; restarting it`);
    if (events === 0 && Date.now() - started < 1000) {
      throw new ShortWatchError('watch ended within a second without events');
    }
  }

  #apply(event: WatchEvent<T>): void {
    const object = deepFreeze(event.object);
    const resourceVersion = object.metadata?.resourceVersion;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED': {
        const old = this.#store.upsert(object);
        if (!old) this.#emitAdd(object, false);
        else if (old.metadata.resourceVersion !== resourceVersion) this.#emitUpdate(old, object);
        break;
      }
      case 'DELETED': {
        const old = this.#store.remove(cacheKeyOf(object));
        this.#emitDelete(old ?? object, false);
        break;
      }
      default:
        break;
    }
    if (resourceVersion) this.#resourceVersion = resourceVersion;
  }

  #resync(): void {
    if (!this.#synced || this.#stopper?.signal.aborted) return;
    for (const object of this.#store.values()) this.#emitUpdate(object, object);
  }

  #emitAdd(object: T, initial: boolean): void {
    for (const handler of this.#handlers)
      this.#call(handler, 'onAdd', () => handler.onAdd?.(object, initial));
  }

  #emitUpdate(old: T, object: T): void {
    for (const handler of this.#handlers)
      this.#call(handler, 'onUpdate', () => handler.onUpdate?.(old, object));
  }

  #emitDelete(object: T, unknown: boolean): void {
    for (const handler of this.#handlers) {
      this.#call(handler, 'onDelete', () => handler.onDelete?.(object, unknown));
    }
  }

  #call(_handler: InformerHandler<T>, what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#log.error({ err: error, handler: what }, 'informer event handler threw');
    }
  }
}
