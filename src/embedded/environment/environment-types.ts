/**
 * The public shape of the embedded environment: its options, the handle `startEnvironment` returns, and the
 * snapshots it reports. Kept apart from the implementation so the CLI and tests depend on the contract only.
 */
import type { Logger } from 'pino';
import type { PodLogSource } from '../../apiserver/registry/index.js';
import type { ClusterClient } from '../../kube/index.js';
import type { AgentFactory } from '../agent.js';
import type { ClusterState } from './embedded-cluster.js';
import type { OperatorFactory } from './operator.js';

/** Builds the `pods/log` source of one cluster (the embedded kubelet's logs under the cluster's directory). */
export type PodLogSourceFactory = (cluster: { clusterName: string; stateDir: string }) => PodLogSource;

/** Options of `startEnvironment`. */
export interface EnvironmentOptions {
  /** The managed clusters (at least two, distinct, DNS-label names). @default ['dr1', 'dr2'] */
  clusters?: readonly string[];
  /** The hub's name. @default 'hub' */
  hub?: string;
  /**
   * Where everything persists (`<stateDir>/<cluster>/apiserver`, `<stateDir>/<cluster>/s3`, the kubeconfig and
   * environment.json); a later start on the same directory resumes. @default a temporary directory removed by stop()
   */
  stateDir?: string;
  /** Agent schedules run this many times faster; operators are never scaled. @default 1 */
  timeScale?: number;
  /** The agents to run, hub and managed. @default defaultAgentFactories (every embedded agent built so far) */
  agents?: readonly AgentFactory[];
  /** The operators to run. @default [] */
  operators?: readonly OperatorFactory[];
  /** Where `pods/log` reads from. @default the embedded kubelet's log files (defaultPodLogs) */
  podLogs?: PodLogSourceFactory;
  /** The root logger; agents get children. @default silent */
  logger?: Logger;
  /** Called as each start-up step completes, with its duration (for `ramen env up`'s progress lines). */
  onStep?: (step: StartStep, durationMs: number) => void;
}

/** The steps of a start, in order. */
export type StartStep = 'servers' | 'kubeconfig' | 'bootstrap' | 'hub-agents' | 'managed-agents';

/** The object store of one managed cluster, as clients reach it. */
export interface EnvironmentS3 {
  /** The RamenConfig profile name (`minio-on-<cluster>`). */
  readonly profileName: string;
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The Secret in `ramen-system` holding the credentials. */
  readonly secretName: string;
  readonly reachable: boolean;
}

/** A snapshot of one cluster, for status output. */
export interface ClusterStatus {
  readonly name: string;
  readonly role: 'hub' | 'managed';
  readonly state: ClusterState;
  readonly partitioned: boolean;
  readonly apiServerUrl: string;
  readonly s3?: EnvironmentS3;
  /** The running agents and operators, in start order. */
  readonly agents: readonly string[];
  readonly operators: readonly string[];
}

/** A running environment; see the module comment. */
export interface Environment {
  /** Every cluster, hub first. */
  readonly clusters: readonly string[];
  readonly hub: string;
  readonly managedClusters: readonly string[];
  readonly stateDir: string;
  /** The kubeconfig with a context per cluster (current context: the hub). */
  readonly kubeconfigPath: string;
  readonly timeScale: number;
  /** A client for a cluster (it keeps working across stop/start of that cluster). */
  client(name: string): ClusterClient;
  /** The object store of a managed cluster. */
  s3(name: string): EnvironmentS3;
  /** The API server URL of a cluster. */
  apiServerUrl(name: string): string;
  /** A snapshot of every cluster. */
  status(): ClusterStatus[];
  /** Stops a cluster: API server, agents, operators, workloads and its object store go dark; state is kept. */
  stopCluster(name: string): Promise<void>;
  /** Starts a stopped cluster on the same ports with the same state. */
  startCluster(name: string): Promise<void>;
  /** Takes one managed cluster's object store, or all of them, off the network. */
  s3Down(name?: string): Promise<void>;
  /** Brings object stores back. */
  s3Up(name?: string): Promise<void>;
  /** Cuts a managed cluster off the hub: its hub-facing agents stop while its API server keeps serving. */
  partition(name: string): Promise<void>;
  /** Ends a partition. */
  heal(name: string): Promise<void>;
  /** Stops everything (state stays in the state directory, or the temporary directory is removed). Idempotent. */
  stop(): Promise<void>;
}
