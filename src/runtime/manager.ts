/**
 * The manager runs everything of one operator process, as controller-runtime's: one `Cluster` (client + informer
 * cache + event recorders) per cluster it talks to, the controllers, the probe/metrics endpoint and, optionally,
 * Lease leader election. `start(signal)`: serve the endpoint, start and sync the caches (readiness), start the
 * controllers that do not need leadership, campaign, and once elected start the rest. When `signal` aborts, the
 * graceful shutdown stops the controllers, waits for in-flight reconciles up to the graceful shutdown timeout
 * (30 s; past it their signal is aborted and `start` rejects with `GracefulShutdownTimeoutError`), then stops
 * election (releasing the Lease if configured), flushes events and stops caches and the endpoint. Losing
 * leadership aborts reconciles at once and rejects with `LeaderElectionLostError`: the process must exit, since
 * another instance now leads.
 */
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { ClusterClient, KubeObject, ResourceRef } from '../kube/index.js';
import { sleep } from './backoff.js';
import { Cluster } from './cluster.js';
import type { CacheScope, InformerTuning } from './cluster-cache.js';
import { Controller, type ControllerHost, type ControllerOptions } from './controller.js';
import type { EventRecorder } from './event-recorder.js';
import { type HealthCheck, HealthServer, type HealthServerOptions } from './health-server.js';
import type { Informer } from './informer.js';
import { type LeaderElectionOptions, LeaderElector } from './leader-election.js';
import { createLogger } from './logging.js';
import { RuntimeMetrics } from './metrics.js';

/** Options of `Manager`. */
export interface ManagerOptions {
  /** The clusters to talk to; each client's `name` is the cluster's name. At least one. */
  clusters: readonly ClusterClient[];
  /** The cluster watches and leader election use when they name none. @default the first cluster */
  defaultCluster?: string;
  /** @default createLogger() (info, to standard output) */
  logger?: Logger;
  /** Where metrics are registered (and `/metrics` reads). @default a new Registry */
  registry?: Registry;
  /** Lease leader election; without it this instance always leads. @default disabled */
  leaderElection?: LeaderElectionOptions;
  /** Serve `/healthz`, `/readyz` and `/metrics`. @default disabled */
  health?: HealthServerOptions;
  /** How long a graceful shutdown waits for in-flight work. @default 30_000 */
  gracefulShutdownTimeoutMs?: number;
  /** How often informers re-deliver every object (±10 % jitter); 0 turns resyncs off. @default 36_000_000 (10 h) */
  syncPeriodMs?: number;
  /** How long `start` waits for the caches to fill. @default 120_000 */
  cacheSyncTimeoutMs?: number;
  /** Informer tuning (backoff, watch timeouts, page size). @default {} */
  informer?: InformerTuning;
  /** Narrowed caches per cluster name. @default {} */
  cacheScopes?: Readonly<Record<string, readonly CacheScope[]>>;
}

/** `ManagerOptions` with every default applied. */
export interface CompiledManagerOptions {
  clusters: readonly ClusterClient[];
  defaultCluster: string;
  logger: Logger;
  registry: Registry;
  leaderElection: LeaderElectionOptions | undefined;
  health: HealthServerOptions | undefined;
  gracefulShutdownTimeoutMs: number;
  syncPeriodMs: number;
  cacheSyncTimeoutMs: number;
  informer: InformerTuning;
  cacheScopes: Readonly<Record<string, readonly CacheScope[]>>;
}

/** The manager's options are unusable. */
export class ManagerConfigError extends Error {
  override readonly name = 'ManagerConfigError';
}

/** The manager could not start (endpoint, cache sync, a controller). */
export class ManagerStartError extends Error {
  override readonly name = 'ManagerStartError';
}

/** This instance lost the Lease; it must exit, since another instance leads now. */
export class LeaderElectionLostError extends Error {
  override readonly name = 'LeaderElectionLostError';
}

/** In-flight work did not finish within the graceful shutdown timeout. */
export class GracefulShutdownTimeoutError extends Error {
  override readonly name = 'GracefulShutdownTimeoutError';
}

/** Applies the defaults once and checks the cluster set. */
export function compileManagerOptions(options: ManagerOptions): CompiledManagerOptions {
  if (options.clusters.length === 0) throw new ManagerConfigError('a manager needs at least one cluster');
  const names = options.clusters.map((client) => client.name);
  if (new Set(names).size !== names.length)
    throw new ManagerConfigError(`cluster names repeat: ${names.join(', ')}`);
  const defaultCluster = options.defaultCluster ?? (names[0] as string);
  if (!names.includes(defaultCluster)) throw new ManagerConfigError(`no cluster named "${defaultCluster}"`);
  const electionCluster = options.leaderElection?.cluster;
  if (electionCluster !== undefined && !names.includes(electionCluster)) {
    throw new ManagerConfigError(`leader election names an unknown cluster "${electionCluster}"`);
  }
  return {
    clusters: options.clusters,
    defaultCluster,
    logger: options.logger ?? createLogger(),
    registry: options.registry ?? new Registry(),
    leaderElection: options.leaderElection,
    health: options.health,
    gracefulShutdownTimeoutMs: options.gracefulShutdownTimeoutMs ?? 30_000,
    syncPeriodMs: options.syncPeriodMs ?? 36_000_000,
    cacheSyncTimeoutMs: options.cacheSyncTimeoutMs ?? 120_000,
    informer: options.informer ?? {},
    cacheScopes: options.cacheScopes ?? {},
  };
}

/** What a manager is doing. */
export type ManagerState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

interface RunningController {
  controller: Controller;
  done: Promise<void>;
}

/** Runs caches, controllers, endpoint and election; see the module comment. */
export class Manager implements ControllerHost {
  readonly options: CompiledManagerOptions;
  readonly clusterNames: readonly string[];
  readonly defaultCluster: string;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly metrics: RuntimeMetrics;
  readonly #clusters = new Map<string, Cluster>();
  readonly #controllers: Controller[] = [];
  readonly #running: RunningController[] = [];
  readonly #health: HealthServer | undefined;
  readonly #elector: LeaderElector | undefined;
  /** Aborted to stop controllers gracefully. */
  readonly #stopControllers = new AbortController();
  /** Aborted to abort in-flight reconciles. */
  readonly #abortReconciles = new AbortController();
  /** Aborted when something fails or leadership is lost, to end `start`. */
  readonly #fatal = new AbortController();
  #fatalError: Error | undefined;
  #state: ManagerState = 'created';
  #leading = false;
  #cachesSynced = false;
  #electedResolve: () => void = () => {};
  readonly #elected: Promise<void>;

  constructor(options: ManagerOptions) {
    this.options = compileManagerOptions(options);
    this.clusterNames = this.options.clusters.map((client) => client.name);
    this.defaultCluster = this.options.defaultCluster;
    this.logger = this.options.logger;
    this.registry = this.options.registry;
    this.metrics = RuntimeMetrics.for(this.registry);
    this.#elected = new Promise((resolve) => {
      this.#electedResolve = resolve;
    });
    for (const client of this.options.clusters) this.#addCluster(client);
    if (this.options.health) this.#health = new HealthServer(this.options.health, this.registry);
    const election = this.options.leaderElection;
    if (election) {
      const cluster = this.cluster(election.cluster ?? this.defaultCluster);
      this.#elector = new LeaderElector(cluster.client, election, this.logger, this.metrics);
      this.addHealthzCheck('leaderElection', () => this.#checkLeaderElection());
    }
    this.addReadyzCheck('caches', () => {
      if (!this.#cachesSynced) throw new Error('caches are not synced yet');
    });
  }

  /** What the manager is doing. */
  get state(): ManagerState {
    return this.#state;
  }

  /** This instance's leader-election identity (undefined without leader election). */
  get identity(): string | undefined {
    return this.#elector?.options.identity;
  }

  /** The port of the probe/metrics endpoint (after start; undefined when disabled). */
  get healthPort(): number | undefined {
    return this.#health?.port;
  }

  /** A cluster by name (the default cluster without a name). */
  cluster(name: string = this.defaultCluster): Cluster {
    const cluster = this.#clusters.get(name);
    if (!cluster)
      throw new ManagerConfigError(`no cluster named "${name}" (have ${this.clusterNames.join(', ')})`);
    return cluster;
  }

  /** The shared informer of a resource on a cluster (ControllerHost). */
  informerFor(cluster: string, resource: ResourceRef): Informer<KubeObject> {
    return this.cluster(cluster).cache.informerFor(resource);
  }

  /** An event recorder for a component, writing to a cluster (the default cluster without a name). */
  eventRecorderFor(component: string, cluster?: string): EventRecorder {
    return this.cluster(cluster).eventRecorder(component);
  }

  /** Adds a liveness check to `/healthz`. */
  addHealthzCheck(name: string, check: HealthCheck): void {
    this.#health?.addHealthzCheck(name, check);
  }

  /** Adds a readiness check to `/readyz`. */
  addReadyzCheck(name: string, check: HealthCheck): void {
    this.#health?.addReadyzCheck(name, check);
  }

  /** Adds a controller; added while running, it starts at once (when its leadership condition holds). */
  addController(options: ControllerOptions): Controller {
    if (this.#controllers.some((c) => c.name === options.name)) {
      throw new ManagerConfigError(`a controller named "${options.name}" exists already`);
    }
    const controller = new Controller(options, this);
    this.#controllers.push(controller);
    if (this.#state === 'running' && (this.#leading || !controller.options.needLeaderElection)) {
      this.#runController(controller);
    }
    return controller;
  }

  /** Whether this instance leads (always true without leader election, once started). */
  isLeader(): boolean {
    return this.#leading;
  }

  /** Resolves once this instance leads. */
  elected(): Promise<void> {
    return this.#elected;
  }

  /** Runs until `signal` aborts (then shuts down gracefully) or something fails; see the module comment. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.#state !== 'created') throw new ManagerConfigError('a manager starts only once');
    this.#state = 'starting';
    const ended = AbortSignal.any([signal, this.#fatal.signal]);
    let election: Promise<unknown> = Promise.resolve();
    const electionStop = new AbortController();
    try {
      await this.#health?.start();
      await this.#startCaches(ended);
      if (!ended.aborted) {
        for (const controller of this.#controllers) {
          if (!controller.options.needLeaderElection) this.#runController(controller);
        }
        this.#state = 'running';
        election = this.#campaign(electionStop.signal);
        await new Promise<void>((resolve) => {
          if (ended.aborted) resolve();
          else ended.addEventListener('abort', () => resolve(), { once: true });
        });
      }
    } catch (error) {
      this.#fail(error instanceof Error ? error : new Error(String(error)));
    }
    await this.#shutdown(electionStop, election);
  }

  #addCluster(client: ClusterClient): void {
    const cluster = new Cluster(client, {
      syncPeriodMs: this.options.syncPeriodMs,
      scopes: this.options.cacheScopes[client.name] ?? [],
      informer: this.options.informer,
      logger: this.logger,
    });
    client.observeRequests((record) =>
      this.metrics.restClientRequests.inc({
        code: record.code === undefined ? '<error>' : String(record.code),
        method: record.method,
        host: client.name,
      }),
    );
    this.#clusters.set(client.name, cluster);
  }

  async #startCaches(signal: AbortSignal): Promise<void> {
    for (const controller of this.#controllers) {
      for (const watch of controller.options.watches) {
        for (const cluster of watch.clusters) this.informerFor(cluster, watch.resource);
      }
    }
    for (const cluster of this.#clusters.values()) cluster.cache.start();
    const timeoutMs = this.options.cacheSyncTimeoutMs;
    const synced = await Promise.all(
      [...this.#clusters.values()].map((cluster) => cluster.cache.waitForSync(signal, timeoutMs)),
    );
    if (signal.aborted) return;
    if (synced.includes(false)) throw new ManagerStartError(`caches did not sync within ${timeoutMs}ms`);
    this.#cachesSynced = true;
    this.logger.info({ clusters: this.clusterNames }, 'caches synced');
  }

  async #campaign(signal: AbortSignal): Promise<void> {
    if (!this.#elector) {
      this.#becomeLeader();
      return;
    }
    const outcome = await this.#elector.run(signal, { onStartedLeading: () => this.#becomeLeader() });
    if (outcome === 'lost') {
      this.#leading = false;
      this.#abortReconciles.abort(new LeaderElectionLostError('leader election lost'));
      this.#fail(
        new LeaderElectionLostError(
          `lost the Lease ${this.#elector.options.namespace}/${this.#elector.options.name}`,
        ),
      );
    }
  }

  #becomeLeader(): void {
    this.#leading = true;
    this.#electedResolve();
    for (const controller of this.#controllers) {
      if (controller.options.needLeaderElection && controller.state === 'created')
        this.#runController(controller);
    }
  }

  #runController(controller: Controller): void {
    const done = controller
      .start(this.#stopControllers.signal, this.#abortReconciles.signal)
      .catch((error) => {
        this.logger.error({ err: error, controller: controller.name }, 'controller failed');
        this.#fail(new ManagerStartError(`controller ${controller.name} failed`, { cause: error }));
      });
    this.#running.push({ controller, done });
  }

  #fail(error: Error): void {
    this.#fatalError ??= error;
    this.#fatal.abort(error);
  }

  async #shutdown(electionStop: AbortController, election: Promise<unknown>): Promise<void> {
    this.#state = 'stopping';
    const deadline = Date.now() + this.options.gracefulShutdownTimeoutMs;
    this.logger.info('stopping: waiting for in-flight reconciles');
    this.#stopControllers.abort();
    const drained = Promise.all(this.#running.map((r) => r.done)).then(() => true);
    const timeout = new AbortController();
    const inTime = await Promise.race([
      drained,
      sleep(Math.max(0, deadline - Date.now()), timeout.signal).then(() => false),
    ]);
    timeout.abort();
    let timedOut: GracefulShutdownTimeoutError | undefined;
    if (!inTime) {
      timedOut = new GracefulShutdownTimeoutError(
        `in-flight reconciles did not finish within ${this.options.gracefulShutdownTimeoutMs}ms; aborted them`,
      );
      this.#abortReconciles.abort(timedOut);
      this.logger.error({ err: timedOut }, 'graceful shutdown timed out');
    }
    electionStop.abort();
    await election;
    this.#leading = false;
    await Promise.all([...this.#clusters.values()].map((cluster) => cluster.flushEvents()));
    await Promise.all([...this.#clusters.values()].map((cluster) => cluster.cache.stop()));
    await this.#health?.stop();
    for (const cluster of this.#clusters.values()) cluster.client.close();
    this.#state = 'stopped';
    this.logger.info('stopped');
    const failure = this.#fatalError ?? timedOut;
    if (failure) throw failure;
  }

  #checkLeaderElection(): void {
    const elector = this.#elector;
    if (!elector?.isLeader()) return;
    const limit = elector.options.leaseDurationMs + 20_000;
    const since = Date.now() - elector.lastRenewAt;
    if (since > limit) throw new Error(`the leader has not renewed its lease for ${since}ms`);
  }
}
