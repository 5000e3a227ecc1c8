/**
 * Writing one manifest to the managed cluster as the work agent's update strategies say: `Update` (the default)
 * and `ServerSideApply` apply the manifest server-side as field manager `work-agent` (forced for Update, so the
 * work's content wins as OCM's update does; as configured for ServerSideApply), `CreateOnly` creates it once and
 * leaves it alone after, `ReadOnly` only reads it. Removal deletes in the background and reports whether the
 * object is gone yet.
 */
import type { ManifestWorkSpec } from '../../api/index.js';
import {
  type ClusterClient,
  isNotFound,
  type KubeObject,
  type ObjectKey,
  type ResourceRef,
} from '../../kube/index.js';
import { createIfAbsent } from './create-if-absent.js';
import { WORK_FIELD_MANAGER } from './ocm-names.js';

/** A manifest config's update strategy. */
export type UpdateStrategy = NonNullable<
  NonNullable<ManifestWorkSpec['manifestConfigs']>[number]['updateStrategy']
>;

/** Applies a manifest (already given its namespace) and returns the object as the cluster has it. */
export async function applyManifest(
  cluster: ClusterClient,
  ref: ResourceRef,
  key: ObjectKey,
  manifest: KubeObject,
  strategy: UpdateStrategy | undefined,
): Promise<KubeObject> {
  switch (strategy?.type ?? 'Update') {
    case 'ReadOnly':
      return cluster.get(ref, key);
    case 'CreateOnly':
      return createIfAbsent(cluster, ref, manifest);
    case 'ServerSideApply':
      return cluster.patch(
        ref,
        key,
        { type: 'apply', configuration: { ...manifest }, force: strategy?.serverSideApply?.force ?? false },
        { fieldManager: strategy?.serverSideApply?.fieldManager || WORK_FIELD_MANAGER },
      );
    default:
      return cluster.patch(
        ref,
        key,
        { type: 'apply', configuration: { ...manifest }, force: true },
        { fieldManager: WORK_FIELD_MANAGER },
      );
  }
}

/** Whether a removal finished. */
export type RemovalState = 'gone' | 'pending';

/** Deletes an applied object (background propagation); 'pending' while it still exists (finalizers). */
export async function removeApplied(
  cluster: ClusterClient,
  ref: ResourceRef,
  key: ObjectKey,
): Promise<RemovalState> {
  try {
    const current = await cluster.get(ref, key);
    if (!current.metadata.deletionTimestamp) {
      await cluster.delete(ref, key, { propagationPolicy: 'Background' });
      await cluster.get(ref, key);
    }
    return 'pending';
  } catch (error) {
    if (isNotFound(error)) return 'gone';
    throw error;
  }
}
