/**
 * ReplicationGroupDestination (namespaced, secondary cluster): receives a consistency group of CephFS PVCs with
 * one VolSync ReplicationDestination per PVC and reports the latest snapshot of each.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  Conditions,
  DateTime,
  defineKind,
  type KindObject,
  LabelSelector,
  List,
  MapOf,
  ObjectReference,
  TypedLocalObjectReference,
} from '../schema/index.js';
import { RAMEN_GROUP, RAMEN_VERSION } from './group.js';
import { VolSyncReplicationDestinationSpec } from './volsync-spec.js';

const ReplicationGroupDestinationSpec = Type.Object(
  {
    paused: Type.Optional(Type.Boolean({ description: 'Stop receiving while true.' })),
    rdSpecs: Type.Optional(
      List(VolSyncReplicationDestinationSpec(), { description: 'One destination per PVC.' }),
    ),
    volumeSnapshotClassSelector: Type.Optional(
      LabelSelector({ description: 'Selects the VolumeSnapshotClass for the received snapshots.' }),
    ),
  },
  { description: 'The desired state of a ReplicationGroupDestination.' },
);

const ReplicationGroupDestinationStatus = Type.Object(
  {
    conditions: Type.Optional(Conditions()),
    lastSyncDuration: Type.Optional(Type.String({ description: 'How long the last sync took.' })),
    lastSyncStartTime: Type.Optional(DateTime({ description: 'When the last sync started.' })),
    lastSyncTime: Type.Optional(DateTime({ description: 'When the last sync completed.' })),
    latestImage: Type.Optional(
      MapOf(TypedLocalObjectReference(), { description: 'Latest received snapshot, by PVC name.' }),
    ),
    nextSyncTime: Type.Optional(DateTime({ description: 'When the next sync is expected.' })),
    replicationDestinations: Type.Optional(
      List(ObjectReference(), { description: 'The ReplicationDestinations created for the group.' }),
    ),
  },
  { description: 'The observed state of a ReplicationGroupDestination.' },
);

/** The ReplicationGroupDestination kind. */
export const ReplicationGroupDestinationKind = defineKind({
  group: RAMEN_GROUP,
  version: RAMEN_VERSION,
  kind: 'ReplicationGroupDestination',
  plural: 'replicationgroupdestinations',
  scope: 'Namespaced',
  shortNames: ['rgd'],
  description: 'Receives a consistency group of PVCs replicated by a ReplicationGroupSource.',
  properties: {
    spec: Type.Optional(ReplicationGroupDestinationSpec),
    status: Type.Optional(ReplicationGroupDestinationStatus),
  },
  printerColumns: [
    { name: 'Last sync', type: 'string', format: 'date-time', jsonPath: '.status.lastSyncTime' },
    { name: 'Duration', type: 'string', jsonPath: '.status.lastSyncDuration' },
    { name: 'Last sync start', type: 'string', format: 'date-time', jsonPath: '.status.lastSyncStartTime' },
  ],
});

/** A ReplicationGroupDestination object. */
export type ReplicationGroupDestination = KindObject<typeof ReplicationGroupDestinationKind>;
/** ReplicationGroupDestination spec. */
export type ReplicationGroupDestinationSpec = Static<typeof ReplicationGroupDestinationSpec>;
/** ReplicationGroupDestination status. */
export type ReplicationGroupDestinationStatus = Static<typeof ReplicationGroupDestinationStatus>;
