/**
 * The ReplicaSet controller: keeps `spec.replicas` active pods matching the selector and controlled by the set
 * (created with `generateName: <set>-`, labels and annotations from the template, bound to the cluster's node at
 * creation because the embedded API server has no scheduler), deletes the surplus (not-ready and newest first),
 * and reports replicas, fullyLabeledReplicas, readyReplicas, availableReplicas and observedGeneration.
 */
import { type Pod, PodKind, type ReplicaSet, ReplicaSetKind } from '../../apiserver/builtins/index.js';
import { isNotFound, matchesLabelSelector } from '../../kube/index.js';
import type { ControllerOptions, Manager, Request, Result } from '../../runtime/index.js';
import { Expectations } from './expectations.js';
import { isPodActive, isPodAvailable, isPodReady } from './pod-readiness.js';
import { controllerReference, isControlledBy, templateMetadata } from './workload-names.js';

/** A pod of a workload's template, owned by `owner`, on node `nodeName`. */
export function podFromTemplate(
  template: NonNullable<NonNullable<ReplicaSet['spec']>['template']>,
  owner: { apiVersion: string; kind: string; metadata: ReplicaSet['metadata'] },
  nodeName: string,
  naming: { generateName: string } | { name: string },
): Pod {
  const metadata = templateMetadata(template.metadata);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...naming,
      namespace: owner.metadata.namespace ?? '',
      ...(metadata.labels !== undefined && { labels: { ...metadata.labels } }),
      ...(metadata.annotations !== undefined && { annotations: { ...metadata.annotations } }),
      ownerReferences: [controllerReference(owner)],
    },
    spec: { ...structuredClone(template.spec ?? { containers: [] }), nodeName },
  } as Pod;
}

/** The ReplicaSet controller; see the module comment. */
export function replicaSetController(manager: Manager, nodeName: string): ControllerOptions {
  const expectations = new Expectations();
  return {
    name: 'replicaset',
    for: { resource: ReplicaSetKind },
    owns: [{ resource: PodKind }],
    reconciler: (request) => reconcileReplicaSet(manager, nodeName, expectations, request),
  };
}

async function reconcileReplicaSet(
  manager: Manager,
  nodeName: string,
  expectations: Expectations,
  request: Request,
): Promise<Result> {
  const cluster = manager.cluster();
  const set = await cluster.cache.get(ReplicaSetKind, request);
  if (set === undefined || set.metadata.deletionTimestamp !== undefined) return {};
  const selector = set.spec?.selector ?? {};
  const pods = (await cluster.cache.list(PodKind, { namespace: request.namespace ?? '' })).filter(
    (pod) => isControlledBy(pod, set) && matchesLabelSelector(selector, pod.metadata.labels ?? {}),
  );
  const key = set.metadata.uid ?? '';
  const cached = new Set(
    (await cluster.cache.list(PodKind, { namespace: request.namespace ?? '' })).map(
      (p) => p.metadata.uid ?? '',
    ),
  );
  if (!expectations.satisfied(key, cached)) return { requeueAfter: 1_000 };
  const active = pods.filter(isPodActive);
  const desired = set.spec?.replicas ?? 1;
  const template = set.spec?.template ?? {};
  for (let i = active.length; i < desired; i++) {
    const created = await cluster.client.create(
      PodKind,
      podFromTemplate(template, set, nodeName, { generateName: `${set.metadata.name}-` }),
    );
    expectations.expectCreated(key, created.metadata.uid ?? '');
  }
  const surplus = [...active]
    .sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)) || compareNewestFirst(a, b))
    .slice(0, Math.max(0, active.length - desired));
  for (const pod of surplus) {
    expectations.expectDeleted(key, pod.metadata.uid ?? '');
    try {
      await cluster.client.delete(PodKind, {
        namespace: request.namespace ?? '',
        name: pod.metadata.name ?? '',
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  await writeReplicaSetStatus(manager, set, active);
  return {};
}

function compareNewestFirst(a: Pod, b: Pod): number {
  return (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '');
}

async function writeReplicaSetStatus(manager: Manager, set: ReplicaSet, active: Pod[]): Promise<void> {
  const templateLabels = templateMetadata(set.spec?.template?.metadata).labels ?? {};
  const minReady = set.spec?.minReadySeconds ?? 0;
  const status = {
    ...set.status,
    replicas: active.length,
    fullyLabeledReplicas: active.filter((pod) =>
      Object.entries(templateLabels).every(([k, v]) => pod.metadata.labels?.[k] === v),
    ).length,
    readyReplicas: active.filter(isPodReady).length,
    availableReplicas: active.filter((pod) => isPodAvailable(pod, minReady)).length,
    observedGeneration: set.metadata.generation ?? 0,
  };
  if (JSON.stringify(status) === JSON.stringify(set.status)) return;
  try {
    await manager.cluster().client.updateStatus(ReplicaSetKind, { ...set, status });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
