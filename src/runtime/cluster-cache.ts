/**
 * The informer cache of one cluster, as controller-runtime's cache: one shared informer per resource, created on
 * first use and started with the cache, each resyncing every `syncPeriodMs` (±10 % jitter, so informers do not
 * resync in lockstep). Reads go to the informers: `get`/`list` start the informer for a resource not watched yet
 * and wait for its first list. A scope per resource (a namespace, a label selector) narrows what is cached.
 */
import type { Logger } from 'pino';
import {
  type ClusterClient,
  type KubeObject,
  type ObjectKey,
  type ObjectOf,
  type ResourceRef,
  resourceId,
  type SelectorInput,
} from '../kube/index.js';
import { type BackoffOptions, jittered } from './backoff.js';
import type { CacheQuery, IndexFunction } from './indexer.js';
import { Informer } from './informer.js';
import { silentLogger } from './logging.js';

/** Narrows what the cache holds of one resource. */
export interface CacheScope {
  resource: ResourceRef;
  namespace?: string;
  labelSelector?: SelectorInput;
  fieldSelector?: string;
  /** Extra indexes of this resource's informer. */
  indexers?: Readonly<Record<string, IndexFunction<KubeObject>>>;
}

/** Informer tuning shared by every informer of a cache. */
export interface InformerTuning {
  /** @default client-go's reflector backoff (800 ms → 30 s, jitter 1) */
  backoff?: BackoffOptions;
  /** @default [300, 600] */
  watchTimeoutSeconds?: readonly [number, number];
  /** @default 500 */
  pageSize?: number;
}

/** Options of `ClusterCache`. */
export interface ClusterCacheOptions {
  /** How often informers re-deliver every object (jittered ±10 %); 0 turns resyncs off. @default 36_000_000 (10 h) */
  syncPeriodMs?: number;
  /** @default [] */
  scopes?: readonly CacheScope[];
  /** @default {} */
  informer?: InformerTuning;
  /** @default silent */
  logger?: Logger;
  /** Called with every list/watch failure of any informer (metrics). */
  onInformerFailure?: (resource: ResourceRef, error: unknown) => void;
}

/** A read needs an informer that cannot start because the cache is not running. */
export class CacheNotStartedError extends Error {
  override readonly name = 'CacheNotStartedError';
}

/** The informers of one cluster; see the module comment. */
export class ClusterCache {
  readonly cluster: string;
  readonly #client: ClusterClient;
  readonly #options: ClusterCacheOptions;
  readonly #informers = new Map<string, Informer<KubeObject>>();
  readonly #scopes = new Map<string, CacheScope>();
  #started = false;
  #stopped = false;

  constructor(client: ClusterClient, options: ClusterCacheOptions = {}) {
    this.cluster = client.name;
    this.#client = client;
    this.#options = options;
    for (const scope of options.scopes ?? []) this.#scopes.set(resourceId(scope.resource), scope);
  }

  /** Whether the cache has been started (and not stopped). */
  get running(): boolean {
    return this.#started && !this.#stopped;
  }

  /** The informer of a resource, created (and started, if the cache runs) on first use. */
  informerFor<R extends ResourceRef>(resource: R): Informer<ObjectOf<R>> {
    const id = resourceId(resource);
    let informer = this.#informers.get(id);
    if (!informer) {
      const scope = this.#scopes.get(id);
      const tuning = this.#options.informer ?? {};
      const syncPeriod = this.#options.syncPeriodMs ?? 36_000_000;
      informer = new Informer<KubeObject>(this.#client, resource, {
        ...(scope?.namespace !== undefined && { namespace: scope.namespace }),
        ...(scope?.labelSelector !== undefined && { labelSelector: scope.labelSelector }),
        ...(scope?.fieldSelector !== undefined && { fieldSelector: scope.fieldSelector }),
        ...(scope?.indexers !== undefined && { indexers: scope.indexers }),
        ...(tuning.backoff !== undefined && { backoff: tuning.backoff }),
        ...(tuning.watchTimeoutSeconds !== undefined && { watchTimeoutSeconds: tuning.watchTimeoutSeconds }),
        ...(tuning.pageSize !== undefined && { pageSize: tuning.pageSize }),
        resyncPeriodMs: syncPeriod > 0 ? jittered(syncPeriod, 0.1) : 0,
        logger: this.#options.logger ?? silentLogger(),
        onFailure: (error) => this.#options.onInformerFailure?.(resource, error),
      });
      this.#informers.set(id, informer);
      if (this.running) informer.start();
    }
    return informer as unknown as Informer<ObjectOf<R>>;
  }

  /** The informers created so far. */
  informers(): Informer<KubeObject>[] {
    return [...this.#informers.values()];
  }

  /** Starts every informer, and any created later. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const informer of this.#informers.values()) informer.start();
  }

  /** Stops every informer. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all([...this.#informers.values()].map((informer) => informer.stop()));
  }

  /** Whether every informer has delivered its first list. */
  hasSynced(): boolean {
    return [...this.#informers.values()].every((informer) => informer.hasSynced());
  }

  /** Resolves true once every current informer synced; false on abort or timeout. */
  async waitForSync(signal?: AbortSignal, timeoutMs?: number): Promise<boolean> {
    const results = await Promise.all(
      [...this.#informers.values()].map((informer) => informer.waitForSync(signal, timeoutMs)),
    );
    return results.every(Boolean);
  }

  /** The cached object, or undefined; starts and waits for the resource's informer if needed. */
  async get<R extends ResourceRef>(
    resource: R,
    key: ObjectKey,
    signal?: AbortSignal,
  ): Promise<ObjectOf<R> | undefined> {
    return (await this.#synced(resource, signal)).get(key);
  }

  /** The cached objects matching `query`; starts and waits for the resource's informer if needed. */
  async list<R extends ResourceRef>(
    resource: R,
    query?: CacheQuery,
    signal?: AbortSignal,
  ): Promise<ObjectOf<R>[]> {
    return (await this.#synced(resource, signal)).list(query);
  }

  async #synced<R extends ResourceRef>(resource: R, signal?: AbortSignal): Promise<Informer<ObjectOf<R>>> {
    if (!this.running) {
      throw new CacheNotStartedError(
        `the cache of cluster ${this.cluster} is not running; start the manager first`,
      );
    }
    const informer = this.informerFor(resource);
    if (!informer.hasSynced() && !(await informer.waitForSync(signal))) {
      throw new CacheNotStartedError(`stopped while waiting for the ${resourceId(resource)} cache to sync`);
    }
    return informer;
  }
}
