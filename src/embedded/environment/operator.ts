/**
 * How the environment runs the operators when they exist: each gets a kubeconfig and a context name and speaks
 * HTTP to its cluster, exactly as on real clusters (operator code never imports embedded code). Operators are never
 * time-scaled; they stop with their cluster and come back with it.
 */
import type { Logger } from 'pino';
import type { Agent, AgentFactory, AgentPlacement } from '../agent.js';

/** What an operator gets from the environment. */
export interface OperatorContext {
  /** The cluster it runs on. */
  clusterName: string;
  /** The environment's kubeconfig (one context per cluster). */
  kubeconfigPath: string;
  /** The hub's context name. */
  hub: string;
  /** The managed clusters' context names. */
  managedClusters: readonly string[];
  logger: Logger;
}

/** Builds an operator for one cluster (the hub operator on the hub, the cluster operator on managed clusters). */
export interface OperatorFactory {
  readonly name: string;
  readonly placement: AgentPlacement;
  create(context: OperatorContext): Agent;
}

/** Runs an operator factory through the agent machinery (start order, clean stop), without time scaling. */
export function operatorAsAgentFactory(
  operator: OperatorFactory,
  context: (clusterName: string) => OperatorContext,
): AgentFactory {
  return {
    name: operator.name,
    placement: operator.placement,
    create: (agentContext) => operator.create(context(agentContext.clusterName)),
  };
}
