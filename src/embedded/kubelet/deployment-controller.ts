/**
 * The Deployment controller, in short: the ReplicaSet of the current template (`<deployment>-<pod-template-hash>`,
 * the hash label added to its selector, template and labels, a revision annotation) is scaled to `spec.replicas`;
 * older ReplicaSets are scaled to zero once the new one is fully available (RollingUpdate, with surge up to the
 * full count rather than `maxSurge`) or at once (Recreate); old ReplicaSets beyond `revisionHistoryLimit` are
 * deleted. The status (replicas, updatedReplicas, readyReplicas, availableReplicas, unavailableReplicas,
 * observedGeneration, conditions Available and Progressing) is summed from the ReplicaSets, with the real
 * controller's reasons and messages.
 */
import {
  type Deployment,
  DeploymentKind,
  type ReplicaSet,
  ReplicaSetKind,
} from '../../apiserver/builtins/index.js';
import { isAlreadyExists, isNotFound } from '../../kube/index.js';
import type { ControllerOptions, Manager, Request } from '../../runtime/index.js';
import {
  controllerReference,
  isControlledBy,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  templateHash,
  templateMetadata,
} from './workload-names.js';

type DeploymentStatus = NonNullable<Deployment['status']>;
type DeploymentCondition = NonNullable<DeploymentStatus['conditions']>[number];

/** The Deployment controller; see the module comment. */
export function deploymentController(manager: Manager): ControllerOptions {
  return {
    name: 'deployment',
    for: { resource: DeploymentKind },
    owns: [{ resource: ReplicaSetKind }],
    reconciler: (request) => reconcileDeployment(manager, request),
  };
}

function revisionOf(set: ReplicaSet): number {
  return Number(set.metadata.annotations?.[REVISION_ANNOTATION] ?? '0') || 0;
}

/** `intstr.GetScaledValueFromIntOrPercent`, rounding down (maxUnavailable). */
function scaledValue(value: number | string | undefined, total: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.endsWith('%'))
    return Math.floor((Number(value.slice(0, -1)) * total) / 100);
  return 0;
}

function newReplicaSet(deployment: Deployment, hash: string, revision: number, replicas: number): ReplicaSet {
  const template = structuredClone(deployment.spec?.template ?? {});
  const metadata = templateMetadata(template.metadata);
  const labels = { ...metadata.labels, [POD_TEMPLATE_HASH_LABEL]: hash };
  template.metadata = { ...(template.metadata as Record<string, unknown>), labels };
  const selector = structuredClone(deployment.spec?.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deployment.metadata.name}-${hash}`,
      namespace: deployment.metadata.namespace ?? '',
      labels: { ...labels },
      annotations: {
        [REVISION_ANNOTATION]: String(revision),
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas),
      },
      ownerReferences: [controllerReference(deployment)],
    },
    spec: {
      replicas,
      selector,
      template,
      ...(deployment.spec?.minReadySeconds !== undefined && {
        minReadySeconds: deployment.spec.minReadySeconds,
      }),
    },
  } as ReplicaSet;
}

async function reconcileDeployment(manager: Manager, request: Request): Promise<void> {
  const cluster = manager.cluster();
  const deployment = await cluster.cache.get(DeploymentKind, request);
  if (deployment === undefined || deployment.metadata.deletionTimestamp !== undefined) return;
  const namespace = request.namespace ?? '';
  const sets = (await cluster.cache.list(ReplicaSetKind, { namespace })).filter((set) =>
    isControlledBy(set, deployment),
  );
  const desired = deployment.spec?.replicas ?? 1;
  const hash = templateHash(deployment.spec?.template, deployment.status?.collisionCount);
  let current = sets.find((set) => set.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] === hash);
  const old = sets.filter((set) => set !== current);
  if (deployment.spec?.paused !== true) {
    if (current === undefined) {
      const revision = Math.max(0, ...sets.map(revisionOf)) + 1;
      current = await createReplicaSet(manager, newReplicaSet(deployment, hash, revision, desired));
    } else if (current.spec?.replicas !== desired) {
      current = await cluster.client.update(ReplicaSetKind, {
        ...current,
        spec: { ...current.spec, replicas: desired },
      });
    }
    const recreate = deployment.spec?.strategy?.type === 'Recreate';
    const newAvailable = (current.status?.availableReplicas ?? 0) >= desired;
    if (recreate || newAvailable) await scaleDown(manager, old);
    await pruneHistory(manager, old, deployment.spec?.revisionHistoryLimit ?? 10);
  }
  await writeDeploymentStatus(manager, deployment, current, old);
}

async function createReplicaSet(manager: Manager, set: ReplicaSet): Promise<ReplicaSet> {
  const client = manager.cluster().client;
  try {
    return await client.create(ReplicaSetKind, set);
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    return client.get(ReplicaSetKind, {
      namespace: set.metadata.namespace ?? '',
      name: set.metadata.name ?? '',
    });
  }
}

async function scaleDown(manager: Manager, sets: readonly ReplicaSet[]): Promise<void> {
  for (const set of sets) {
    if ((set.spec?.replicas ?? 0) === 0) continue;
    await manager.cluster().client.update(ReplicaSetKind, { ...set, spec: { ...set.spec, replicas: 0 } });
  }
}

async function pruneHistory(manager: Manager, old: readonly ReplicaSet[], limit: number): Promise<void> {
  const idle = old
    .filter((set) => (set.spec?.replicas ?? 0) === 0 && (set.status?.replicas ?? 0) === 0)
    .sort((a, b) => revisionOf(a) - revisionOf(b));
  for (const set of idle.slice(0, Math.max(0, idle.length - limit))) {
    try {
      await manager.cluster().client.delete(ReplicaSetKind, {
        namespace: set.metadata.namespace ?? '',
        name: set.metadata.name ?? '',
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

function condition(
  previous: readonly DeploymentCondition[] | undefined,
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: string,
): DeploymentCondition {
  const old = previous?.find((c) => c.type === type);
  const same = old?.status === status && old.reason === reason && old.message === message;
  return {
    type,
    status,
    lastUpdateTime: same && old?.lastUpdateTime ? old.lastUpdateTime : now,
    lastTransitionTime: old?.status === status && old.lastTransitionTime ? old.lastTransitionTime : now,
    reason,
    message,
  };
}

async function writeDeploymentStatus(
  manager: Manager,
  deployment: Deployment,
  current: ReplicaSet | undefined,
  old: readonly ReplicaSet[],
): Promise<void> {
  const all = current === undefined ? old : [current, ...old];
  const sum = (pick: (set: ReplicaSet) => number | undefined) =>
    all.reduce((n, set) => n + (pick(set) ?? 0), 0);
  const desired = deployment.spec?.replicas ?? 1;
  const replicas = sum((set) => set.status?.replicas);
  const available = sum((set) => set.status?.availableReplicas);
  const updated = current?.status?.replicas ?? 0;
  const maxUnavailable =
    deployment.spec?.strategy?.type === 'Recreate'
      ? 0
      : scaledValue(deployment.spec?.strategy?.rollingUpdate?.maxUnavailable, desired);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const previous = deployment.status?.conditions;
  const minimum = available >= desired - maxUnavailable;
  const currentName = current?.metadata.name ?? '';
  const complete =
    updated === desired &&
    replicas === desired &&
    (current?.status?.availableReplicas ?? 0) >= desired &&
    (current?.status?.observedGeneration ?? 0) >= (current?.metadata.generation ?? 0);
  const conditions = [
    minimum
      ? condition(
          previous,
          'Available',
          'True',
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
          now,
        )
      : condition(
          previous,
          'Available',
          'False',
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
          now,
        ),
    complete
      ? condition(
          previous,
          'Progressing',
          'True',
          'NewReplicaSetAvailable',
          `ReplicaSet "${currentName}" has successfully progressed.`,
          now,
        )
      : condition(
          previous,
          'Progressing',
          'True',
          'ReplicaSetUpdated',
          `ReplicaSet "${currentName}" is progressing.`,
          now,
        ),
  ];
  const status: DeploymentStatus = {
    ...deployment.status,
    observedGeneration: deployment.metadata.generation ?? 0,
    replicas,
    updatedReplicas: updated,
    readyReplicas: sum((set) => set.status?.readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, desired - available),
    conditions,
  };
  if (JSON.stringify(status) === JSON.stringify(deployment.status)) return;
  try {
    await manager.cluster().client.updateStatus(DeploymentKind, { ...deployment, status });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
