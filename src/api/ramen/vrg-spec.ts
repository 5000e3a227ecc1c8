/**
 * The VolumeReplicationGroup spec. It is a function because two kinds embed it: the VRG itself and the
 * ProtectedVolumeReplicationGroupList, which reports the VRGs found in an S3 store.
 */
import { type Static, Type } from '@sinclair/typebox';
import { type KubeSchemaOptions, LabelSelector, List, TypedString } from '../schema/index.js';
import type { ReplicationState } from './constants/vrg-state.js';
import { DRActionField } from './dr-action.js';
import { KubeObjectProtectionSpec } from './kube-object-protection.js';
import { PeerClass } from './peer-class.js';
import { StaticIPTranslationSpec } from './static-ip.js';
import { VolSyncSpec } from './volsync-spec.js';

/** Settings of asynchronous (Regional DR) replication. */
export function VRGAsyncSpec(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      peerClasses: Type.Optional(List(PeerClass(), { description: 'Storage pairings usable for async DR.' })),
      replicationClassSelector: Type.Optional(
        LabelSelector({ description: 'Selects the VolumeReplicationClasses to use.' }),
      ),
      schedulingInterval: Type.String({
        pattern: '^\\d+[mhd]$',
        description: 'Replication interval such as 5m, 1h or 1d.',
      }),
      volumeGroupSnapshotClassSelector: Type.Optional(
        LabelSelector({ description: 'Selects the VolumeGroupSnapshotClasses for consistency groups.' }),
      ),
      volumeSnapshotClassSelector: Type.Optional(
        LabelSelector({ description: 'Selects the VolumeSnapshotClasses VolSync uses.' }),
      ),
    },
    options,
  );
}

/** Settings of synchronous (Metro DR) replication. */
export function VRGSyncSpec(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      peerClasses: Type.Optional(List(PeerClass(), { description: 'Storage pairings usable for sync DR.' })),
    },
    options,
  );
}

/** The desired state of a VolumeReplicationGroup. */
export function VolumeReplicationGroupSpec(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      action: Type.Optional(DRActionField({ description: 'The DR action that made this VRG primary.' })),
      async: Type.Optional(VRGAsyncSpec({ description: 'Set for Regional (async) DR.' })),
      dryRun: Type.Optional(Type.Boolean({ description: 'Test failover: no S3 uploads, snapshots only.' })),
      kubeObjectProtection: Type.Optional(
        KubeObjectProtectionSpec({ description: 'Capture and restore of Kubernetes objects.' }),
      ),
      prepareForFinalSync: Type.Optional(
        Type.Boolean({ description: 'Stop scheduled syncs ahead of a relocation final sync.' }),
      ),
      protectedNamespaces: Type.Optional(
        List(Type.String(), { description: 'Namespaces protected by a VRG in the Ramen ops namespace.' }),
      ),
      pvcSelector: LabelSelector({ description: 'Selects the PVCs to protect.' }),
      replicationState: TypedString<ReplicationState>({ description: 'primary or secondary.' }),
      runFinalSync: Type.Optional(Type.Boolean({ description: 'Run the final sync of a relocation.' })),
      s3Profiles: List(Type.String(), { description: 'S3 profiles to store cluster data in.' }),
      staticIPTranslationSpec: Type.Optional(
        StaticIPTranslationSpec({ description: 'Address rewrites for VMs with static IPs.' }),
      ),
      sync: Type.Optional(VRGSyncSpec({ description: 'Set for Metro (sync) DR.' })),
      volSync: Type.Optional(VolSyncSpec({ description: 'VolSync replication settings.' })),
    },
    options,
  );
}
/** A VRG spec as the TypeScript code sees it. */
export type VolumeReplicationGroupSpec = Static<ReturnType<typeof VolumeReplicationGroupSpec>>;
