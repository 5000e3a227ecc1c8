/**
 * @module embedded/kubelet
 *
 * Workloads on a managed cluster of the embedded environment: Deployments (through ReplicaSets) and StatefulSets
 * get pods as the real controllers create them, and a kubelet runs each pod's containers as real processes once
 * its claims are bound — shell commands run for real, with each volume mounted at its mountPath in a private mount
 * namespace (or the paths rewritten where that is not possible), anything else idles — with restart policies,
 * graceful termination, the pod status, and container logs served to `kubectl logs` through `createPodLogSource`.
 */
export * from './container-command.js';
export * from './container-isolation.js';
export * from './cri-log.js';
export { deploymentController } from './deployment-controller.js';
export * from './kubelet-agent.js';
export { Kubelet, MAX_GRACE_PERIOD_SECONDS } from './pod-controller.js';
export * from './pod-log-source.js';
export * from './pod-readiness.js';
export { replicaSetController } from './replica-set-controller.js';
export { statefulSetController } from './stateful-set-controller.js';
export * from './workload-names.js';
