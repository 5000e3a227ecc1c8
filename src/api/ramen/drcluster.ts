/**
 * DRCluster (cluster-scoped, hub): one managed cluster taking part in DR, named after its ManagedCluster. It names
 * the S3 profile that holds the cluster data to restore there, the region used to pick a fencing peer, the CIDRs
 * to fence for Metro DR and the fencing state the user asks for.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  Conditions,
  defineKind,
  immutable,
  type KindObject,
  List,
  StringEnum,
  TypedString,
} from '../schema/index.js';
import { CLUSTER_FENCE_STATES, type DRClusterPhase } from './constants/drcluster-state.js';
import { RAMEN_GROUP, RAMEN_VERSION } from './group.js';
import { MaintenanceModeStateField } from './maintenancemode.js';

const DRClusterSpec = Type.Object(
  {
    cidrs: Type.Optional(
      List(Type.String(), {
        description: 'Node and storage-client CIDRs of this cluster: what a Metro DR fence blocks.',
      }),
    ),
    clusterFence: Type.Optional(
      StringEnum(CLUSTER_FENCE_STATES, { description: 'The fencing state the user asks for.' }),
    ),
    region: Type.Optional(
      Type.String({
        description: 'The DR region; clusters of one region form a sync group (fencing peers).',
        'x-kubernetes-validations': [immutable('region is immutable')],
      }),
    ),
    s3ProfileName: Type.String({
      description:
        'The RamenConfig S3 profile to restore from when moving a workload here; other clusters upload to it.',
      'x-kubernetes-validations': [immutable('s3ProfileName is immutable')],
    }),
  },
  { description: 'The desired state of a DRCluster.' },
);

/** One MaintenanceMode as the hub sees it on this cluster (read back through a ManagedClusterView). */
export function ClusterMaintenanceMode() {
  return Type.Object({
    conditions: Type.Optional(Conditions({ description: 'Conditions of the MaintenanceMode.' })),
    state: MaintenanceModeStateField('State of the MaintenanceMode.'),
    storageProvisioner: Type.String({ description: 'The provisioner the MaintenanceMode targets.' }),
    targetID: Type.String({ description: 'The storage or replication instance of that provisioner.' }),
  });
}
/** A mirrored maintenance mode as the TypeScript code sees it. */
export type ClusterMaintenanceMode = Static<ReturnType<typeof ClusterMaintenanceMode>>;

const DRClusterStatus = Type.Object(
  {
    conditions: Type.Optional(Conditions()),
    maintenanceModes: Type.Optional(
      List(ClusterMaintenanceMode(), { description: 'MaintenanceModes active on this cluster.' }),
    ),
    phase: Type.Optional(
      TypedString<DRClusterPhase>({ description: 'Starting, Available or a fencing phase.' }),
    ),
  },
  { description: 'The observed state of a DRCluster.' },
);

/** The DRCluster kind. */
export const DRClusterKind = defineKind({
  group: RAMEN_GROUP,
  version: RAMEN_VERSION,
  kind: 'DRCluster',
  plural: 'drclusters',
  scope: 'Cluster',
  description: 'DRCluster is the Schema for the drclusters API',
  properties: {
    spec: Type.Optional(DRClusterSpec),
    status: Type.Optional(DRClusterStatus),
  },
});

/** A DRCluster object. */
export type DRCluster = KindObject<typeof DRClusterKind>;
/** DRCluster spec. */
export type DRClusterSpec = Static<typeof DRClusterSpec>;
/** DRCluster status. */
export type DRClusterStatus = Static<typeof DRClusterStatus>;
