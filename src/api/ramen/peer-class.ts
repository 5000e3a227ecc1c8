/**
 * PeerClass: a storage pairing between the two clusters of a DRPolicy, discovered from the classes each cluster
 * labels with Ramen's storage and replication IDs. DRPolicy status reports them; the hub copies them into VRGs.
 */
import { type Static, Type } from '@sinclair/typebox';
import { List } from '../schema/index.js';

/** One discovered storage pairing. */
export function PeerClass() {
  return Type.Object(
    {
      clusterIDs: Type.Optional(
        List(Type.String(), {
          description: 'The two cluster IDs (kube-system namespace UIDs) of the pairing.',
        }),
      ),
      global: Type.Optional(
        Type.Boolean({ description: 'Replication is coordinated across clusters (one global group).' }),
      ),
      grouping: Type.Optional(
        Type.Boolean({ description: 'Volumes of this class can be replicated as one consistency group.' }),
      ),
      groupreplicationID: Type.Optional(
        Type.String({
          description: 'The common groupreplicationid label of the VolumeGroupReplicationClasses.',
        }),
      ),
      offloaded: Type.Optional(Type.Boolean({ description: 'Replication is managed outside Kubernetes.' })),
      replicationID: Type.Optional(
        Type.String({
          description:
            'The common replicationid label of the VolumeReplicationClasses; empty when only snapshots (VolSync) pair.',
        }),
      ),
      storageClassName: Type.Optional(
        Type.String({ description: 'The StorageClass name, the same on both sides.' }),
      ),
      storageID: Type.Optional(
        List(Type.String(), {
          description: 'One storage ID for a stretched (sync) pool; two for two storage systems (async).',
        }),
      ),
    },
    { description: 'A storage class pairing usable for DR between the two clusters.' },
  );
}
/** A peer class as the TypeScript code sees it. */
export type PeerClass = Static<ReturnType<typeof PeerClass>>;
