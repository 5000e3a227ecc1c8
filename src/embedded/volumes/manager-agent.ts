/**
 * An agent that is a controller-runtime `Manager` on its cluster: the storage and kubelet agents are controllers,
 * exactly like the components they stand in for. `start` resolves once the caches are synced and the controllers
 * run; `stop` shuts the manager down gracefully and then runs the agent's own cleanup (killing processes).
 */
import type { ClusterClient } from '../../kube/index.js';
import { Manager } from '../../runtime/index.js';
import type { Agent, AgentContext } from '../agent.js';

/** The agent could not start (caches did not sync, a setup step failed). */
export class ManagerAgentStartError extends Error {
  override readonly name = 'ManagerAgentStartError';
}

/** What a manager agent is built from. */
export interface ManagerAgentOptions {
  name: string;
  context: AgentContext;
  /**
   * Adds the controllers (`manager.addController`, which returns the controller for agents that enqueue requests
   * themselves, e.g. when a process exits) and creates default objects; called once per start with a new manager.
   */
  setup(manager: Manager): void | Promise<void>;
  /** Runs after the manager stopped (releasing processes). */
  afterStop?(): Promise<void>;
}

/**
 * The context's client without `close()`: several agents share one client per cluster, and a manager closes its
 * clients on shutdown, which would cut the other agents' watches.
 */
export function borrowedClient(client: ClusterClient): ClusterClient {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'close') return () => {};
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const POLL_MS = 20;

/** Runs a `Manager` with the given controllers as an `Agent`. */
export class ManagerAgent implements Agent {
  readonly name: string;
  readonly #options: ManagerAgentOptions;
  #stopper: AbortController | undefined;
  #done: Promise<void> | undefined;

  constructor(options: ManagerAgentOptions) {
    this.name = options.name;
    this.#options = options;
  }

  async start(): Promise<void> {
    if (this.#done !== undefined) return;
    const { context } = this.#options;
    const manager = new Manager({
      clusters: [borrowedClient(context.cluster)],
      logger: context.logger.child({ agent: this.name }),
      gracefulShutdownTimeoutMs: 5_000,
      informer: { backoff: { initialMs: 200, maxMs: 5_000 } },
    });
    await this.#options.setup(manager);
    const stopper = new AbortController();
    this.#stopper = stopper;
    let failure: unknown;
    this.#done = manager.start(stopper.signal).catch((error: unknown) => {
      failure = error;
      context.logger.error({ err: error, agent: this.name }, 'agent stopped with an error');
    });
    while (manager.state !== 'running') {
      if (failure !== undefined || manager.state === 'stopped') {
        throw new ManagerAgentStartError(`agent ${this.name} did not start`, { cause: failure });
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async stop(): Promise<void> {
    this.#stopper?.abort();
    await this.#done;
    this.#done = undefined;
    this.#stopper = undefined;
    await this.#options.afterStop?.();
  }
}
