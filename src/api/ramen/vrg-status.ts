/**
 * The VolumeReplicationGroup status. A function because the VRG and the ProtectedVolumeReplicationGroupList both
 * embed it; PVCGroup is also copied into the DRPC's resource conditions.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  Conditions,
  DateTime,
  Int64,
  type KubeSchemaOptions,
  List,
  NullableDateTime,
  TypedString,
} from '../schema/index.js';
import type { VRGState } from './constants/vrg-state.js';
import { ProtectedPVC } from './protected-pvc.js';
import { ProtectedStaticIPResource } from './static-ip.js';
import { VolSyncReplicationDestinationInfo } from './volsync-spec.js';

/** PVCs replicated together as one consistency group. */
export function PVCGroup(options: KubeSchemaOptions = {}) {
  return Type.Object(
    { grouped: Type.Optional(List(Type.String(), { description: 'Names of the grouped PVCs.' })) },
    options,
  );
}

/** One kube-object capture slot and when it was taken. */
export function KubeObjectsCaptureIdentifier(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      endTime: Type.Optional(NullableDateTime({ description: 'When the capture finished.' })),
      number: Int64({ description: 'The capture slot number.' }),
      startGeneration: Type.Optional(Int64({ description: 'VRG generation when the capture started.' })),
      startTime: Type.Optional(NullableDateTime({ description: 'When the capture started.' })),
    },
    options,
  );
}

/** The observed state of a VolumeReplicationGroup. */
export function VolumeReplicationGroupStatus(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      conditions: Type.Optional(
        Conditions({ description: 'DataReady, DataProtected, ClusterDataReady, ...' }),
      ),
      finalSyncComplete: Type.Optional(Type.Boolean({ description: 'The relocation final sync is done.' })),
      kubeObjectProtection: Type.Optional(
        Type.Object(
          {
            captureToRecoverFrom: Type.Optional(
              KubeObjectsCaptureIdentifier({ description: 'The latest complete capture.' }),
            ),
          },
          { description: 'Kube object capture progress.' },
        ),
      ),
      lastGroupSyncBytes: Type.Optional(
        Int64({ description: 'Bytes synced by all PVCs in their last syncs.' }),
      ),
      lastGroupSyncDuration: Type.Optional(
        Type.String({ description: 'Longest last-sync duration of the PVCs.' }),
      ),
      lastGroupSyncTime: Type.Optional(
        DateTime({ description: 'Oldest last-sync time of the PVCs: every PVC is at least this recent.' }),
      ),
      lastUpdateTime: Type.Optional(NullableDateTime({ description: 'When the status last changed.' })),
      observedGeneration: Type.Optional(Int64({ description: 'The generation this status is for.' })),
      prepareForFinalSyncComplete: Type.Optional(
        Type.Boolean({ description: 'Scheduled syncs are stopped for the final sync.' }),
      ),
      protectedPVCs: Type.Optional(List(ProtectedPVC(), { description: 'The PVCs being protected.' })),
      pvcgroups: Type.Optional(List(PVCGroup(), { description: 'Consistency groups of PVCs.' })),
      rdInfo: Type.Optional(
        List(VolSyncReplicationDestinationInfo(), {
          description: 'ReplicationDestinations ready on this secondary.',
        }),
      ),
      state: Type.Optional(TypedString<VRGState>({ description: 'Primary, Secondary or Unknown.' })),
      staticIPDiscovery: Type.Optional(
        Type.Object(
          {
            resources: Type.Optional(
              List(ProtectedStaticIPResource(), { description: 'VMs found with static IPs.' }),
            ),
          },
          { description: 'VMs using static IPs.' },
        ),
      ),
    },
    options,
  );
}
/** A VRG status as the TypeScript code sees it. */
export type VolumeReplicationGroupStatus = Static<ReturnType<typeof VolumeReplicationGroupStatus>>;
