/**
 * The names csi-addons' replication controllers share: the API group of a VolumeGroupReplication data source, the
 * claim annotations that make a claim belong to exactly one VolumeReplication or VolumeGroupReplication, and the
 * names it gives the objects a VGR creates (`vgrcontent-<uid>`, `vr-<uid>`).
 */
import type { VolumeGroupReplication } from '../../api/index.js';

/** The API group of a VolumeGroupReplication data source. */
export const REPLICATION_API_GROUP = 'replication.storage.openshift.io';
/** The claim annotation naming the one VolumeReplication that replicates the claim. */
export const VOLUME_REPLICATION_NAME_ANNOTATION = 'replication.storage.openshift.io/volume-replication-name';
/** The claim annotation naming the VolumeGroupReplication a claim belongs to. */
export const VOLUME_GROUP_REPLICATION_NAME_ANNOTATION =
  'replication.storage.openshift.io/volume-group-replication-name';

/** The VolumeGroupReplicationContent of a VGR: the one it names, else `vgrcontent-<uid>`. */
export function groupContentName(group: VolumeGroupReplication): string {
  return group.spec?.volumeGroupReplicationContentName || `vgrcontent-${group.metadata.uid}`;
}

/** The VolumeReplication of a VGR: the one it names, else `vr-<uid>`. */
export function groupReplicationName(group: VolumeGroupReplication): string {
  return group.spec?.volumeReplicationName || `vr-${group.metadata.uid}`;
}
