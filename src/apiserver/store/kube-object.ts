/**
 * The shape of what the store keeps: any Kubernetes object (built-in or custom) as plain JSON. The store keeps its
 * copies private with the API's JSON helpers (`deepCopy`, `jsonEqual`).
 */
import type { ObjectMeta } from '../../api/index.js';

/**
 * A Kubernetes object as plain JSON. The store reads only `metadata` (name, namespace, resourceVersion, labels);
 * everything else is opaque to it, so built-in kinds and custom resources share one representation.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** The namespace an object is stored under: `''` for cluster-scoped objects. */
export function objectNamespace(object: KubeObject): string {
  return object.metadata.namespace ?? '';
}
