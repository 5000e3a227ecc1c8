/**
 * The one way an embedded agent runs controllers: a runtime `Manager` over the clients the environment lends it,
 * with the agent's controllers on it, as the components it stands in for are controller managers. `start` resolves
 * once the caches synced and the controllers run; `stop` shuts the manager down gracefully and then runs the
 * agent's own cleanup. Each start builds a fresh manager, so a restarted cluster gets fresh caches on the same
 * stored state, as a restarted component would.
 */
import type { Logger } from 'pino';
import type { ClusterClient } from '../kube/index.js';
import { Manager, type ManagerOptions } from '../runtime/index.js';
import type { Agent, AgentContext } from './agent.js';

/** The agent's manager stopped (or failed) before its caches synced and its controllers ran. */
export class ManagerAgentStartError extends Error {
  override readonly name = 'ManagerAgentStartError';
}

/**
 * Which of the context's clusters the manager talks to: the hub only (hub controllers), the agent's own cluster
 * only (kubelet, storage), or both with the hub as default (OCM agents on a managed cluster).
 */
export type ManagerAgentClusters = 'hub' | 'cluster' | 'hub-and-cluster';

/** Manager settings an agent may tune (each folder keeps the timings its components were written for). */
export type ManagerAgentTuning = Pick<
  ManagerOptions,
  'gracefulShutdownTimeoutMs' | 'syncPeriodMs' | 'informer' | 'cacheScopes'
>;

/** What a manager agent is built from. */
export interface ManagerAgentOptions {
  name: string;
  context: AgentContext;
  clusters: ManagerAgentClusters;
  tuning?: ManagerAgentTuning;
  /** Runs before the manager is built (e.g. to create objects the agent's component bootstraps). */
  prepare?(): Promise<void>;
  /** Adds the controllers (and anything else) to a fresh manager; called once per start. */
  setup(manager: Manager, log: Logger): void | Promise<void>;
  /** Runs once the controllers run (e.g. to enqueue a first request that no watch event would bring). */
  started?(manager: Manager): void;
  /** Runs after the manager stopped (releasing processes, timers). */
  afterStop?(): Promise<void>;
}

/**
 * The client without `close()`: the environment shares one client per cluster among all agents, and a manager
 * closes its clients on shutdown, which would cut the other agents' watches.
 */
export function borrowClient(client: ClusterClient): ClusterClient {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'close') return () => {};
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function clientsOf(context: AgentContext, clusters: ManagerAgentClusters): ClusterClient[] {
  if (clusters === 'hub') return [borrowClient(context.hub)];
  if (clusters === 'cluster') return [borrowClient(context.cluster)];
  const same = context.cluster === context.hub || context.cluster.name === context.hub.name;
  return same ? [borrowClient(context.hub)] : [borrowClient(context.hub), borrowClient(context.cluster)];
}

/** Runs a `Manager` with the agent's controllers as an `Agent`; see the module comment. */
export class ManagerAgent implements Agent {
  readonly name: string;
  readonly #options: ManagerAgentOptions;
  #abort: AbortController | undefined;
  #done: Promise<void> | undefined;

  constructor(options: ManagerAgentOptions) {
    this.name = options.name;
    this.#options = options;
  }

  async start(): Promise<void> {
    if (this.#done !== undefined) return;
    const { context, clusters, tuning } = this.#options;
    const log = context.logger.child({ agent: this.name, cluster: context.clusterName });
    await this.#options.prepare?.();
    const clients = clientsOf(context, clusters);
    const manager = new Manager({
      clusters: clients,
      defaultCluster: clusters === 'cluster' ? context.cluster.name : context.hub.name,
      logger: log,
      gracefulShutdownTimeoutMs: 5_000,
      ...tuning,
    });
    await this.#options.setup(manager, log);
    const abort = new AbortController();
    this.#abort = abort;
    let failure: unknown;
    this.#done = manager.start(abort.signal).catch((error: unknown) => {
      failure = error;
      log.error({ err: error }, 'agent stopped with an error');
    });
    await Promise.race([manager.elected(), this.#done]);
    if (!manager.isLeader()) {
      this.#abort = undefined;
      this.#done = undefined;
      throw new ManagerAgentStartError(`agent ${this.name} on ${context.clusterName} did not start`, {
        cause: failure,
      });
    }
    this.#options.started?.(manager);
  }

  async stop(): Promise<void> {
    this.#abort?.abort();
    await this.#done;
    this.#abort = undefined;
    this.#done = undefined;
    await this.#options.afterStop?.();
  }
}
