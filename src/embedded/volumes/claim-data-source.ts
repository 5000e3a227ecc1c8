/**
 * What a claim asks its new volume to be filled from, as the CSI external-provisioner reads it: `dataSourceRef` when
 * set (it supersedes `dataSource`, which the API server keeps in step with it), otherwise `dataSource`. A
 * VolumeSnapshot of `snapshot.storage.k8s.io` is restored, a PersistentVolumeClaim is cloned, and any other kind
 * (a volume populator's, or a cross-namespace reference) is left to someone else. Kept free of I/O.
 */
import type { PersistentVolumeClaim } from '../../apiserver/builtins/index.js';

/** The API group of VolumeSnapshots. */
export const SNAPSHOT_API_GROUP = 'snapshot.storage.k8s.io';

/** A claim's data source as the provisioner sees it. */
export type ClaimDataSource =
  | { kind: 'VolumeSnapshot'; name: string }
  | { kind: 'PersistentVolumeClaim'; name: string }
  | { kind: 'Unsupported'; description: string };

/** The claim's data source; undefined when its volume starts empty. */
export function claimDataSource(claim: PersistentVolumeClaim): ClaimDataSource | undefined {
  const ref = claim.spec?.dataSourceRef;
  const source = ref ?? claim.spec?.dataSource;
  if (source === undefined) return undefined;
  const group = source.apiGroup ?? '';
  const description = `${source.kind ?? ''}${group === '' ? '' : `.${group}`} ${source.name ?? ''}`;
  const namespace = ref?.namespace;
  if (namespace !== undefined && namespace !== '' && namespace !== claim.metadata.namespace) {
    return { kind: 'Unsupported', description: `${description} in namespace ${namespace}` };
  }
  const name = source.name ?? '';
  if (name === '') return { kind: 'Unsupported', description };
  if (source.kind === 'VolumeSnapshot' && group === SNAPSHOT_API_GROUP)
    return { kind: 'VolumeSnapshot', name };
  if (source.kind === 'PersistentVolumeClaim' && group === '') return { kind: 'PersistentVolumeClaim', name };
  return { kind: 'Unsupported', description };
}

/** Whether `claim` is filled from the `kind` object `name` of its own namespace `namespace`. */
export function claimUsesSource(
  claim: PersistentVolumeClaim,
  kind: 'VolumeSnapshot' | 'PersistentVolumeClaim',
  namespace: string | undefined,
  name: string | undefined,
): boolean {
  if (claim.metadata.namespace !== namespace) return false;
  const source = claimDataSource(claim);
  return source?.kind === kind && source.name === name;
}
