/**
 * ReplicationGroupSource (namespaced, primary cluster): replicates a consistency group of CephFS PVCs with
 * VolSync. It snapshots the group with a VolumeGroupSnapshot, then drives one ReplicationSource per PVC from it.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  Conditions,
  DateTime,
  defineKind,
  type KindObject,
  LabelSelector,
  List,
  ObjectReference,
} from '../schema/index.js';
import { RAMEN_GROUP, RAMEN_VERSION } from './group.js';
import { VolSyncReplicationSourceSpec } from './volsync-spec.js';

/** The cron schedule VolSync accepts: a macro such as `@hourly` or five cron fields. */
const CRON_SCHEDULE_PATTERN =
  '^(@(annually|yearly|monthly|weekly|daily|hourly))|((((\\d+,)*\\d+|(\\d+(\\/|-)\\d+)|\\*(\\/\\d+)?)\\s?){5})$';

const ReplicationGroupSourceTrigger = Type.Object(
  {
    manual: Type.Optional(Type.String({ description: 'Sync once each time this value changes.' })),
    schedule: Type.Optional(
      Type.String({ pattern: CRON_SCHEDULE_PATTERN, description: 'Cron schedule of the syncs.' }),
    ),
  },
  { description: 'When to sync.' },
);

const ReplicationGroupSourceSpec = Type.Object(
  {
    rsSpecs: Type.Optional(List(VolSyncReplicationSourceSpec(), { description: 'One source per PVC.' })),
    trigger: Type.Optional(ReplicationGroupSourceTrigger),
    volumeGroupSnapshotClassName: Type.String({ description: 'VolumeGroupSnapshotClass to snapshot with.' }),
    volumeGroupSnapshotSource: LabelSelector({ description: 'Selects the PVCs of the group.' }),
  },
  { description: 'The desired state of a ReplicationGroupSource.' },
);

const ReplicationGroupSourceStatus = Type.Object(
  {
    conditions: Type.Optional(Conditions()),
    lastManualSync: Type.Optional(Type.String({ description: 'The manual trigger value last synced.' })),
    lastSyncDuration: Type.Optional(Type.String({ description: 'How long the last sync took.' })),
    lastSyncStartTime: Type.Optional(DateTime({ description: 'When the last sync started.' })),
    lastSyncTime: Type.Optional(DateTime({ description: 'When the last sync completed.' })),
    nextSyncTime: Type.Optional(DateTime({ description: 'When the next scheduled sync starts.' })),
    replicationSources: Type.Optional(
      List(ObjectReference(), { description: 'The ReplicationSources created for the group.' }),
    ),
  },
  { description: 'The observed state of a ReplicationGroupSource.' },
);

/** The ReplicationGroupSource kind. */
export const ReplicationGroupSourceKind = defineKind({
  group: RAMEN_GROUP,
  version: RAMEN_VERSION,
  kind: 'ReplicationGroupSource',
  plural: 'replicationgroupsources',
  scope: 'Namespaced',
  shortNames: ['rgs'],
  description: 'Replicates a consistency group of PVCs from a group snapshot.',
  properties: {
    spec: Type.Optional(ReplicationGroupSourceSpec),
    status: Type.Optional(ReplicationGroupSourceStatus),
  },
  printerColumns: [
    { name: 'Last sync', type: 'string', format: 'date-time', jsonPath: '.status.lastSyncTime' },
    { name: 'Duration', type: 'string', jsonPath: '.status.lastSyncDuration' },
    { name: 'Next sync', type: 'string', format: 'date-time', jsonPath: '.status.nextSyncTime' },
    { name: 'Source', type: 'string', jsonPath: '.spec.volumeGroupSnapshotSource' },
    { name: 'Last sync start', type: 'string', format: 'date-time', jsonPath: '.status.lastSyncStartTime' },
  ],
});

/** A ReplicationGroupSource object. */
export type ReplicationGroupSource = KindObject<typeof ReplicationGroupSourceKind>;
/** ReplicationGroupSource spec. */
export type ReplicationGroupSourceSpec = Static<typeof ReplicationGroupSourceSpec>;
/** ReplicationGroupSource status. */
export type ReplicationGroupSourceStatus = Static<typeof ReplicationGroupSourceStatus>;
