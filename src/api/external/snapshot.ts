/**
 * Kubernetes CSI snapshots (`snapshot.storage.k8s.io/v1`, v1beta1 still served): VolSync snapshots the source PVC
 * and keeps the latest destination image as a VolumeSnapshot; Ramen picks the VolumeSnapshotClass by driver and
 * storage id and restores PVCs from `status.latestImage`. The embedded CSI driver plays the snapshot controller.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  DateTime,
  defineKind,
  Int64,
  type KindObject,
  ObjectReference,
  QUANTITY_PATTERN,
  StringEnum,
  StringMap,
} from '../schema/index.js';
import { SNAPSHOT_GROUP } from './groups.js';

const VERSION = 'v1';
const ALSO_SERVED = ['v1beta1'];

/** What happens to the storage-side snapshot when its binding is deleted. */
export const SNAPSHOT_DELETION_POLICIES = ['Delete', 'Retain'] as const;
/** A snapshot deletion policy. */
export type SnapshotDeletionPolicy = (typeof SNAPSHOT_DELETION_POLICIES)[number];

/** The annotation that marks the default VolumeSnapshotClass of a driver. */
export const DEFAULT_SNAPSHOT_CLASS_ANNOTATION = 'snapshot.storage.kubernetes.io/is-default-class';

const SnapshotError = () =>
  Type.Object(
    {
      message: Type.Optional(Type.String({ description: 'What failed; may be logged.' })),
      time: Type.Optional(DateTime({ description: 'When the error was seen.' })),
    },
    { description: 'The last error of the snapshot operation, if any.' },
  );

const VolumeSnapshotSpec = Type.Object(
  {
    source: Type.Object(
      {
        persistentVolumeClaimName: Type.Optional(
          Type.String({ description: 'The PVC to snapshot (dynamic provisioning).' }),
        ),
        volumeSnapshotContentName: Type.Optional(
          Type.String({ description: 'An existing VolumeSnapshotContent to bind (pre-provisioned).' }),
        ),
      },
      {
        description: 'Exactly one of a PVC to snapshot or an existing content.',
        oneOf: [{ required: ['persistentVolumeClaimName'] }, { required: ['volumeSnapshotContentName'] }],
      },
    ),
    volumeSnapshotClassName: Type.Optional(Type.String({ description: 'The class; empty for the default.' })),
  },
  { description: 'What to snapshot and with which class.' },
);

const VolumeSnapshotStatus = Type.Object(
  {
    boundVolumeSnapshotContentName: Type.Optional(Type.String({ description: 'The bound content.' })),
    creationTime: Type.Optional(DateTime({ description: 'When the storage cut the snapshot.' })),
    error: Type.Optional(SnapshotError()),
    readyToUse: Type.Optional(Type.Boolean({ description: 'Whether a volume can be restored from it.' })),
    restoreSize: Type.Optional(
      Type.String({
        pattern: QUANTITY_PATTERN,
        'x-kubernetes-int-or-string': true,
        description: 'The minimum size of a volume restored from it.',
      }),
    ),
  },
  { description: 'The observed state of the snapshot.' },
);

/** The VolumeSnapshot kind. */
export const VolumeSnapshotKind = defineKind({
  group: SNAPSHOT_GROUP,
  version: VERSION,
  alsoServedVersions: ALSO_SERVED,
  kind: 'VolumeSnapshot',
  plural: 'volumesnapshots',
  scope: 'Namespaced',
  description: 'VolumeSnapshot requests a point-in-time snapshot of a PVC, or binds an existing one.',
  properties: {
    spec: VolumeSnapshotSpec,
    status: Type.Optional(VolumeSnapshotStatus),
  },
  printerColumns: [
    { name: 'ReadyToUse', type: 'boolean', jsonPath: '.status.readyToUse' },
    { name: 'SourcePVC', type: 'string', jsonPath: '.spec.source.persistentVolumeClaimName' },
    { name: 'SourceSnapshotContent', type: 'string', jsonPath: '.spec.source.volumeSnapshotContentName' },
    { name: 'RestoreSize', type: 'string', jsonPath: '.status.restoreSize' },
    { name: 'SnapshotClass', type: 'string', jsonPath: '.spec.volumeSnapshotClassName' },
    { name: 'SnapshotContent', type: 'string', jsonPath: '.status.boundVolumeSnapshotContentName' },
    { name: 'CreationTime', type: 'date', jsonPath: '.status.creationTime' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ],
});
/** A VolumeSnapshot object. */
export type VolumeSnapshot = KindObject<typeof VolumeSnapshotKind>;
/** VolumeSnapshot spec. */
export type VolumeSnapshotSpec = Static<typeof VolumeSnapshotSpec>;
/** VolumeSnapshot status. */
export type VolumeSnapshotStatus = Static<typeof VolumeSnapshotStatus>;

/** The VolumeSnapshotClass kind; its fields sit at the top level, beside metadata. */
export const VolumeSnapshotClassKind = defineKind({
  group: SNAPSHOT_GROUP,
  version: VERSION,
  alsoServedVersions: ALSO_SERVED,
  kind: 'VolumeSnapshotClass',
  plural: 'volumesnapshotclasses',
  scope: 'Cluster',
  description: 'VolumeSnapshotClass names the CSI driver and parameters used to take snapshots.',
  properties: {
    deletionPolicy: StringEnum(SNAPSHOT_DELETION_POLICIES, {
      description: 'Whether contents made through this class are deleted with their VolumeSnapshot.',
    }),
    driver: Type.String({ description: 'The CSI driver that takes the snapshots.' }),
    parameters: Type.Optional(StringMap({ description: 'Driver-specific parameters.' })),
  },
  statusSubresource: false,
  printerColumns: [
    { name: 'Driver', type: 'string', jsonPath: '.driver' },
    { name: 'DeletionPolicy', type: 'string', jsonPath: '.deletionPolicy' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ],
});
/** A VolumeSnapshotClass object. */
export type VolumeSnapshotClass = KindObject<typeof VolumeSnapshotClassKind>;

const VolumeSnapshotContentSpec = Type.Object(
  {
    deletionPolicy: StringEnum(SNAPSHOT_DELETION_POLICIES, {
      description: 'Whether the storage-side snapshot is deleted with the VolumeSnapshot.',
    }),
    driver: Type.String({ description: 'The CSI driver that owns the snapshot.' }),
    source: Type.Object(
      {
        snapshotHandle: Type.Optional(Type.String({ description: 'An existing storage-side snapshot id.' })),
        volumeHandle: Type.Optional(Type.String({ description: 'The volume to snapshot (dynamic).' })),
      },
      {
        description: 'Exactly one of an existing snapshot handle or a volume handle.',
        oneOf: [{ required: ['snapshotHandle'] }, { required: ['volumeHandle'] }],
      },
    ),
    sourceVolumeMode: Type.Optional(
      Type.String({ description: 'Filesystem or Block, of the source volume.' }),
    ),
    volumeSnapshotClassName: Type.Optional(Type.String({ description: 'The class used.' })),
    volumeSnapshotRef: ObjectReference({ description: 'The VolumeSnapshot this content is bound to.' }),
  },
  { description: 'The storage-side snapshot and its binding.' },
);

const VolumeSnapshotContentStatus = Type.Object(
  {
    creationTime: Type.Optional(
      Int64({ description: 'When the storage cut the snapshot, in Unix nanoseconds.' }),
    ),
    error: Type.Optional(SnapshotError()),
    readyToUse: Type.Optional(Type.Boolean({ description: 'Whether a volume can be restored from it.' })),
    restoreSize: Type.Optional(Int64({ minimum: 0, description: 'Restore size in bytes.' })),
    snapshotHandle: Type.Optional(Type.String({ description: 'The storage-side snapshot id.' })),
    volumeGroupSnapshotHandle: Type.Optional(
      Type.String({ description: 'The group snapshot it belongs to.' }),
    ),
  },
  { description: 'The observed state of the storage-side snapshot.' },
);

/** The VolumeSnapshotContent kind (no reference CRD here; declared from the external-snapshotter API). */
export const VolumeSnapshotContentKind = defineKind({
  group: SNAPSHOT_GROUP,
  version: VERSION,
  alsoServedVersions: ALSO_SERVED,
  kind: 'VolumeSnapshotContent',
  plural: 'volumesnapshotcontents',
  scope: 'Cluster',
  description: 'VolumeSnapshotContent represents a storage-side snapshot bound to a VolumeSnapshot.',
  properties: {
    spec: VolumeSnapshotContentSpec,
    status: Type.Optional(VolumeSnapshotContentStatus),
  },
  printerColumns: [
    { name: 'ReadyToUse', type: 'boolean', jsonPath: '.status.readyToUse' },
    { name: 'RestoreSize', type: 'integer', jsonPath: '.status.restoreSize' },
    { name: 'DeletionPolicy', type: 'string', jsonPath: '.spec.deletionPolicy' },
    { name: 'Driver', type: 'string', jsonPath: '.spec.driver' },
    { name: 'VolumeSnapshotClass', type: 'string', jsonPath: '.spec.volumeSnapshotClassName' },
    { name: 'VolumeSnapshot', type: 'string', jsonPath: '.spec.volumeSnapshotRef.name' },
    { name: 'VolumeSnapshotNamespace', type: 'string', jsonPath: '.spec.volumeSnapshotRef.namespace' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ],
});
/** A VolumeSnapshotContent object. */
export type VolumeSnapshotContent = KindObject<typeof VolumeSnapshotContentKind>;
/** VolumeSnapshotContent spec. */
export type VolumeSnapshotContentSpec = Static<typeof VolumeSnapshotContentSpec>;
/** VolumeSnapshotContent status. */
export type VolumeSnapshotContentStatus = Static<typeof VolumeSnapshotContentStatus>;
