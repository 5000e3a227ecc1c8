/**
 * The status the kubelet reports for a pod (`generateAPIPodStatus`): the phase from the containers' states and the
 * restart policy, the conditions PodReadyToStartContainers, Initialized, Ready, ContainersReady and PodScheduled,
 * one containerStatus per container, the node's and pod's IPs (loopback: every pod runs on this machine) and the
 * start time. Transition times are kept from the current status while a condition's status does not change, so
 * an unchanged pod produces an identical status and no write.
 */
import type { Pod } from '../../apiserver/builtins/index.js';
import type { ContainerRunState, ContainerSnapshot, PodWorker } from './pod-worker.js';

type PodStatus = NonNullable<Pod['status']>;
type PodCondition = NonNullable<PodStatus['conditions']>[number];
type ContainerStatus = NonNullable<PodStatus['containerStatuses']>[number];
type ContainerStateObject = NonNullable<ContainerStatus['state']>;

/** The address every pod and node reports. */
export const LOOPBACK_IP = '127.0.0.1';

/** The pod phase of a running worker. */
export function workerPhase(worker: PodWorker): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  const containers = worker.containers();
  if (containers.some((c) => c.state.kind === 'waiting' && c.state.reason === 'ContainerCreating'))
    return 'Pending';
  if (containers.length > 0 && containers.every((c) => c.state.kind === 'terminated')) {
    return containers.every((c) => c.state.kind === 'terminated' && c.state.exit.exitCode === 0)
      ? 'Succeeded'
      : 'Failed';
  }
  return 'Running';
}

function stateObject(state: ContainerRunState): ContainerStateObject {
  switch (state.kind) {
    case 'waiting':
      return {
        waiting: { reason: state.reason, ...(state.message !== undefined && { message: state.message }) },
      };
    case 'running':
      return { running: { startedAt: state.startedAt } };
    case 'terminated':
      return { terminated: terminatedObject(state.exit, state.containerId) };
  }
}

function terminatedObject(
  exit: Extract<ContainerRunState, { kind: 'terminated' }>['exit'],
  containerId: string,
): NonNullable<ContainerStateObject['terminated']> {
  return {
    exitCode: exit.exitCode,
    reason: exit.startError !== undefined ? 'StartError' : exit.exitCode === 0 ? 'Completed' : 'Error',
    ...(exit.startError !== undefined && { message: exit.startError }),
    startedAt: exit.startedAt,
    finishedAt: exit.finishedAt,
    containerID: containerId,
  };
}

function containerStatus(snapshot: ContainerSnapshot): ContainerStatus {
  const running = snapshot.state.kind === 'running';
  const containerId =
    snapshot.state.kind === 'waiting' ? snapshot.lastTerminated?.containerId : snapshot.state.containerId;
  return {
    name: snapshot.name,
    image: snapshot.image,
    imageID: '',
    ...(containerId !== undefined && { containerID: containerId }),
    state: stateObject(snapshot.state),
    lastState:
      snapshot.lastTerminated === undefined
        ? {}
        : { terminated: terminatedObject(snapshot.lastTerminated.exit, snapshot.lastTerminated.containerId) },
    ready: running,
    restartCount: snapshot.restartCount,
    started: running,
  };
}

function condition(
  previous: readonly PodCondition[] | undefined,
  type: string,
  status: 'True' | 'False',
  now: string,
  reason?: string,
  message?: string,
): PodCondition {
  const old = previous?.find((c) => c.type === type);
  return {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: old?.status === status && old.lastTransitionTime ? old.lastTransitionTime : now,
    ...(reason !== undefined && { reason }),
    ...(message !== undefined && { message }),
  };
}

/** The status of a pod whose worker runs. */
export function runningPodStatus(pod: Pod, worker: PodWorker, now: string): PodStatus {
  const phase = workerPhase(worker);
  const containers = worker.containers();
  const previous = pod.status?.conditions;
  const allReady = containers.every((c) => c.state.kind === 'running');
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const notReady = finished
    ? { reason: 'PodCompleted' }
    : {
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${containers
          .filter((c) => c.state.kind !== 'running')
          .map((c) => c.name)
          .join(' ')}]`,
      };
  const readiness = (type: string) =>
    allReady
      ? condition(previous, type, 'True', now)
      : condition(previous, type, 'False', now, notReady.reason, notReady.message);
  return {
    ...pod.status,
    phase,
    conditions: [
      condition(previous, 'PodReadyToStartContainers', finished ? 'False' : 'True', now),
      condition(previous, 'Initialized', 'True', now, ...(finished ? (['PodCompleted'] as const) : [])),
      readiness('Ready'),
      readiness('ContainersReady'),
      condition(previous, 'PodScheduled', 'True', now),
    ],
    hostIP: LOOPBACK_IP,
    hostIPs: [{ ip: LOOPBACK_IP }],
    podIP: LOOPBACK_IP,
    podIPs: [{ ip: LOOPBACK_IP }],
    startTime: worker.startTime,
    containerStatuses: containers.map(containerStatus),
  };
}

/** The status of a pod that cannot start yet (its claims are not usable). */
export function unschedulablePodStatus(pod: Pod, reason: string, message: string, now: string): PodStatus {
  return {
    ...pod.status,
    phase: 'Pending',
    conditions: [condition(pod.status?.conditions, 'PodScheduled', 'False', now, reason, message)],
  };
}
