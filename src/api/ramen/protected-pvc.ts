/**
 * ProtectedPVC: what a VRG records about each PVC it protects (identity, storage, replication state and what is
 * needed to recreate the claim on the peer). VRG status lists them and the VolSync source and destination specs
 * embed one, so the hub can hand a PVC's description from one cluster to the other.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  Conditions,
  DateTime,
  Int64,
  type KubeSchemaOptions,
  List,
  StringEnum,
  StringMap,
  VolumeResourceRequirements,
} from '../schema/index.js';
import { MAINTENANCE_MODE_NAMES } from './constants/maintenance-mode-state.js';

/** A storage or replication identifier and the maintenance modes it requires. */
export function StorageIdentifier(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      id: Type.String({ description: 'The storage ID or replication ID label value.' }),
      modes: Type.Optional(
        List(StringEnum(MAINTENANCE_MODE_NAMES), {
          description: 'Maintenance modes the storage needs before these operations.',
        }),
      ),
    },
    options,
  );
}
/** A storage identifier as the TypeScript code sees it. */
export type StorageIdentifier = Static<ReturnType<typeof StorageIdentifier>>;

/** One PVC protected by a VRG. */
export function ProtectedPVC(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      accessModes: Type.Optional(List(Type.String(), { description: 'Access modes of the claim.' })),
      annotations: Type.Optional(StringMap({ description: 'Annotations restored with the claim.' })),
      conditions: Type.Optional(Conditions({ description: 'Per-PVC conditions.' })),
      csiProvisioner: Type.Optional(Type.String({ description: 'Provisioner of the claim storage class.' })),
      labels: Type.Optional(StringMap({ description: 'Labels restored with the claim.' })),
      lastSyncBytes: Type.Optional(Int64({ description: 'Bytes sent by the last completed sync.' })),
      lastSyncDuration: Type.Optional(Type.String({ description: 'How long the last completed sync took.' })),
      lastSyncTime: Type.Optional(DateTime({ description: 'When the last completed sync started.' })),
      name: Type.Optional(Type.String({ description: 'Claim name.' })),
      namespace: Type.Optional(Type.String({ description: 'Claim namespace.' })),
      protectedByVolSync: Type.Optional(
        Type.Boolean({ description: 'Replicated by VolSync rather than by VolumeReplication.' }),
      ),
      replicationID: Type.Optional(
        StorageIdentifier({ description: 'Replication ID of the replication class in use.' }),
      ),
      resources: Type.Optional(VolumeResourceRequirements({ description: 'Requested size of the claim.' })),
      storageClassName: Type.Optional(Type.String({ description: 'Storage class of the claim.' })),
      storageID: Type.Optional(StorageIdentifier({ description: 'Storage ID of the storage class.' })),
      volumeMode: Type.Optional(Type.String({ description: 'Filesystem or Block.' })),
    },
    options,
  );
}
/** A protected PVC as the TypeScript code sees it. */
export type ProtectedPVC = Static<ReturnType<typeof ProtectedPVC>>;
