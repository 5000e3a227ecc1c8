/**
 * csi-addons replication kinds (`replication.storage.openshift.io/v1alpha1`): the per-volume VolumeReplication and
 * its class, and the consistency-group trio VolumeGroupReplication, its class and its cluster-scoped content. The VRG
 * controller writes VRs and VGRs; the embedded CSI driver plays the csi-addons controller that answers them.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  Conditions,
  DateTime,
  defineKind,
  Int64,
  immutable,
  type KindObject,
  KnownString,
  LabelSelector,
  List,
  LocalObjectReference,
  ObjectReference,
  StringEnum,
  StringMap,
  TypedLocalObjectReference,
} from '../schema/index.js';
import { CSI_ADDONS_REPLICATION_GROUP } from './groups.js';

const VERSION = 'v1alpha1';

/** The states a VR or VGR can be asked for. */
export const VOLUME_REPLICATION_STATES = ['primary', 'secondary', 'resync'] as const;
/** A desired replication state (`spec.replicationState`). */
export type VolumeReplicationState = (typeof VOLUME_REPLICATION_STATES)[number];

/** The states csi-addons reports in `status.state`. */
export const VOLUME_REPLICATION_CURRENT_STATES = ['Primary', 'Secondary', 'Unknown'] as const;
/** A reported replication state (`status.state`). */
export type VolumeReplicationCurrentState = (typeof VOLUME_REPLICATION_CURRENT_STATES)[number];

/** Condition types csi-addons sets on VRs and VGRs; Ramen's VRG reads them to decide DataReady/DataProtected. */
export const ReplicationConditionType = {
  Completed: 'Completed',
  Degraded: 'Degraded',
  Resyncing: 'Resyncing',
  Validated: 'Validated',
  Replicating: 'Replicating',
} as const;

/** Condition reasons csi-addons sets alongside those types. */
export const ReplicationConditionReason = {
  Promoted: 'Promoted',
  Demoted: 'Demoted',
  FailedToPromote: 'FailedToPromote',
  FailedToDemote: 'FailedToDemote',
  Error: 'Error',
  VolumeDegraded: 'VolumeDegraded',
  Healthy: 'Healthy',
  ResyncTriggered: 'ResyncTriggered',
  FailedToResync: 'FailedToResync',
  NotResyncing: 'NotResyncing',
  PrerequisiteMet: 'PrerequisiteMet',
  PrerequisiteNotMet: 'PrerequisiteNotMet',
  Replicating: 'Replicating',
  NotReplicating: 'NotReplicating',
} as const;

const replicationState = () =>
  StringEnum(VOLUME_REPLICATION_STATES, {
    description: 'The state the volume should be in: primary, secondary or resync.',
  });

/** The fields of a VR's status, which a VGR's status inlines. */
const volumeReplicationStatusProperties = () => ({
  conditions: Type.Optional(
    Conditions({ description: 'Completed, Degraded, Resyncing, Validated, Replicating.' }),
  ),
  lastCompletionTime: Type.Optional(DateTime({ description: 'When the last operation completed.' })),
  lastStartTime: Type.Optional(DateTime({ description: 'When the last operation started.' })),
  lastSyncBytes: Type.Optional(Int64({ description: 'Bytes transferred by the last sync.' })),
  lastSyncDuration: Type.Optional(Type.String({ description: 'How long the last sync took (Go duration).' })),
  lastSyncTime: Type.Optional(
    DateTime({ description: 'Time of the last successful sync; unset on secondaries.' }),
  ),
  message: Type.Optional(Type.String({ description: 'Human-readable detail of the state.' })),
  observedGeneration: Type.Optional(Int64({ description: 'The spec generation this status reflects.' })),
  state: Type.Optional(
    KnownString(VOLUME_REPLICATION_CURRENT_STATES, {
      description: 'The current state: Primary, Secondary or Unknown.',
    }),
  ),
});

const VolumeReplicationSpec = Type.Object(
  {
    autoResync: Type.Boolean({
      description: 'Resync automatically when a secondary diverges (split brain).',
    }),
    dataSource: TypedLocalObjectReference({
      description: 'The PVC (core group) or VolumeGroupReplication to replicate, in the same namespace.',
      'x-kubernetes-validations': [immutable('dataSource is immutable')],
    }),
    replicationHandle: Type.Optional(Type.String({ description: 'An existing replication id to adopt.' })),
    replicationState: replicationState(),
    volumeReplicationClass: Type.String({
      description: 'The VolumeReplicationClass holding the driver and its parameters.',
      'x-kubernetes-validations': [immutable('volumeReplicationClass is immutable')],
    }),
  },
  { description: 'The desired replication of one volume.' },
);

const VolumeReplicationStatusSchema = Type.Object(volumeReplicationStatusProperties(), {
  description: 'The observed replication state of one volume.',
});

/** The VolumeReplication kind (`kubectl get vr`). */
export const VolumeReplicationKind = defineKind({
  group: CSI_ADDONS_REPLICATION_GROUP,
  version: VERSION,
  kind: 'VolumeReplication',
  plural: 'volumereplications',
  scope: 'Namespaced',
  shortNames: ['vr'],
  description:
    'VolumeReplication asks the storage to replicate one PVC (or a volume group) in a given state.',
  properties: {
    spec: Type.Optional(VolumeReplicationSpec),
    status: Type.Optional(VolumeReplicationStatusSchema),
  },
  printerColumns: [
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    { name: 'volumeReplicationClass', type: 'string', jsonPath: '.spec.volumeReplicationClass' },
    { name: 'pvcName', type: 'string', jsonPath: '.spec.dataSource.name' },
    { name: 'desiredState', type: 'string', jsonPath: '.spec.replicationState' },
    { name: 'currentState', type: 'string', jsonPath: '.status.state' },
  ],
});
/** A VolumeReplication object. */
export type VolumeReplication = KindObject<typeof VolumeReplicationKind>;
/** VolumeReplication spec. */
export type VolumeReplicationSpec = Static<typeof VolumeReplicationSpec>;
/** VolumeReplication status (also the core of VolumeGroupReplication's). */
export type VolumeReplicationStatus = Static<typeof VolumeReplicationStatusSchema>;

/** A class spec as csi-addons declares it: the driver and its opaque parameters. */
const ReplicationClassSpec = () =>
  Type.Object(
    {
      parameters: Type.Optional(
        StringMap({ description: 'Driver parameters, e.g. mirroringMode and schedulingInterval.' }),
      ),
      provisioner: Type.String({
        description: 'The CSI driver name; must equal the StorageClass provisioner.',
      }),
    },
    { description: 'The driver and parameters of a replication class.' },
  );

const VolumeReplicationClassSpec = ReplicationClassSpec();

/** The VolumeReplicationClass kind: which driver replicates and how (schedule, mode). */
export const VolumeReplicationClassKind = defineKind({
  group: CSI_ADDONS_REPLICATION_GROUP,
  version: VERSION,
  kind: 'VolumeReplicationClass',
  plural: 'volumereplicationclasses',
  scope: 'Cluster',
  shortNames: ['vrc'],
  description: 'VolumeReplicationClass names the CSI driver and the parameters used to replicate volumes.',
  properties: {
    spec: Type.Optional(VolumeReplicationClassSpec),
    status: Type.Optional(Type.Object({}, { description: 'Unused.' })),
  },
  printerColumns: [{ name: 'provisioner', type: 'string', jsonPath: '.spec.provisioner' }],
});
/** A VolumeReplicationClass object. */
export type VolumeReplicationClass = KindObject<typeof VolumeReplicationClassKind>;
/** VolumeReplicationClass spec. */
export type VolumeReplicationClassSpec = Static<typeof VolumeReplicationClassSpec>;

const VolumeGroupReplicationSpec = Type.Object(
  {
    autoResync: Type.Boolean({
      default: false,
      description: 'Resync automatically when a secondary diverges.',
    }),
    replicationState: replicationState(),
    source: Type.Object(
      {
        selector: Type.Optional(
          LabelSelector({
            description: 'Selects the PVCs of the group, in the VGR namespace.',
            'x-kubernetes-validations': [immutable('selector is immutable')],
          }),
        ),
      },
      {
        description: 'Where the group members come from.',
        'x-kubernetes-validations': [immutable('source is immutable')],
      },
    ),
    volumeGroupReplicationClassName: Type.String({
      description: 'The VolumeGroupReplicationClass to use.',
      'x-kubernetes-validations': [immutable('volumeGroupReplicationClassName is immutable')],
    }),
    volumeGroupReplicationContentName: Type.Optional(
      Type.String({
        description: 'The bound VolumeGroupReplicationContent (set by the controller).',
        'x-kubernetes-validations': [immutable('volumeGroupReplicationContentName is immutable')],
      }),
    ),
    volumeReplicationClassName: Type.String({
      description: 'The VolumeReplicationClass for the group VR.',
      'x-kubernetes-validations': [immutable('volumReplicationClassName is immutable')],
    }),
    volumeReplicationName: Type.Optional(
      Type.String({
        description: 'The VR the controller creates for the group (set by the controller).',
        'x-kubernetes-validations': [immutable('volumeReplicationName is immutable')],
      }),
    ),
  },
  { description: 'The desired replication of a group of PVCs as one consistency group.' },
);

const VolumeGroupReplicationStatus = Type.Object(
  {
    ...volumeReplicationStatusProperties(),
    persistentVolumeClaimsRefList: Type.Optional(
      List(LocalObjectReference(), {
        maxItems: 100,
        description: 'The PVCs the group currently replicates.',
      }),
    ),
  },
  { description: 'The observed replication state of the group.' },
);

/** The VolumeGroupReplication kind: replicates a label-selected set of PVCs with one point in time. */
export const VolumeGroupReplicationKind = defineKind({
  group: CSI_ADDONS_REPLICATION_GROUP,
  version: VERSION,
  kind: 'VolumeGroupReplication',
  plural: 'volumegroupreplications',
  // Not in csi-addons' CRD (which has no short name): added so `kubectl get vr,vgr` works as it does for VRs.
  shortNames: ['vgr'],
  scope: 'Namespaced',
  description: 'VolumeGroupReplication replicates a selected group of PVCs as one consistency group.',
  properties: {
    spec: Type.Optional(VolumeGroupReplicationSpec),
    status: Type.Optional(VolumeGroupReplicationStatus),
  },
});
/** A VolumeGroupReplication object. */
export type VolumeGroupReplication = KindObject<typeof VolumeGroupReplicationKind>;
/** VolumeGroupReplication spec. */
export type VolumeGroupReplicationSpec = Static<typeof VolumeGroupReplicationSpec>;
/** VolumeGroupReplication status. */
export type VolumeGroupReplicationStatus = Static<typeof VolumeGroupReplicationStatus>;

const VolumeGroupReplicationClassSpec = Type.Object(
  {
    parameters: Type.Optional(
      StringMap({
        description: 'Driver parameters for group replication.',
        'x-kubernetes-validations': [immutable('parameters are immutable')],
      }),
    ),
    provisioner: Type.String({
      description: 'The CSI driver name.',
      'x-kubernetes-validations': [immutable('provisioner is immutable')],
    }),
  },
  {
    description: 'The driver and parameters of a group replication class.',
    'x-kubernetes-validations': [
      { rule: 'has(self.parameters) == has(oldSelf.parameters)', message: 'parameters are immutable' },
    ],
  },
);

/** The VolumeGroupReplicationClass kind. */
export const VolumeGroupReplicationClassKind = defineKind({
  group: CSI_ADDONS_REPLICATION_GROUP,
  version: VERSION,
  kind: 'VolumeGroupReplicationClass',
  plural: 'volumegroupreplicationclasses',
  scope: 'Cluster',
  description:
    'VolumeGroupReplicationClass names the CSI driver and parameters used to replicate volume groups.',
  properties: {
    spec: Type.Optional(VolumeGroupReplicationClassSpec),
    status: Type.Optional(Type.Object({}, { description: 'Unused.' })),
  },
});
/** A VolumeGroupReplicationClass object. */
export type VolumeGroupReplicationClass = KindObject<typeof VolumeGroupReplicationClassKind>;
/** VolumeGroupReplicationClass spec. */
export type VolumeGroupReplicationClassSpec = Static<typeof VolumeGroupReplicationClassSpec>;

const VolumeGroupReplicationContentSpec = Type.Object(
  {
    provisioner: Type.String({ description: 'The CSI driver that owns the group.' }),
    source: Type.Object(
      {
        volumeHandles: List(Type.String(), { description: 'CSI volume handles of the group members.' }),
      },
      { description: 'The volumes in the group.' },
    ),
    volumeGroupReplicationClassName: Type.Optional(Type.String({ description: 'The class used.' })),
    volumeGroupReplicationHandle: Type.String({ description: 'The storage-side id of the volume group.' }),
    volumeGroupReplicationRef: ObjectReference({
      description: 'The VolumeGroupReplication this content is bound to.',
      'x-kubernetes-validations': [
        {
          rule: 'has(self.name) && has(self.__namespace__)',
          message: 'both volumeGroupReplicationRef.name and volumeGroupReplicationRef.namespace must be set',
        },
        immutable('volumeGroupReplicationRef is immutable'),
      ],
    }),
  },
  { description: 'The storage-side volume group bound to a VolumeGroupReplication.' },
);

const VolumeGroupReplicationContentStatus = Type.Object(
  {
    persistentVolumeRefList: Type.Optional(
      List(LocalObjectReference(), { description: 'The PVs whose volumes are in the group.' }),
    ),
  },
  { description: 'The observed members of the group.' },
);

/** The VolumeGroupReplicationContent kind: the cluster-scoped storage side of a VGR. */
export const VolumeGroupReplicationContentKind = defineKind({
  group: CSI_ADDONS_REPLICATION_GROUP,
  version: VERSION,
  kind: 'VolumeGroupReplicationContent',
  plural: 'volumegroupreplicationcontents',
  scope: 'Cluster',
  description:
    'VolumeGroupReplicationContent records the storage-side volume group behind a VolumeGroupReplication.',
  properties: {
    spec: Type.Optional(VolumeGroupReplicationContentSpec),
    status: Type.Optional(VolumeGroupReplicationContentStatus),
  },
});
/** A VolumeGroupReplicationContent object. */
export type VolumeGroupReplicationContent = KindObject<typeof VolumeGroupReplicationContentKind>;
/** VolumeGroupReplicationContent spec. */
export type VolumeGroupReplicationContentSpec = Static<typeof VolumeGroupReplicationContentSpec>;
/** VolumeGroupReplicationContent status. */
export type VolumeGroupReplicationContentStatus = Static<typeof VolumeGroupReplicationContentStatus>;
