/**
 * The agents of one cluster: created from the factories with a fresh `AgentContext` each time they start (a
 * restarted cluster gets fresh agents on the same state), stopped in reverse order. The set also learns which
 * agents are hub-facing: an agent of a managed cluster that reads `context.hub` does its work through the hub, so a
 * network partition between that cluster and the hub stops it while the rest of the cluster keeps running.
 */
import type { Logger } from 'pino';
import type { Agent, AgentContext, AgentFactory } from '../agent.js';
import { EnvironmentError } from './environment-error.js';

/** An agent that failed to start or stop. */
export class AgentLifecycleError extends Error {
  override readonly name = 'AgentLifecycleError';
}

interface RunningAgent {
  readonly factory: AgentFactory;
  readonly agent: Agent;
}

/** Which agents to act on. */
export type AgentSelection = 'all' | 'hub-facing' | 'not-hub-facing';

/** The running agents of one cluster; see the module comment. */
export class ClusterAgents {
  readonly #factories: readonly AgentFactory[];
  readonly #context: () => AgentContext;
  readonly #logger: Logger;
  readonly #running: RunningAgent[] = [];
  /** Factories whose agents read the hub client (learned when they are created or started). */
  readonly #hubFacing = new Set<AgentFactory>();

  /**
   * @param factories the factories of this cluster's agents, in start order
   * @param context builds a fresh context for each agent
   */
  constructor(factories: readonly AgentFactory[], context: () => AgentContext, logger: Logger) {
    this.#factories = factories;
    this.#context = context;
    this.#logger = logger;
  }

  /** The names of the running agents, in start order. */
  get running(): readonly string[] {
    return this.#running.map((entry) => entry.agent.name);
  }

  /** Whether the agents of `factory` were seen to use the hub. */
  isHubFacing(factory: AgentFactory): boolean {
    return this.#hubFacing.has(factory);
  }

  #selected(factory: AgentFactory, selection: AgentSelection): boolean {
    if (selection === 'all') return true;
    return (selection === 'hub-facing') === this.#hubFacing.has(factory);
  }

  /** A context whose `hub` getter records that the agent uses the hub. */
  #trackedContext(factory: AgentFactory): AgentContext {
    const base = this.#context();
    const hubFacing = this.#hubFacing;
    const { hub, ...rest } = base;
    return {
      ...rest,
      get hub() {
        hubFacing.add(factory);
        return hub;
      },
    };
  }

  /**
   * Starts the agents of the selected factories that are not running, in factory order. With `skipHubFacing`, an
   * agent that turns out to need the hub while it is created is not started (the cluster is partitioned).
   */
  async start(selection: AgentSelection = 'all', skipHubFacing = false): Promise<void> {
    for (const factory of this.#factories) {
      if (!this.#selected(factory, selection)) continue;
      if (this.#running.some((entry) => entry.factory === factory)) continue;
      if (skipHubFacing && this.#hubFacing.has(factory)) continue;
      const agent = factory.create(this.#trackedContext(factory));
      if (skipHubFacing && this.#hubFacing.has(factory)) continue;
      try {
        await agent.start();
      } catch (error) {
        await agent.stop().catch(() => undefined);
        throw new AgentLifecycleError(`agent ${factory.name} did not start: ${String(error)}`, {
          cause: error,
        });
      }
      this.#running.push({ factory, agent });
      this.#running.sort((a, b) => this.#factories.indexOf(a.factory) - this.#factories.indexOf(b.factory));
      if (skipHubFacing && this.#hubFacing.has(factory)) await this.#stopOne(factory);
    }
  }

  /** Stops the selected running agents, last started first. Every agent is asked; the first failure is thrown. */
  async stop(selection: AgentSelection = 'all'): Promise<void> {
    const failures: unknown[] = [];
    for (const entry of [...this.#running].reverse()) {
      if (!this.#selected(entry.factory, selection)) continue;
      try {
        await this.#stopOne(entry.factory);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) {
      throw new EnvironmentError(`${failures.length} agent(s) did not stop cleanly`, { cause: failures[0] });
    }
  }

  async #stopOne(factory: AgentFactory): Promise<void> {
    const index = this.#running.findIndex((entry) => entry.factory === factory);
    const entry = this.#running[index];
    if (entry === undefined) return;
    this.#running.splice(index, 1);
    try {
      await entry.agent.stop();
    } catch (error) {
      this.#logger.error({ err: error, agent: entry.agent.name }, 'agent did not stop cleanly');
      throw new AgentLifecycleError(`agent ${entry.agent.name} did not stop cleanly: ${String(error)}`, {
        cause: error,
      });
    }
  }
}
