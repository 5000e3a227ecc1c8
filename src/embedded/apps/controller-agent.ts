/**
 * A hub agent made of controllers: a runtime `Manager` over the hub client, running the controllers the agent
 * declares. The client is borrowed (the environment shares it, so stopping the manager must not close it) and there
 * is no leader election (the environment runs one instance). `start` resolves once the caches are synced and the
 * controllers run; `stop` shuts the manager down gracefully; each start builds a fresh manager.
 */
import { type ControllerOptions, Manager } from '../../runtime/index.js';
import type { Agent, AgentContext } from '../agent.js';
import { borrowClient } from '../ocm/borrowed-client.js';

/** The manager of a controller agent could not start. */
export class ControllerAgentStartError extends Error {
  override readonly name = 'ControllerAgentStartError';
}

/** Builds the controllers of an agent once its manager exists (they read through the manager's caches). */
export type ControllersOf = (manager: Manager) => readonly ControllerOptions[];

/** An agent running controllers on the hub; see the module comment. */
export class ControllerAgent implements Agent {
  readonly name: string;
  readonly #context: AgentContext;
  readonly #controllers: ControllersOf;
  #stop: AbortController | undefined;
  #run: Promise<void> | undefined;

  constructor(name: string, context: AgentContext, controllers: ControllersOf) {
    this.name = name;
    this.#context = context;
    this.#controllers = controllers;
  }

  async start(): Promise<void> {
    if (this.#run !== undefined) throw new ControllerAgentStartError(`${this.name}: already started`);
    const manager = new Manager({
      clusters: [borrowClient(this.#context.hub)],
      logger: this.#context.logger.child({ agent: this.name }),
      gracefulShutdownTimeoutMs: 10_000,
    });
    for (const controller of this.#controllers(manager)) manager.addController(controller);
    const stop = new AbortController();
    this.#stop = stop;
    let failure: unknown;
    const run = manager.start(stop.signal).catch((error: unknown) => {
      failure = error;
      this.#context.logger.error({ err: error, agent: this.name }, 'controller manager failed');
    });
    this.#run = run;
    await Promise.race([manager.elected(), run]);
    if (manager.state !== 'running') {
      this.#stop = undefined;
      this.#run = undefined;
      throw new ControllerAgentStartError(`${this.name}: the controller manager did not start`, {
        cause: failure,
      });
    }
  }

  async stop(): Promise<void> {
    this.#stop?.abort();
    await this.#run;
    this.#stop = undefined;
    this.#run = undefined;
  }
}
