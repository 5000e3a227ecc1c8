/**
 * A controller: watches feed requests into a work queue, and workers reconcile them one key at a time. The loop
 * is controller-runtime's `reconcileHandler`: a throw requeues the request through the rate limiter (per-key
 * exponential backoff) unless it is a `TerminalError`; otherwise `requeueAfter` forgets the key's failures and
 * re-adds it after the delay; otherwise the key is forgotten; every branch counts `reconcile_total{result}`.
 * (Controller-runtime's deprecated `Requeue` flag, and its warning for a result returned with an error, have no
 * counterpart: a throwing reconciler returns nothing.) On stop, watches are detached, the queue shuts down, and
 * in-flight reconciles finish before `start` resolves.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { KubeObject, ResourceRef } from '../kube/index.js';
import type { Informer } from './informer.js';
import { controllerLogger, reconcileLogger } from './logging.js';
import type { RuntimeMetrics } from './metrics.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';
import {
  isTerminalError,
  type ReconcileFunction,
  type Reconciler,
  type Request,
  type Result,
  requestKey,
} from './reconcile.js';
import {
  type CompiledWatch,
  compileWatches,
  type ForSpec,
  type OwnsSpec,
  sourceHandler,
  type WatchSpec,
} from './watches.js';
import { WorkQueue } from './work-queue.js';

/** Options of a controller. */
export interface ControllerOptions {
  /** Unique among the manager's controllers; names its metrics, queue and logs. */
  name: string;
  reconciler: Reconciler | ReconcileFunction;
  /** How many requests are reconciled at once (never two with the same key). @default 1 */
  maxConcurrentReconciles?: number;
  /** How retries are delayed. @default defaultControllerRateLimiter() (5 ms → 1000 s per key, 10 qps burst 100) */
  rateLimiter?: RateLimiter<string>;
  /** How long to wait for the watched caches to fill before giving up. @default 120_000 */
  cacheSyncTimeoutMs?: number;
  /** Whether the controller runs only on the elected leader. @default true */
  needLeaderElection?: boolean;
  /** The reconciled kind. */
  for?: ForSpec;
  /** Kinds the reconciled kind owns (controller ownerReferences). @default [] */
  owns?: readonly OwnsSpec[];
  /** Other watched kinds with their handlers. @default [] */
  watches?: readonly WatchSpec[];
}

/** `ControllerOptions` with every default applied and the watches resolved. */
export interface CompiledControllerOptions {
  name: string;
  reconciler: Reconciler;
  maxConcurrentReconciles: number;
  rateLimiter: RateLimiter<string>;
  cacheSyncTimeoutMs: number;
  needLeaderElection: boolean;
  watches: readonly CompiledWatch[];
}

/** What a controller needs from its manager. */
export interface ControllerHost {
  readonly clusterNames: readonly string[];
  readonly defaultCluster: string;
  readonly logger: Logger;
  readonly metrics: RuntimeMetrics;
  /** The shared informer of a resource on a cluster (created and started on demand). */
  informerFor(cluster: string, resource: ResourceRef): Informer<KubeObject>;
}

/** The controller's options are unusable (no watches, a bad worker count, ...). */
export class ControllerConfigError extends Error {
  override readonly name = 'ControllerConfigError';
}

/** The watched caches did not fill within `cacheSyncTimeoutMs`. */
export class CacheSyncTimeoutError extends Error {
  override readonly name = 'CacheSyncTimeoutError';
}

/** Applies the defaults and resolves the watches against the manager's clusters. */
export function compileControllerOptions(
  options: ControllerOptions,
  clusterNames: readonly string[],
  defaultCluster: string,
): CompiledControllerOptions {
  const maxConcurrentReconciles = options.maxConcurrentReconciles ?? 1;
  if (!Number.isInteger(maxConcurrentReconciles) || maxConcurrentReconciles < 1) {
    throw new ControllerConfigError(`${options.name}: maxConcurrentReconciles must be a positive integer`);
  }
  const watches = compileWatches(options, clusterNames, defaultCluster);
  if (watches.length === 0)
    throw new ControllerConfigError(`${options.name}: a controller needs something to watch`);
  const reconciler =
    typeof options.reconciler === 'function' ? { reconcile: options.reconciler } : options.reconciler;
  return {
    name: options.name,
    reconciler,
    maxConcurrentReconciles,
    rateLimiter: options.rateLimiter ?? defaultControllerRateLimiter(),
    cacheSyncTimeoutMs: options.cacheSyncTimeoutMs ?? 120_000,
    needLeaderElection: options.needLeaderElection ?? true,
    watches,
  };
}

/** What a controller is doing. */
export type ControllerState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/** A controller; see the module comment. */
export class Controller {
  readonly name: string;
  readonly options: CompiledControllerOptions;
  readonly #host: ControllerHost;
  readonly #log: Logger;
  #state: ControllerState = 'created';
  #queue: WorkQueue<Request> | undefined;

  constructor(options: ControllerOptions, host: ControllerHost) {
    this.options = compileControllerOptions(options, host.clusterNames, host.defaultCluster);
    this.name = this.options.name;
    this.#host = host;
    this.#log = controllerLogger(host.logger, this.name);
  }

  /** What the controller is doing. */
  get state(): ControllerState {
    return this.#state;
  }

  /** The controller's work queue (present once started). */
  get queue(): WorkQueue<Request> | undefined {
    return this.#queue;
  }

  /**
   * Runs the controller until `stop` aborts, then drains in-flight reconciles. `abort` aborts the reconciles'
   * signal (hard stop). Rejects with `CacheSyncTimeoutError` when the caches do not fill in time.
   */
  async start(stop: AbortSignal, abort: AbortSignal): Promise<void> {
    if (this.#state !== 'created')
      throw new ControllerConfigError(`${this.name}: a controller starts only once`);
    this.#state = 'starting';
    const { metrics } = this.#host;
    metrics.initController(this.name, this.options.maxConcurrentReconciles);
    const queue = new WorkQueue<Request>({
      name: this.name,
      keyOf: requestKey,
      rateLimiter: this.options.rateLimiter,
      metrics: metrics.workQueueSink(this.name),
    });
    this.#queue = queue;
    const untrack = metrics.trackQueue(queue as WorkQueue<unknown>);
    const detach: Array<() => void> = [];
    try {
      const informers = this.#attach(queue, detach);
      this.#log.info({ watches: this.options.watches.length }, 'Starting EventSources');
      const synced = await Promise.all(
        informers.map((informer) => informer.waitForSync(stop, this.options.cacheSyncTimeoutMs)),
      );
      if (stop.aborted) return;
      if (synced.includes(false)) {
        throw new CacheSyncTimeoutError(
          `${this.name}: caches did not sync within ${this.options.cacheSyncTimeoutMs}ms`,
        );
      }
      this.#state = 'running';
      this.#log.info({ workerCount: this.options.maxConcurrentReconciles }, 'Starting workers');
      const workers = Array.from({ length: this.options.maxConcurrentReconciles }, () =>
        this.#worker(queue, abort),
      );
      await new Promise<void>((resolve) => {
        if (stop.aborted) resolve();
        else stop.addEventListener('abort', () => resolve(), { once: true });
      });
      this.#state = 'stopping';
      this.#log.info('Shutdown signal received, waiting for all workers to finish');
      for (const remove of detach.splice(0)) remove();
      queue.shutDown();
      await Promise.all(workers);
      this.#log.info('All workers finished');
    } finally {
      for (const remove of detach) remove();
      queue.shutDown();
      untrack();
      this.#state = 'stopped';
    }
  }

  #attach(queue: WorkQueue<Request>, detach: Array<() => void>): Informer<KubeObject>[] {
    const informers: Informer<KubeObject>[] = [];
    const enqueue = (request: Request) => queue.add(request);
    for (const watch of this.options.watches) {
      for (const cluster of watch.clusters) {
        const informer = this.#host.informerFor(cluster, watch.resource);
        detach.push(informer.addEventHandler(sourceHandler(cluster, watch, enqueue)));
        informers.push(informer);
      }
    }
    return informers;
  }

  async #worker(queue: WorkQueue<Request>, abort: AbortSignal): Promise<void> {
    const { metrics } = this.#host;
    for (;;) {
      const request = await queue.get();
      if (request === undefined) return;
      metrics.activeWorkers.inc({ controller: this.name });
      try {
        await this.#reconcileHandler(queue, request, abort);
      } finally {
        metrics.activeWorkers.dec({ controller: this.name });
        queue.done(request);
      }
    }
  }

  /** controller-runtime's reconcileHandler; see the module comment. */
  async #reconcileHandler(queue: WorkQueue<Request>, request: Request, abort: AbortSignal): Promise<void> {
    const { metrics } = this.#host;
    const controller = this.name;
    const reconcileId = randomUUID();
    const log = reconcileLogger(this.#log, request, reconcileId);
    const started = performance.now();
    let result: Result = {};
    let failure: { error: unknown } | undefined;
    try {
      log.trace('Reconciling');
      result = (await this.options.reconciler.reconcile(request, { signal: abort, log, reconcileId })) ?? {};
    } catch (error) {
      failure = { error };
    } finally {
      metrics.reconcileTime.observe({ controller }, (performance.now() - started) / 1000);
    }
    if (failure) {
      const { error } = failure;
      if (!(error instanceof Error)) metrics.reconcilePanics.inc({ controller });
      if (isTerminalError(error)) metrics.terminalReconcileErrors.inc({ controller });
      else queue.addRateLimited(request);
      metrics.reconcileErrors.inc({ controller });
      metrics.reconcileTotal.inc({ controller, result: 'error' });
      log.error({ err: error }, 'Reconciler error');
    } else if (result.requeueAfter !== undefined && result.requeueAfter > 0) {
      log.trace({ requeueAfterMs: result.requeueAfter }, 'Reconcile done, requeueing after delay');
      queue.forget(request);
      queue.addAfter(request, result.requeueAfter);
      metrics.reconcileTotal.inc({ controller, result: 'requeue_after' });
    } else {
      log.trace('Reconcile successful');
      queue.forget(request);
      metrics.reconcileTotal.inc({ controller, result: 'success' });
    }
  }
}
