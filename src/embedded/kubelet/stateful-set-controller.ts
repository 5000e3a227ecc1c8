/**
 * The StatefulSet controller, in short: pods `<set>-<ordinal>` (from `ordinals.start`), each with its claims from
 * `volumeClaimTemplates` (`<template>-<set>-<ordinal>`, labelled with the selector's labels, owned by the set only
 * when `persistentVolumeClaimRetentionPolicy.whenDeleted` is Delete) created before the pod; with OrderedReady
 * (the default) a pod is created only once every lower ordinal is Running and Ready, and scale-down removes the
 * highest ordinal first, one at a time; Parallel does all at once. Finished pods are replaced. A template change
 * rolls the pods from the highest ordinal down (respecting `rollingUpdate.partition`), one at a time, each pod
 * labelled with its `controller-revision-hash`. The status reports replicas, readyReplicas, currentReplicas,
 * updatedReplicas, availableReplicas, currentRevision, updateRevision and observedGeneration.
 */
import {
  PersistentVolumeClaimKind,
  type Pod,
  PodKind,
  type StatefulSet,
  StatefulSetKind,
} from '../../apiserver/builtins/index.js';
import { isAlreadyExists, isNotFound, matchesLabelSelector } from '../../kube/index.js';
import type { ControllerOptions, Manager, Request } from '../../runtime/index.js';
import { isPodAvailable, isPodReady } from './pod-readiness.js';
import { podFromTemplate } from './replica-set-controller.js';
import {
  CONTROLLER_REVISION_HASH_LABEL,
  controllerReference,
  isControlledBy,
  POD_INDEX_LABEL,
  STATEFULSET_POD_NAME_LABEL,
  templateHash,
  templateMetadata,
} from './workload-names.js';

type StatefulSetStatus = NonNullable<StatefulSet['status']>;

/** The StatefulSet controller; see the module comment. */
export function statefulSetController(manager: Manager, nodeName: string): ControllerOptions {
  return {
    name: 'statefulset',
    for: { resource: StatefulSetKind },
    owns: [{ resource: PodKind }],
    reconciler: (request) => reconcileStatefulSet(manager, nodeName, request),
  };
}

/** The revision name of the set's current template. */
export function updateRevisionOf(set: StatefulSet): string {
  return `${set.metadata.name}-${templateHash(set.spec?.template, set.status?.collisionCount ?? 0)}`;
}

/** The name of the claim of `template` for the pod of `ordinal`. */
export function claimName(templateName: string, set: StatefulSet, ordinal: number): string {
  return `${templateName}-${set.metadata.name}-${ordinal}`;
}

function podForOrdinal(set: StatefulSet, ordinal: number, revision: string, nodeName: string): Pod {
  const name = `${set.metadata.name}-${ordinal}`;
  const pod = podFromTemplate(set.spec?.template ?? {}, set, nodeName, { name });
  pod.metadata.labels = {
    ...pod.metadata.labels,
    [CONTROLLER_REVISION_HASH_LABEL]: revision,
    [STATEFULSET_POD_NAME_LABEL]: name,
    [POD_INDEX_LABEL]: String(ordinal),
  };
  const spec = pod.spec ?? { containers: [] };
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  const templates = set.spec?.volumeClaimTemplates ?? [];
  const claimVolumes = templates.map((template) => {
    const templateName = templateMetadata(template.metadata).name ?? '';
    return {
      name: templateName,
      persistentVolumeClaim: { claimName: claimName(templateName, set, ordinal) },
    };
  });
  const claimed = new Set(claimVolumes.map((volume) => volume.name));
  spec.volumes = [
    ...claimVolumes,
    ...(spec.volumes ?? []).filter((volume) => !claimed.has(volume.name ?? '')),
  ];
  pod.spec = spec;
  return pod;
}

async function ensureClaims(manager: Manager, set: StatefulSet, ordinal: number): Promise<void> {
  const client = manager.cluster().client;
  const ownClaims = set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete';
  for (const template of set.spec?.volumeClaimTemplates ?? []) {
    const metadata = templateMetadata(template.metadata);
    const name = claimName(metadata.name ?? '', set, ordinal);
    const namespace = set.metadata.namespace ?? '';
    const cached = await manager.cluster().cache.get(PersistentVolumeClaimKind, { namespace, name });
    if (cached !== undefined) continue;
    try {
      await client.create(PersistentVolumeClaimKind, {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name,
          namespace,
          labels: { ...metadata.labels, ...set.spec?.selector?.matchLabels },
          ...(metadata.annotations !== undefined && { annotations: { ...metadata.annotations } }),
          ...(ownClaims && { ownerReferences: [controllerReference(set)] }),
        },
        spec: structuredClone(template.spec ?? {}),
      });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
  }
}

function ordinalOf(set: StatefulSet, pod: Pod): number | undefined {
  const prefix = `${set.metadata.name}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) return undefined;
  const ordinal = Number(name.slice(prefix.length));
  return Number.isInteger(ordinal) && ordinal >= 0 ? ordinal : undefined;
}

async function deletePod(manager: Manager, pod: Pod): Promise<void> {
  try {
    await manager.cluster().client.delete(PodKind, {
      namespace: pod.metadata.namespace ?? '',
      name: pod.metadata.name ?? '',
    });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

async function deleteClaims(manager: Manager, set: StatefulSet, ordinal: number): Promise<void> {
  for (const template of set.spec?.volumeClaimTemplates ?? []) {
    try {
      await manager.cluster().client.delete(PersistentVolumeClaimKind, {
        namespace: set.metadata.namespace ?? '',
        name: claimName(templateMetadata(template.metadata).name ?? '', set, ordinal),
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

const runningAndReady = (pod: Pod | undefined) => pod?.status?.phase === 'Running' && isPodReady(pod);

async function reconcileStatefulSet(manager: Manager, nodeName: string, request: Request): Promise<void> {
  const cluster = manager.cluster();
  const set = await cluster.cache.get(StatefulSetKind, request);
  if (set === undefined || set.metadata.deletionTimestamp !== undefined) return;
  const selector = set.spec?.selector ?? {};
  const pods = (await cluster.cache.list(PodKind, { namespace: request.namespace ?? '' })).filter(
    (pod) => isControlledBy(pod, set) && matchesLabelSelector(selector, pod.metadata.labels ?? {}),
  );
  const byOrdinal = new Map<number, Pod>();
  for (const pod of pods) {
    const ordinal = ordinalOf(set, pod);
    if (ordinal !== undefined) byOrdinal.set(ordinal, pod);
  }
  const start = set.spec?.ordinals?.start ?? 0;
  const replicas = set.spec?.replicas ?? 1;
  const revision = updateRevisionOf(set);
  const ordered = set.spec?.podManagementPolicy !== 'Parallel';
  await converge(manager, set, { byOrdinal, start, replicas, revision, ordered, nodeName });
  await writeStatefulSetStatus(manager, set, pods, revision);
}

interface Plan {
  byOrdinal: Map<number, Pod>;
  start: number;
  replicas: number;
  revision: string;
  ordered: boolean;
  nodeName: string;
}

/** One pass of `updateStatefulSet`: create or replace missing pods, scale down, roll one outdated pod. */
async function converge(manager: Manager, set: StatefulSet, plan: Plan): Promise<void> {
  const { byOrdinal, start, replicas, revision, ordered, nodeName } = plan;
  for (let ordinal = start; ordinal < start + replicas; ordinal++) {
    const pod = byOrdinal.get(ordinal);
    if (pod === undefined) {
      await ensureClaims(manager, set, ordinal);
      try {
        await manager.cluster().client.create(PodKind, podForOrdinal(set, ordinal, revision, nodeName));
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
      }
      if (ordered) return;
      continue;
    }
    if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') {
      await deletePod(manager, pod);
      if (ordered) return;
      continue;
    }
    if (ordered && !runningAndReady(pod)) return;
  }
  const surplus = [...byOrdinal.entries()]
    .filter(([ordinal]) => ordinal < start || ordinal >= start + replicas)
    .sort(([a], [b]) => b - a);
  for (const [ordinal, pod] of surplus) {
    await deletePod(manager, pod);
    if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled === 'Delete') {
      await deleteClaims(manager, set, ordinal);
    }
    if (ordered) return;
  }
  if (set.spec?.updateStrategy?.type === 'OnDelete') return;
  const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  const outdated = [...byOrdinal.entries()]
    .filter(
      ([ordinal, pod]) =>
        ordinal >= start + partition && pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== revision,
    )
    .sort(([a], [b]) => b - a);
  const allReady = [...byOrdinal.values()].every(runningAndReady);
  const first = outdated[0];
  if (first !== undefined && allReady) await deletePod(manager, first[1]);
}

async function writeStatefulSetStatus(
  manager: Manager,
  set: StatefulSet,
  pods: readonly Pod[],
  revision: string,
): Promise<void> {
  const active = pods.filter((pod) => pod.metadata.deletionTimestamp === undefined);
  const updated = active.filter((pod) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === revision);
  const previousCurrent = set.status?.currentRevision ?? revision;
  const currentRevision = updated.length === active.length ? revision : previousCurrent;
  const current = active.filter(
    (pod) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === currentRevision,
  );
  const status: StatefulSetStatus = {
    ...set.status,
    observedGeneration: set.metadata.generation ?? 0,
    replicas: active.length,
    readyReplicas: active.filter(isPodReady).length,
    currentReplicas: current.length,
    updatedReplicas: updated.length,
    availableReplicas: active.filter((pod) => isPodAvailable(pod, set.spec?.minReadySeconds ?? 0)).length,
    currentRevision,
    updateRevision: revision,
    collisionCount: set.status?.collisionCount ?? 0,
  };
  if (JSON.stringify(status) === JSON.stringify(set.status)) return;
  try {
    await manager.cluster().client.updateStatus(StatefulSetKind, { ...set, status });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
