/**
 * Strategic-merge metadata of the built-in kinds, composed from the core type metadata the patch engine declares
 * (`patch/`: ObjectMeta, PodSpec, Container). Each kind's descriptor carries the tree from its
 * object root; lists not named are atomic, so a patch replaces them whole (§12.3).
 */
import { objectMetaPatchMeta, type PatchMeta, podTemplateSpecPatchMeta } from '../patch/index.js';

export {
  objectMetaPatchMeta,
  type PatchMeta,
  podSpecPatchMeta,
  podTemplateSpecPatchMeta,
} from '../patch/index.js';

/** A `conditions` list merged by condition type. */
export const conditionsByType: PatchMeta = { strategy: 'merge', mergeKey: 'type' };

/** The root of a kind whose only keyed lists are in its metadata (ConfigMap, Secret, PV, StorageClass, …). */
export const plainObjectPatchMeta: PatchMeta = { fields: { metadata: objectMetaPatchMeta } };

/** The root of a kind: `metadata` is always ObjectMeta; the other top-level fields are given. */
export function rootPatchMeta(fields: Readonly<Record<string, PatchMeta>>): PatchMeta {
  return { fields: { metadata: objectMetaPatchMeta, ...fields } };
}

/** A status whose only keyed list is `conditions` (by type). */
export const statusWithConditions: PatchMeta = { fields: { conditions: conditionsByType } };

/** The root of an apps/v1 workload: a pod template (plus `extraSpec` members) and status conditions. */
export function workloadPatchMeta(extraSpec: Readonly<Record<string, PatchMeta>> = {}): PatchMeta {
  return rootPatchMeta({
    spec: { fields: { template: podTemplateSpecPatchMeta, ...extraSpec } },
    status: statusWithConditions,
  });
}
