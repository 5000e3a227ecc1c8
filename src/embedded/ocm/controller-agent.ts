/**
 * The shape every OCM agent shares: a runtime `Manager` over the hub and (for managed agents) the agent's own
 * cluster, with the agent's controllers on it. `start` resolves once the caches synced and the controllers run;
 * `stop` shuts the manager down gracefully. Each start builds a fresh manager, so a restarted cluster gets fresh
 * caches on the same stored state, as a restarted klusterlet would.
 */
import type { Logger } from 'pino';
import type { CacheScope } from '../../runtime/index.js';
import { Manager } from '../../runtime/index.js';
import type { Agent, AgentContext } from '../agent.js';
import { borrowClient } from './borrowed-client.js';

/** What a controller agent is built from. */
export interface ControllerAgentSpec {
  name: string;
  context: AgentContext;
  /** Narrowed caches per cluster name (e.g. ManifestWorks of one namespace on the hub). */
  cacheScopes?: Readonly<Record<string, readonly CacheScope[]>>;
  /** Adds the controllers (and anything else) to a fresh manager. */
  setup(manager: Manager, log: Logger): void;
  /** Runs before the manager starts (e.g. to create objects the agent's component bootstraps). */
  prepare?(): Promise<void>;
  /** Runs once the controllers run (e.g. to enqueue a first request that no watch event would bring). */
  started?(manager: Manager): void;
}

/** The manager of an agent stopped before it became ready. */
export class AgentStartError extends Error {
  override readonly name = 'AgentStartError';
}

/** An `Agent` running controllers on a runtime manager; see the module comment. */
export class ControllerAgent implements Agent {
  readonly name: string;
  readonly #spec: ControllerAgentSpec;
  #abort: AbortController | undefined;
  #done: Promise<void> | undefined;

  constructor(spec: ControllerAgentSpec) {
    this.name = spec.name;
    this.#spec = spec;
  }

  async start(): Promise<void> {
    if (this.#done !== undefined) return;
    const { context } = this.#spec;
    const log = context.logger.child({ agent: this.name, cluster: context.clusterName });
    await this.#spec.prepare?.();
    const clients =
      context.cluster === context.hub || context.cluster.name === context.hub.name
        ? [borrowClient(context.hub)]
        : [borrowClient(context.hub), borrowClient(context.cluster)];
    const manager = new Manager({
      clusters: clients,
      defaultCluster: context.hub.name,
      logger: log,
      gracefulShutdownTimeoutMs: 5_000,
      syncPeriodMs: 0,
      informer: { backoff: { initialMs: 100, maxMs: 2_000 } },
      ...(this.#spec.cacheScopes !== undefined && { cacheScopes: this.#spec.cacheScopes }),
    });
    this.#spec.setup(manager, log);
    const abort = new AbortController();
    this.#abort = abort;
    let failure: unknown;
    this.#done = manager.start(abort.signal).catch((error: unknown) => {
      failure = error;
      log.error({ err: error }, 'agent stopped with an error');
    });
    await Promise.race([manager.elected(), this.#done]);
    if (!manager.isLeader()) {
      this.#done = undefined;
      throw new AgentStartError(`agent ${this.name} on ${context.clusterName} did not start`, {
        cause: failure,
      });
    }
    this.#spec.started?.(manager);
  }

  async stop(): Promise<void> {
    this.#abort?.abort();
    await this.#done;
    this.#abort = undefined;
    this.#done = undefined;
  }
}
