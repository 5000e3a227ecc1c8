/**
 * Maps a ManifestWork back to the object that delivers it, through the `<namespace>.<name>` owner label (a
 * namespace name never holds a dot, so the first dot separates the two).
 */
import type { KubeObject } from '../../kube/index.js';
import type { Request } from '../../runtime/index.js';

/** The request of the owner named by `label` on `work`, if any. */
export function ownerRequestOf(work: KubeObject, label: string, cluster: string): Request[] {
  const value = work.metadata.labels?.[label];
  const dot = value?.indexOf('.') ?? -1;
  if (!value || dot <= 0 || dot === value.length - 1) return [];
  return [{ cluster, namespace: value.slice(0, dot), name: value.slice(dot + 1) }];
}
