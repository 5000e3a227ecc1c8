/**
 * ProtectedVolumeReplicationGroupList (cluster-scoped): asks Ramen to list the VRGs stored in one S3 profile and
 * reports them in its status. The reported VRGs reuse the VRG spec and status schemas; their metadata is the
 * subset Ramen stores.
 */
import { type Static, Type } from '@sinclair/typebox';
import { DateTime, defineKind, type KindObject, List, StringMap } from '../schema/index.js';
import { RAMEN_GROUP, RAMEN_VERSION } from './group.js';
import { VolumeReplicationGroupSpec } from './vrg-spec.js';
import { VolumeReplicationGroupStatus } from './vrg-status.js';

const ProtectedVolumeReplicationGroupListSpec = Type.Object(
  {
    s3ProfileName: Type.String({ description: 'The S3 profile whose VRGs to list.' }),
  },
  { description: 'Which S3 store to read.' },
);

/** The metadata kept for a VRG stored in S3. */
const StoredVRGMetadata = Type.Object(
  {
    annotations: Type.Optional(StringMap({ description: 'Annotations of the VRG.' })),
    finalizers: Type.Optional(List(Type.String(), { description: 'Finalizers of the VRG.' })),
    labels: Type.Optional(StringMap({ description: 'Labels of the VRG.' })),
    name: Type.Optional(Type.String({ description: 'Name of the VRG.' })),
    namespace: Type.Optional(Type.String({ description: 'Namespace of the VRG.' })),
  },
  { description: 'Identity and labels of the stored VRG.' },
);

/** One VRG as found in the S3 store. */
const StoredVolumeReplicationGroup = Type.Object(
  {
    apiVersion: Type.Optional(Type.String({ description: 'API version of the stored VRG.' })),
    kind: Type.Optional(Type.String({ description: 'Kind of the stored object.' })),
    metadata: Type.Optional(StoredVRGMetadata),
    spec: Type.Optional(VolumeReplicationGroupSpec({ description: 'The stored VRG spec.' })),
    status: Type.Optional(VolumeReplicationGroupStatus({ description: 'The stored VRG status.' })),
  },
  { description: 'A VRG read from the S3 store.' },
);

const ProtectedVolumeReplicationGroupListStatus = Type.Object(
  {
    items: Type.Optional(List(StoredVolumeReplicationGroup, { description: 'The VRGs found.' })),
    sampleTime: Type.Optional(DateTime({ description: 'When the store was read.' })),
  },
  { description: 'The VRGs found in the S3 store.' },
);

/** The ProtectedVolumeReplicationGroupList kind. */
export const ProtectedVolumeReplicationGroupListKind = defineKind({
  group: RAMEN_GROUP,
  version: RAMEN_VERSION,
  kind: 'ProtectedVolumeReplicationGroupList',
  plural: 'protectedvolumereplicationgrouplists',
  scope: 'Cluster',
  description: 'A listing of the VRGs stored in one S3 profile.',
  properties: {
    spec: Type.Optional(ProtectedVolumeReplicationGroupListSpec),
    status: Type.Optional(ProtectedVolumeReplicationGroupListStatus),
  },
});

/** A ProtectedVolumeReplicationGroupList object. */
export type ProtectedVolumeReplicationGroupList = KindObject<typeof ProtectedVolumeReplicationGroupListKind>;
/** ProtectedVolumeReplicationGroupList spec. */
export type ProtectedVolumeReplicationGroupListSpec = Static<typeof ProtectedVolumeReplicationGroupListSpec>;
/** ProtectedVolumeReplicationGroupList status. */
export type ProtectedVolumeReplicationGroupListStatus = Static<
  typeof ProtectedVolumeReplicationGroupListStatus
>;
/** A VRG as reported by a ProtectedVolumeReplicationGroupList. */
export type StoredVolumeReplicationGroup = Static<typeof StoredVolumeReplicationGroup>;
