/**
 * The contract between the embedded environment and the agents that play the parts the real world supplies (OCM's
 * registration, work, view and placement agents, application delivery, the CSI provisioner, the kubelet, storage
 * replication, VolSync movers). The environment builds one `AgentContext` per cluster and starts every agent that
 * belongs there; stopping a cluster (a fault) stops its agents, starting it again starts fresh ones on the same state.
 *
 * Agents implement the published contracts of the components they stand in for, no more and no less, and talk to the
 * API servers only through `ClusterClient`s, exactly as the real components do.
 */

import type { Logger } from 'pino';
import type { ClusterClient } from '../kube/index.js';

/** Where an agent runs: on the hub, or on one managed cluster. */
export type AgentPlacement = 'hub' | 'managed';

/** What an agent gets from the environment. */
export interface AgentContext {
  /** The cluster this agent serves (`hub` for hub agents). */
  clusterName: string;
  /** A client for that cluster. */
  cluster: ClusterClient;
  /** A client for the hub (the same as `cluster` for hub agents). */
  hub: ClusterClient;
  /** The names of all managed clusters, in order. */
  managedClusters: readonly string[];
  /** A directory this agent's cluster owns for its state (volumes, object data, logs); survives restarts. */
  stateDir: string;
  /**
   * Schedules of the agents run this many times faster (`--time-scale N`: a 1m replication interval runs every
   * 60/N s). Operators are never scaled. @default 1
   */
  timeScale: number;
  logger: Logger;
}

/** A running part of the embedded environment. `start` resolves once it is ready; `stop` once it has let go of everything. */
export interface Agent {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds an agent for one cluster. */
export interface AgentFactory {
  readonly name: string;
  readonly placement: AgentPlacement;
  create(context: AgentContext): Agent;
}

/** Converts an agent schedule in milliseconds to real milliseconds under `timeScale` (never below 10 ms). */
export function scaled(ms: number, timeScale: number): number {
  return Math.max(10, Math.round(ms / Math.max(timeScale, 1e-9)));
}
