/**
 * corev1.PodSpec, PodTemplateSpec and PodStatus. Fields the product reads or the server defaults are typed;
 * scheduling constraints (affinity, topology spread), DNS config and the like are kept as sent, so no valid field is
 * ever pruned.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  DateTime,
  FreeForm,
  Int32,
  Int64,
  List,
  LocalObjectReference,
  NullableDateTime,
  PodSecurityContext,
  ResourceList,
  StringMap,
  TypedString,
} from '../../../api/index.js';
import { EmbeddedMetadata, ProbedCondition } from './common.js';
import { Container, EphemeralContainer } from './container.js';
import { Volume } from './volume.js';

/** corev1.Toleration. */
export function Toleration() {
  return Type.Object({
    effect: Type.Optional(
      Type.String({ description: 'NoSchedule, PreferNoSchedule or NoExecute; empty for all.' }),
    ),
    key: Type.Optional(Type.String({ description: 'Taint key; empty with Exists for all taints.' })),
    operator: Type.Optional(Type.String({ description: 'Exists or Equal (default).' })),
    tolerationSeconds: Type.Optional(Int64({ description: 'How long a NoExecute taint is tolerated.' })),
    value: Type.Optional(Type.String({ description: 'Taint value for Equal.' })),
  });
}

/** The pod restart policies. */
export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/** corev1.PodSpec. */
export function PodSpec() {
  return Type.Object({
    activeDeadlineSeconds: Type.Optional(
      Int64({ description: 'Seconds the pod may run before it is failed.' }),
    ),
    affinity: Type.Optional(
      FreeForm({ description: 'Node and pod (anti-)affinity scheduling constraints.' }),
    ),
    automountServiceAccountToken: Type.Optional(
      Type.Boolean({ description: 'Mount the service account token.' }),
    ),
    containers: Type.Optional(List(Container(), { description: 'The containers of the pod; at least one.' })),
    dnsConfig: Type.Optional(FreeForm({ description: 'Extra DNS settings.' })),
    dnsPolicy: Type.Optional(
      Type.String({ description: 'ClusterFirst (default), ClusterFirstWithHostNet, Default or None.' }),
    ),
    enableServiceLinks: Type.Optional(Type.Boolean({ description: 'Inject service environment variables.' })),
    ephemeralContainers: Type.Optional(List(EphemeralContainer(), { description: 'Debugging containers.' })),
    hostAliases: Type.Optional(
      List(
        Type.Object({
          hostnames: Type.Optional(List(Type.String(), { description: 'Host names for the IP.' })),
          ip: Type.Optional(Type.String({ description: 'IP address of the entry.' })),
        }),
        { description: 'Extra /etc/hosts entries.' },
      ),
    ),
    hostIPC: Type.Optional(Type.Boolean({ description: 'Use the host IPC namespace.' })),
    hostNetwork: Type.Optional(Type.Boolean({ description: 'Use the host network namespace.' })),
    hostPID: Type.Optional(Type.Boolean({ description: 'Use the host PID namespace.' })),
    hostUsers: Type.Optional(Type.Boolean({ description: 'Use the host user namespace.' })),
    hostname: Type.Optional(Type.String({ description: 'Host name of the pod.' })),
    imagePullSecrets: Type.Optional(
      List(LocalObjectReference(), { description: 'Secrets for pulling images.' }),
    ),
    initContainers: Type.Optional(
      List(Container(), { description: 'Containers run to completion before the others.' }),
    ),
    nodeName: Type.Optional(Type.String({ description: 'The node the pod is bound to.' })),
    nodeSelector: Type.Optional(StringMap({ description: 'Node labels the node must have.' })),
    os: Type.Optional(FreeForm({ description: 'Operating system of the containers.' })),
    overhead: Type.Optional(ResourceList({ description: 'Resources of the pod sandbox.' })),
    preemptionPolicy: Type.Optional(Type.String({ description: 'PreemptLowerPriority or Never.' })),
    priority: Type.Optional(Int32({ description: 'Priority, resolved from the priority class.' })),
    priorityClassName: Type.Optional(Type.String({ description: 'Name of a PriorityClass.' })),
    readinessGates: Type.Optional(
      List(
        Type.Object({ conditionType: Type.Optional(Type.String({ description: 'A pod condition type.' })) }),
        { description: 'Extra conditions required for readiness.' },
      ),
    ),
    resourceClaims: Type.Optional(List(FreeForm(), { description: 'Dynamic resource claims of the pod.' })),
    resources: Type.Optional(FreeForm({ description: 'Pod-level resource requirements.' })),
    restartPolicy: Type.Optional(
      TypedString<RestartPolicy>({ description: 'Always (default), OnFailure or Never.' }),
    ),
    runtimeClassName: Type.Optional(Type.String({ description: 'RuntimeClass of the pod.' })),
    schedulerName: Type.Optional(Type.String({ description: 'Scheduler that places the pod.' })),
    schedulingGates: Type.Optional(
      List(Type.Object({ name: Type.Optional(Type.String()) }), {
        description: 'Gates that hold scheduling.',
      }),
    ),
    securityContext: Type.Optional(PodSecurityContext({ description: 'Pod-level security attributes.' })),
    serviceAccount: Type.Optional(Type.String({ description: 'Deprecated alias of serviceAccountName.' })),
    serviceAccountName: Type.Optional(Type.String({ description: 'ServiceAccount the pod runs as.' })),
    setHostnameAsFQDN: Type.Optional(Type.Boolean({ description: 'Use the FQDN as the host name.' })),
    shareProcessNamespace: Type.Optional(
      Type.Boolean({ description: 'One PID namespace for all containers.' }),
    ),
    subdomain: Type.Optional(Type.String({ description: 'Subdomain for the pod host name.' })),
    terminationGracePeriodSeconds: Type.Optional(
      Int64({ description: 'Seconds between SIGTERM and SIGKILL.' }),
    ),
    tolerations: Type.Optional(List(Toleration(), { description: 'Taints the pod tolerates.' })),
    topologySpreadConstraints: Type.Optional(
      List(FreeForm(), { description: 'How pods spread over domains.' }),
    ),
    volumes: Type.Optional(List(Volume(), { description: 'Volumes the containers may mount.' })),
  });
}

/** corev1.PodTemplateSpec. */
export function PodTemplateSpec() {
  return Type.Object({
    metadata: Type.Optional(EmbeddedMetadata()),
    spec: Type.Optional(PodSpec()),
  });
}

/** corev1.ContainerState. */
function ContainerState() {
  return Type.Object({
    running: Type.Optional(
      Type.Object({
        startedAt: Type.Optional(NullableDateTime({ description: 'When the container started.' })),
      }),
    ),
    terminated: Type.Optional(
      Type.Object({
        containerID: Type.Optional(Type.String()),
        exitCode: Type.Optional(Int32({ description: 'Exit status.' })),
        finishedAt: Type.Optional(NullableDateTime({ description: 'When the container stopped.' })),
        message: Type.Optional(Type.String()),
        reason: Type.Optional(Type.String({ description: 'Why it stopped (Completed, Error, OOMKilled).' })),
        signal: Type.Optional(Int32({ description: 'Signal that stopped it.' })),
        startedAt: Type.Optional(NullableDateTime()),
      }),
    ),
    waiting: Type.Optional(
      Type.Object({
        message: Type.Optional(Type.String()),
        reason: Type.Optional(
          Type.String({ description: 'Why it is waiting (ContainerCreating, CrashLoopBackOff).' }),
        ),
      }),
    ),
  });
}

/** corev1.ContainerStatus. */
export function ContainerStatus() {
  return Type.Object({
    allocatedResources: Type.Optional(ResourceList()),
    allocatedResourcesStatus: Type.Optional(List(FreeForm())),
    containerID: Type.Optional(Type.String({ description: 'Runtime ID of the container.' })),
    image: Type.Optional(Type.String({ description: 'Image the container runs.' })),
    imageID: Type.Optional(Type.String({ description: 'Resolved image ID.' })),
    lastState: Type.Optional(ContainerState()),
    name: Type.Optional(Type.String({ description: 'Container name.' })),
    ready: Type.Optional(Type.Boolean({ description: 'Whether the container passes its readiness probe.' })),
    resources: Type.Optional(FreeForm()),
    restartCount: Type.Optional(Int32({ description: 'Times the container has restarted.' })),
    started: Type.Optional(Type.Boolean({ description: 'Whether the startup probe passed.' })),
    state: Type.Optional(ContainerState()),
    user: Type.Optional(FreeForm()),
    volumeMounts: Type.Optional(List(FreeForm())),
  });
}

const podIPs = (what: string) =>
  Type.Optional(
    List(Type.Object({ ip: Type.Optional(Type.String()) }), { description: `${what} addresses.` }),
  );

/** The pod phases. */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** corev1.PodStatus. */
export function PodStatus() {
  return Type.Object({
    conditions: Type.Optional(
      List(ProbedCondition(), { description: 'PodScheduled, Initialized, Ready, …' }),
    ),
    containerStatuses: Type.Optional(List(ContainerStatus(), { description: 'One per container.' })),
    ephemeralContainerStatuses: Type.Optional(List(ContainerStatus())),
    hostIP: Type.Optional(Type.String({ description: 'IP of the node.' })),
    hostIPs: podIPs('Node'),
    initContainerStatuses: Type.Optional(List(ContainerStatus(), { description: 'One per init container.' })),
    message: Type.Optional(Type.String()),
    nominatedNodeName: Type.Optional(Type.String({ description: 'Node the pod may preempt onto.' })),
    phase: Type.Optional(
      TypedString<PodPhase>({ description: 'Pending, Running, Succeeded, Failed or Unknown.' }),
    ),
    podIP: Type.Optional(Type.String({ description: 'Primary pod IP.' })),
    podIPs: podIPs('Pod'),
    qosClass: Type.Optional(Type.String({ description: 'Guaranteed, Burstable or BestEffort.' })),
    reason: Type.Optional(Type.String({ description: 'Why the pod is in this state (Evicted).' })),
    resize: Type.Optional(Type.String()),
    resourceClaimStatuses: Type.Optional(List(FreeForm())),
    startTime: Type.Optional(DateTime({ description: 'When the kubelet acknowledged the pod.' })),
  });
}

/** A pod spec as the TypeScript code sees it. */
export type PodSpec = Static<ReturnType<typeof PodSpec>>;
/** A pod template as the TypeScript code sees it. */
export type PodTemplateSpec = Static<ReturnType<typeof PodTemplateSpec>>;
/** A pod status as the TypeScript code sees it. */
export type PodStatus = Static<ReturnType<typeof PodStatus>>;
