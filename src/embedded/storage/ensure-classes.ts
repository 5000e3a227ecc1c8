/**
 * Creates a cluster's storage classes at agent start, idempotently: a missing object is created; an existing one is
 * left as it is, except that labels the definition carries and the object lacks are added (the volumes agent may
 * have created the default block class first, without Ramen's storage-id label). Kinds whose CRD the cluster does
 * not serve are skipped with a warning, so a cluster without csi-addons still gets its StorageClasses.
 */
import type { Logger } from 'pino';
import {
  NetworkFenceClassKind,
  VolumeGroupReplicationClassKind,
  VolumeReplicationClassKind,
  VolumeSnapshotClassKind,
} from '../../api/index.js';
import { StorageClassKind } from '../../apiserver/builtins/index.js';
import {
  type ClusterClient,
  isAlreadyExists,
  isNotFound,
  type KubeObject,
  type ResourceRef,
} from '../../kube/index.js';
import { storageClassObject } from '../volumes/storage-classes.js';
import type { StorageClassSet } from './storage-classes.js';

/** Creates `object` unless present; adds missing labels to a present one. */
async function ensureObject(client: ClusterClient, resource: ResourceRef, object: KubeObject): Promise<void> {
  const key = { name: object.metadata.name ?? '' };
  let existing: KubeObject | undefined;
  try {
    existing = (await client.get(resource, key)) as KubeObject;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (existing === undefined) {
    try {
      await client.create(resource, object as never);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
    return;
  }
  const wanted = object.metadata.labels ?? {};
  const have = existing.metadata.labels ?? {};
  const missing = Object.fromEntries(Object.entries(wanted).filter(([name]) => have[name] === undefined));
  if (Object.keys(missing).length === 0) return;
  await client.patch(resource, key, { type: 'merge', patch: { metadata: { labels: missing } } });
}

/** Creates every class of `set` on the cluster; see the module comment. */
export async function ensureStorageClassSet(
  client: ClusterClient,
  set: StorageClassSet,
  logger: Logger,
): Promise<void> {
  for (const definition of set.storageClasses) {
    await ensureObject(client, StorageClassKind, storageClassObject(definition));
  }
  const custom: [ResourceRef, readonly KubeObject[]][] = [
    [VolumeSnapshotClassKind, set.snapshotClasses],
    [VolumeReplicationClassKind, set.replicationClasses],
    [VolumeGroupReplicationClassKind, set.groupReplicationClasses],
    [NetworkFenceClassKind, set.networkFenceClasses],
  ];
  for (const [resource, objects] of custom) {
    for (const object of objects) {
      try {
        await ensureObject(client, resource, object);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        logger.warn({ kind: object.kind }, 'the cluster does not serve this kind; class not created');
        break;
      }
    }
  }
}
