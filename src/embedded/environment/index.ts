/**
 * @module embedded/environment
 *
 * The embedded environment: a hub and managed clusters on loopback (embedded API servers, S3-compatible object
 * stores, the agents that play OCM, application delivery, storage and the kubelet), one kubeconfig with a context
 * per cluster, and the faults (stop/start a cluster, S3 down/up, partition/heal). `ramen env up` runs it in the
 * foreground; tests start it in-process.
 *
 * @example
 * const env = await startEnvironment({ stateDir: '.ramen/env', timeScale: 60 });
 * // kubectl --kubeconfig .ramen/env/kubeconfig --context dr1 get ns
 * await env.stopCluster('dr1');
 * await env.startCluster('dr1');
 * await env.stop();
 */
export { AgentLifecycleError, type AgentSelection } from './cluster-agents.js';
export { type ClusterRole, hubKinds, kindsFor, managedKinds } from './cluster-kinds.js';
export { ControlRequestError, sendControl } from './control-client.js';
export {
  type ControlServer,
  type PublicClusterStatus,
  publicStatus,
  startControlServer,
} from './control-server.js';
export { defaultAgentFactories, defaultPodLogs } from './default-agents.js';
export type { ClusterState } from './embedded-cluster.js';
export { startEnvironment } from './environment.js';
export { EnvironmentError, UnknownClusterError } from './environment-error.js';
export {
  ENVIRONMENT_STATE_FILE,
  type EnvironmentState,
  environmentStatePath,
  readEnvironmentState,
} from './environment-state.js';
export type {
  ClusterStatus,
  Environment,
  EnvironmentOptions,
  EnvironmentS3,
  PodLogSourceFactory,
  StartStep,
} from './environment-types.js';
export type { OperatorContext, OperatorFactory } from './operator.js';
export { type ProbeResult, probeApiServer, probeS3 } from './probe.js';
export { ramenConfigDocument, ramenConfigMap } from './ramen-config-maps.js';
export {
  isProcessAlive,
  RUN_FILE,
  type RunInfo,
  readRunInfo,
  removeRunInfo,
  runFilePath,
  writeRunInfo,
} from './run-file.js';
export { S3_BUCKET, S3_REGION, type S3Profile, s3ProfileName, s3SecretName } from './s3-profiles.js';
