/**
 * DRClusterConfig (cluster-scoped, managed cluster): the hub's view of one managed cluster, created by the hub
 * through a ManifestWork. The spec carries the cluster ID and the replication schedules storage vendors should
 * offer; the status reports the DR-labelled classes, fence classes and networks found on the cluster, which the
 * hub turns into DRPolicy peer classes.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Conditions, defineKind, immutable, type KindObject, List } from '../schema/index.js';
import { RAMEN_GROUP, RAMEN_VERSION } from './group.js';

const DRClusterConfigSpec = Type.Object(
  {
    clusterID: Type.String({
      description: 'The ManagedCluster `id.k8s.io` claim (the kube-system namespace UID).',
      'x-kubernetes-validations': [immutable('ClusterID is immutable')],
    }),
    replicationSchedules: Type.Optional(
      List(Type.String(), {
        description: 'Intervals (<n>m, <n>h or <n>d) of every DRPolicy that includes this cluster.',
      }),
    ),
  },
  { description: 'The identity of the cluster and the replication schedules asked of its storage.' },
);

const NetworkAttachment = Type.Object(
  {
    cniType: Type.Optional(
      Type.String({ description: 'The CNI type, e.g. macvlan or ovn-k8s-cni-overlay.' }),
    ),
    name: Type.String({ description: 'NetworkAttachmentDefinition name.' }),
    namespace: Type.String({ description: 'Its namespace.' }),
  },
  { description: 'A DR-labelled NetworkAttachmentDefinition found on the cluster.' },
);

const StorageAccessDetail = Type.Object(
  {
    cidrs: List(Type.String(), {
      description: 'CIDRs that need access to this provisioner, from CSIAddonsNodes of its fence classes.',
    }),
    storageProvisioner: Type.String({ description: 'The storage provisioner.' }),
  },
  { description: 'Network access details for one storage provisioner.' },
);

/** A sorted list of class names carrying Ramen's discovery labels. */
const ClassNames = (description: string) => Type.Optional(List(Type.String(), { description }));

const DRClusterConfigStatus = Type.Object(
  {
    conditions: Type.Optional(Conditions()),
    networkAttachments: Type.Optional(
      List(NetworkAttachment, { description: 'DR-labelled NetworkAttachmentDefinitions on the cluster.' }),
    ),
    networkFenceClasses: ClassNames('NetworkFenceClasses matching a provisioner on the cluster.'),
    storageAccessDetails: Type.Optional(
      List(StorageAccessDetail, { description: 'Access details per storage provisioner.' }),
    ),
    storageClasses: ClassNames('StorageClasses labelled with a Ramen storageid.'),
    volumeGroupReplicationClasses: ClassNames(
      'VolumeGroupReplicationClasses labelled with a Ramen replicationid.',
    ),
    volumeGroupSnapshotClasses: ClassNames('VolumeGroupSnapshotClasses labelled with a Ramen storageid.'),
    volumeReplicationClasses: ClassNames('VolumeReplicationClasses labelled with a Ramen replicationid.'),
    volumeSnapshotClasses: ClassNames('VolumeSnapshotClasses labelled with a Ramen storageid.'),
  },
  { description: 'What the managed cluster found and how processing went.' },
);

/** The DRClusterConfig kind. */
export const DRClusterConfigKind = defineKind({
  group: RAMEN_GROUP,
  version: RAMEN_VERSION,
  kind: 'DRClusterConfig',
  plural: 'drclusterconfigs',
  scope: 'Cluster',
  description: 'DRClusterConfig is the Schema for the drclusterconfigs API',
  properties: {
    spec: Type.Optional(DRClusterConfigSpec),
    status: Type.Optional(DRClusterConfigStatus),
  },
});

/** A DRClusterConfig object. */
export type DRClusterConfig = KindObject<typeof DRClusterConfigKind>;
/** DRClusterConfig spec. */
export type DRClusterConfigSpec = Static<typeof DRClusterConfigSpec>;
/** DRClusterConfig status. */
export type DRClusterConfigStatus = Static<typeof DRClusterConfigStatus>;
