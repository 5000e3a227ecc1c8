/**
 * The pure rules of the PersistentVolume controller's binding (`pkg/controller/volume/persistentvolume`): which
 * volume a claim may bind to, what a volume provisioned for a claim looks like, and the annotations binding
 * leaves on both sides. Kept free of I/O so the controllers stay small.
 */
import type {
  PersistentVolume,
  PersistentVolumeClaim,
  StorageClass,
} from '../../apiserver/builtins/index.js';
import { matchesLabelSelector } from '../../kube/index.js';
import type { Request } from '../../runtime/index.js';
import { volumeHandleFor } from './volume-paths.js';

/** Set on a claim once the controller finished binding it. */
export const BIND_COMPLETED_ANNOTATION = 'pv.kubernetes.io/bind-completed';
/** Set on a claim (volume) when the controller, not the user, filled `volumeName` (`claimRef`). */
export const BOUND_BY_CONTROLLER_ANNOTATION = 'pv.kubernetes.io/bound-by-controller';
/** The driver that provisioned a volume. */
export const PROVISIONED_BY_ANNOTATION = 'pv.kubernetes.io/provisioned-by';
/** The provisioner a claim waits for. */
export const STORAGE_PROVISIONER_ANNOTATION = 'volume.kubernetes.io/storage-provisioner';
/** The legacy form of `STORAGE_PROVISIONER_ANNOTATION`, still set by the real controller. */
export const BETA_STORAGE_PROVISIONER_ANNOTATION = 'volume.beta.kubernetes.io/storage-provisioner';

type ClaimRef = NonNullable<NonNullable<PersistentVolume['spec']>['claimRef']>;

/** The claim's storage class name (the beta annotation wins, as in `GetPersistentVolumeClaimClass`). */
export function claimClassName(claim: PersistentVolumeClaim): string {
  return (
    claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
    claim.spec?.storageClassName ??
    ''
  );
}

/** Whether a volume's claimRef names this claim (a claimRef without uid is a pre-binding to any such claim). */
export function claimRefMatches(ref: ClaimRef | undefined, claim: PersistentVolumeClaim): boolean {
  if (ref === undefined) return false;
  if (ref.namespace !== claim.metadata.namespace || ref.name !== claim.metadata.name) return false;
  return ref.uid === undefined || ref.uid === '' || ref.uid === claim.metadata.uid;
}

/** The claimRef a bound volume carries. */
export function claimRefOf(claim: PersistentVolumeClaim): ClaimRef {
  return {
    kind: 'PersistentVolumeClaim',
    apiVersion: 'v1',
    namespace: claim.metadata.namespace ?? '',
    name: claim.metadata.name ?? '',
    uid: claim.metadata.uid ?? '',
    resourceVersion: claim.metadata.resourceVersion ?? '',
  };
}

/** The claim a volume's claimRef names, as a request of the cluster the volume event came from (to revisit it). */
export function claimRequestOf(volume: PersistentVolume, cluster: string): Request[] {
  const ref = volume.spec?.claimRef;
  return ref?.name && ref.namespace ? [{ cluster, namespace: ref.namespace, name: ref.name }] : [];
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The bytes of a storage quantity (`1Gi`, `500M`, `1e9`); undefined when it does not parse. */
export function storageBytes(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') return quantity;
  if (typeof quantity !== 'string') return undefined;
  const match = /^([0-9.]+(?:[eE][-+]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(quantity.trim());
  if (!match) return undefined;
  const unit = SIZE_UNITS[match[2] ?? ''] ?? 1;
  return Number(match[1]) * unit;
}

/** `findMatchingVolume` in short: an unclaimed Available volume of the class, big enough, with the access modes. */
export function volumeFits(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const spec = volume.spec ?? {};
  if (spec.claimRef !== undefined || volume.metadata.deletionTimestamp !== undefined) return false;
  if (volume.status?.phase !== 'Available') return false;
  if ((spec.storageClassName ?? '') !== claimClassName(claim)) return false;
  if ((spec.volumeMode ?? 'Filesystem') !== (claim.spec?.volumeMode ?? 'Filesystem')) return false;
  const wanted = storageBytes(claim.spec?.resources?.requests?.storage) ?? 0;
  const size = storageBytes(spec.capacity?.storage) ?? 0;
  if (size < wanted) return false;
  const modes = spec.accessModes ?? [];
  if (!(claim.spec?.accessModes ?? []).every((mode) => modes.includes(mode))) return false;
  const selector = claim.spec?.selector;
  return selector === undefined || matchesLabelSelector(selector, volume.metadata.labels ?? {});
}

/** The volume the CSI provisioner creates for a claim of `storageClass` (name `pvc-<claim uid>`). */
export function provisionedVolume(
  claim: PersistentVolumeClaim,
  storageClass: StorageClass,
): PersistentVolume {
  const name = `pvc-${claim.metadata.uid ?? ''}`;
  const driver = storageClass.provisioner ?? '';
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { [PROVISIONED_BY_ANNOTATION]: driver } },
    spec: {
      accessModes: [...(claim.spec?.accessModes ?? ['ReadWriteOnce'])],
      capacity: { storage: String(claim.spec?.resources?.requests?.storage ?? '1Gi') },
      claimRef: claimRefOf(claim),
      csi: {
        driver,
        volumeHandle: volumeHandleFor(name),
        fsType: 'ext4',
        volumeAttributes: {
          ...storageClass.parameters,
          'csi.storage.k8s.io/pv/name': name,
          'csi.storage.k8s.io/pvc/name': claim.metadata.name ?? '',
          'csi.storage.k8s.io/pvc/namespace': claim.metadata.namespace ?? '',
        },
      },
      persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
      storageClassName: storageClass.metadata.name ?? '',
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      ...(storageClass.mountOptions !== undefined && { mountOptions: [...storageClass.mountOptions] }),
    },
  };
}
