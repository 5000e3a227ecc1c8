/**
 * The kubelet's volume manager in short: a pod's volumes resolved to directories before its containers start.
 * A claim must exist, not be terminating and be Bound to a volume with a directory (the embedded CSI driver's
 * `<stateDir>/volumes/<volumeHandle>`; a host-path or local volume's own path); `emptyDir` volumes get a directory
 * in the pod's directory. Other volume types (configMap, secret, projected, …) are not materialized: their mounts
 * are skipped. Until every claim is usable the pod waits, with the scheduler's reason.
 */
import { join } from 'node:path';
import { PersistentVolumeClaimKind, PersistentVolumeKind, type Pod } from '../../apiserver/builtins/index.js';
import type { ClusterCache } from '../../runtime/index.js';
import { persistentVolumeDirectory } from '../volumes/index.js';
import type { ContainerMount } from './container-isolation.js';

/** Every volume of a pod that could be resolved, by volume name, with its read-only flag. */
export type PodVolumeDirectories = ReadonlyMap<string, { path: string; readOnly: boolean }>;

/** The outcome of resolving a pod's volumes. */
export type VolumeResolution =
  | { ready: true; volumes: PodVolumeDirectories }
  | { ready: false; reason: 'Unschedulable'; message: string };

type PodContainer = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

/** Resolves the volumes of `pod` against the cache; see the module comment. */
export async function resolvePodVolumes(
  pod: Pod,
  cache: ClusterCache,
  stateDir: string,
  podDir: string,
): Promise<VolumeResolution> {
  const namespace = pod.metadata.namespace ?? '';
  const volumes = new Map<string, { path: string; readOnly: boolean }>();
  for (const volume of pod.spec?.volumes ?? []) {
    const name = volume.name ?? '';
    if (volume.emptyDir !== undefined) {
      volumes.set(name, { path: join(podDir, 'volumes', 'empty-dir', name), readOnly: false });
      continue;
    }
    const claimName = volume.persistentVolumeClaim?.claimName;
    if (claimName === undefined) continue;
    const claim = await cache.get(PersistentVolumeClaimKind, { namespace, name: claimName });
    if (claim === undefined) {
      return {
        ready: false,
        reason: 'Unschedulable',
        message: `persistentvolumeclaim "${claimName}" not found`,
      };
    }
    if (claim.metadata.deletionTimestamp !== undefined) {
      return {
        ready: false,
        reason: 'Unschedulable',
        message: `persistentvolumeclaim "${claimName}" is being deleted`,
      };
    }
    const pv =
      claim.status?.phase === 'Bound' && claim.spec?.volumeName
        ? await cache.get(PersistentVolumeKind, { name: claim.spec.volumeName })
        : undefined;
    if (pv === undefined) {
      return {
        ready: false,
        reason: 'Unschedulable',
        message: '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
      };
    }
    const path = persistentVolumeDirectory(stateDir, pv) ?? pv.spec?.hostPath?.path ?? pv.spec?.local?.path;
    if (path === undefined) {
      return {
        ready: false,
        reason: 'Unschedulable',
        message: `volume "${pv.metadata.name}" has no source this node can mount`,
      };
    }
    volumes.set(name, { path, readOnly: volume.persistentVolumeClaim?.readOnly === true });
  }
  return { ready: true, volumes };
}

/** The mounts of one container (subPath joined onto the volume directory). */
export function containerMounts(container: PodContainer, volumes: PodVolumeDirectories): ContainerMount[] {
  const mounts: ContainerMount[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const volume = volumes.get(mount.name ?? '');
    if (volume === undefined || !mount.mountPath) continue;
    const source = mount.subPath ? join(volume.path, mount.subPath) : volume.path;
    mounts.push({ source, target: mount.mountPath, readOnly: volume.readOnly || mount.readOnly === true });
  }
  return mounts;
}
