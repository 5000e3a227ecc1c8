/**
 * kubectl's pod printer (`printPod`): READY counts ready containers (restartable init containers included), STATUS
 * is the most telling reason among phase, init and container states, RESTARTS adds how long ago the last restart
 * was. The logic follows the Go printer step by step because `kubectl get pods` output is what users compare.
 */
import type { PrinterContext, TableRowCondition } from './builtin-resource.js';
import type { Container } from './schemas/container.js';
import type { PodSpec, PodStatus } from './schemas/pod-spec.js';

/** The pod as the printer reads it. */
export interface PrintablePod {
  metadata: { deletionTimestamp?: string };
  spec?: PodSpec;
  status?: PodStatus;
}

type ContainerStatus = NonNullable<PodStatus['containerStatuses']>[number];

/** What the READY, STATUS and RESTARTS cells show. */
export interface PodSummary {
  readonly ready: string;
  readonly status: string;
  readonly restarts: string;
}

const isRestartable = (container: Container | undefined) => container?.restartPolicy === 'Always';

const hasTrueCondition = (status: PodStatus | undefined, type: string) =>
  (status?.conditions ?? []).some((condition) => condition.type === type && condition.status === 'True');

/** Tracks the restart count and the most recent restart time of a set of containers. */
class RestartTally {
  count = 0;
  last = 0;

  add(status: ContainerStatus): void {
    this.count += status.restartCount ?? 0;
    const finished = status.lastState?.terminated?.finishedAt;
    const time = typeof finished === 'string' ? Date.parse(finished) : Number.NaN;
    if (!Number.isNaN(time) && time > this.last) this.last = time;
  }
}

/** What one init container status means for the pod: done, a running sidecar, or the reason the pod waits. */
type InitOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'sidecar' }
  | { readonly kind: 'blocking'; readonly reason: string };

function initOutcome(
  status: ContainerStatus,
  index: number,
  total: number,
  restartable: boolean,
): InitOutcome {
  const terminated = status.state?.terminated;
  if (terminated && terminated.exitCode === 0) return { kind: 'done' };
  if (restartable && status.started) return { kind: 'sidecar' };
  if (terminated) {
    if (terminated.reason) return { kind: 'blocking', reason: `Init:${terminated.reason}` };
    const detail = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
    return { kind: 'blocking', reason: `Init:${detail}` };
  }
  const waiting = status.state?.waiting?.reason;
  if (waiting && waiting !== 'PodInitializing') return { kind: 'blocking', reason: `Init:${waiting}` };
  return { kind: 'blocking', reason: `Init:${index}/${total}` };
}

/** The READY count and STATUS reason as the printer refines them container by container. */
interface Progress {
  ready: number;
  reason: string;
}

/** The init-container pass: stops at the first init container that blocks the pod. */
function scanInitContainers(
  spec: PodSpec,
  status: PodStatus,
  progress: Progress,
): { initializing: boolean; all: RestartTally; sidecars: RestartTally } {
  const initContainers = new Map((spec.initContainers ?? []).map((c) => [c.name ?? '', c]));
  const all = new RestartTally();
  const sidecars = new RestartTally();
  for (const [index, initStatus] of (status.initContainerStatuses ?? []).entries()) {
    all.add(initStatus);
    const restartable = isRestartable(initContainers.get(initStatus.name ?? ''));
    if (restartable) sidecars.add(initStatus);
    const outcome = initOutcome(initStatus, index, spec.initContainers?.length ?? 0, restartable);
    if (outcome.kind === 'sidecar' && initStatus.ready) progress.ready++;
    if (outcome.kind === 'blocking') {
      progress.reason = outcome.reason;
      return { initializing: true, all, sidecars };
    }
  }
  return { initializing: false, all, sidecars };
}

/** The regular-container pass, last container first, as the Go loop runs. */
function scanContainers(status: PodStatus, progress: Progress, restarts: RestartTally): void {
  let hasRunning = false;
  const statuses = status.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const container = statuses[i] as ContainerStatus;
    restarts.add(container);
    const { waiting, terminated, running } = container.state ?? {};
    if (waiting?.reason) progress.reason = waiting.reason;
    else if (terminated?.reason) progress.reason = terminated.reason;
    else if (terminated) {
      progress.reason = terminated.signal
        ? `Signal:${terminated.signal}`
        : `ExitCode:${terminated.exitCode ?? 0}`;
    } else if (container.ready && running) {
      hasRunning = true;
      progress.ready++;
    }
  }
  if (progress.reason === 'Completed' && hasRunning) {
    progress.reason = hasTrueCondition(status, 'Ready') ? 'Running' : 'NotReady';
  }
}

/** The reason a pod being deleted shows: `Unknown` on a lost node, else `Terminating` until it ends. */
function deletionReason(pod: PrintablePod, reason: string): string {
  if (!pod.metadata.deletionTimestamp) return reason;
  if (pod.status?.reason === 'NodeLost') return 'Unknown';
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' ? reason : 'Terminating';
}

/** `4`, or `4 (90s ago)` when the last restart time is known. */
function restartText(restarts: RestartTally, context: PrinterContext): string {
  if (restarts.count === 0 || restarts.last === 0) return String(restarts.count);
  return `${restarts.count} (${context.humanDuration(context.now.getTime() - restarts.last)} ago)`;
}

/** Computes READY, STATUS and RESTARTS of a pod exactly as kubectl's printer does. */
export function podSummary(pod: PrintablePod, context: PrinterContext): PodSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const sidecarCount = (spec.initContainers ?? []).filter(isRestartable).length;
  const total = (spec.containers ?? []).length + sidecarCount;
  const progress: Progress = { ready: 0, reason: status.reason || status.phase || '' };
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    progress.reason = 'SchedulingGated';
  }
  const init = scanInitContainers(spec, status, progress);
  let restarts = init.all;
  if (!init.initializing || hasTrueCondition(status, 'Initialized')) {
    restarts = init.sidecars;
    scanContainers(status, progress, restarts);
  }
  return {
    ready: `${progress.ready}/${total}`,
    status: deletionReason(pod, progress.reason),
    restarts: restartText(restarts, context),
  };
}

/** READINESS GATES: true gates of all gates, `<none>` without gates. */
export function readinessGatesCell(pod: PrintablePod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const satisfied = gates.filter((gate) => {
    const condition = conditions.find((c) => c.type === gate.conditionType);
    return condition?.status === 'True';
  }).length;
  return `${satisfied}/${gates.length}`;
}

/** Pods that succeeded or failed are marked `Completed` so kubectl can hide them. */
export function podRowConditions(pod: PrintablePod): TableRowCondition[] {
  if (pod.status?.phase === 'Succeeded') {
    return [
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ];
  }
  if (pod.status?.phase === 'Failed') {
    return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  }
  return [];
}
