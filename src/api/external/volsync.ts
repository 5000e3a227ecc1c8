/**
 * VolSync (`volsync.backube/v1alpha1`): a ReplicationSource on the primary pushes a PVC's data on a schedule (or on a
 * manual token) to a ReplicationDestination on the secondary, which keeps the latest copy as a snapshot or PVC. The
 * VRG controller writes both for PVCs without storage replication; the embedded VolSync movers serve them.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Conditions, DateTime, defineKind, type KindObject, StringMap } from '../schema/index.js';
import { VOLSYNC_GROUP } from './groups.js';
import {
  DestinationRsyncTLS,
  ExternalSpec,
  LatestImage,
  LatestMoverStatus,
  SourceRsyncTLS,
  Trigger,
  UnusedMover,
} from './volsync-movers.js';

const VERSION = 'v1alpha1';

/** The status fields both kinds share: sync timing, the manual-trigger echo, conditions. */
const syncStatusProperties = () => ({
  conditions: Type.Optional(Conditions({ description: 'Synchronizing, with its reason.' })),
  external: Type.Optional(StringMap({ description: 'Status of an external mover.' })),
  lastManualSync: Type.Optional(
    Type.String({ description: 'The spec.trigger.manual token of the last completed manual sync.' }),
  ),
  lastSyncDuration: Type.Optional(Type.String({ description: 'How long the last sync took (Go duration).' })),
  lastSyncStartTime: Type.Optional(DateTime({ description: 'When the current or last sync started.' })),
  lastSyncTime: Type.Optional(DateTime({ description: 'When the last sync completed.' })),
  latestMoverStatus: Type.Optional(LatestMoverStatus()),
  nextSyncTime: Type.Optional(DateTime({ description: 'When the next scheduled sync starts.' })),
});

const ReplicationSourceSpec = Type.Object(
  {
    external: Type.Optional(ExternalSpec()),
    paused: Type.Optional(Type.Boolean({ description: 'Stop starting new syncs.' })),
    rclone: Type.Optional(UnusedMover('Replicate to object storage with rclone.')),
    restic: Type.Optional(UnusedMover('Back up to a restic repository.')),
    rsync: Type.Optional(UnusedMover('Replicate with rsync over ssh (deprecated).')),
    rsyncTLS: Type.Optional(SourceRsyncTLS()),
    sourcePVC: Type.Optional(Type.String({ description: 'The PVC to replicate, in the same namespace.' })),
    syncthing: Type.Optional(UnusedMover('Replicate continuously with Syncthing.')),
    trigger: Type.Optional(Trigger()),
  },
  { description: 'What to replicate, when, and with which mover.' },
);

const ReplicationSourceStatus = Type.Object(
  {
    ...syncStatusProperties(),
    restic: Type.Optional(UnusedMover('Status of the restic mover.')),
    rsync: Type.Optional(UnusedMover('Status of the rsync mover.')),
    rsyncTLS: Type.Optional(
      Type.Object(
        { keySecret: Type.Optional(Type.String({ description: 'The Secret with the pre-shared key.' })) },
        { description: 'Status of the rsyncTLS mover.' },
      ),
    ),
    syncthing: Type.Optional(UnusedMover('Status of the Syncthing mover.')),
  },
  { description: 'The state of the replication.' },
);

/** The ReplicationSource kind. */
export const ReplicationSourceKind = defineKind({
  group: VOLSYNC_GROUP,
  version: VERSION,
  kind: 'ReplicationSource',
  plural: 'replicationsources',
  scope: 'Namespaced',
  description: 'ReplicationSource replicates a PVC to a destination on a schedule or on demand.',
  properties: {
    spec: Type.Optional(ReplicationSourceSpec),
    status: Type.Optional(ReplicationSourceStatus),
  },
  printerColumns: [
    { name: 'Source', type: 'string', jsonPath: '.spec.sourcePVC' },
    { name: 'Last sync', type: 'string', format: 'date-time', jsonPath: '.status.lastSyncTime' },
    { name: 'Duration', type: 'string', jsonPath: '.status.lastSyncDuration' },
    { name: 'Next sync', type: 'string', format: 'date-time', jsonPath: '.status.nextSyncTime' },
  ],
});
/** A ReplicationSource object. */
export type ReplicationSource = KindObject<typeof ReplicationSourceKind>;
/** ReplicationSource spec. */
export type ReplicationSourceSpec = Static<typeof ReplicationSourceSpec>;
/** ReplicationSource status. */
export type ReplicationSourceStatus = Static<typeof ReplicationSourceStatus>;

const ReplicationDestinationSpec = Type.Object(
  {
    external: Type.Optional(ExternalSpec()),
    paused: Type.Optional(Type.Boolean({ description: 'Stop starting new syncs.' })),
    rclone: Type.Optional(UnusedMover('Replicate from object storage with rclone.')),
    restic: Type.Optional(UnusedMover('Restore from a restic repository.')),
    rsync: Type.Optional(UnusedMover('Receive with rsync over ssh (deprecated).')),
    rsyncTLS: Type.Optional(DestinationRsyncTLS()),
    trigger: Type.Optional(Trigger()),
  },
  { description: 'Where to receive data, when, and with which mover.' },
);

const ReplicationDestinationStatus = Type.Object(
  {
    ...syncStatusProperties(),
    latestImage: Type.Optional(LatestImage()),
    rsync: Type.Optional(UnusedMover('Status of the rsync mover.')),
    rsyncTLS: Type.Optional(
      Type.Object(
        {
          address: Type.Optional(Type.String({ description: 'The address sources connect to.' })),
          keySecret: Type.Optional(Type.String({ description: 'The Secret with the pre-shared key.' })),
          port: Type.Optional(Type.Integer({ format: 'int32', description: 'The port sources connect to.' })),
        },
        { description: 'Where the rsyncTLS mover listens.' },
      ),
    ),
  },
  { description: 'The state of the replication and its latest image.' },
);

/** The ReplicationDestination kind. */
export const ReplicationDestinationKind = defineKind({
  group: VOLSYNC_GROUP,
  version: VERSION,
  kind: 'ReplicationDestination',
  plural: 'replicationdestinations',
  scope: 'Namespaced',
  description:
    'ReplicationDestination receives replicated data and keeps the latest copy as a snapshot or PVC.',
  properties: {
    spec: Type.Optional(ReplicationDestinationSpec),
    status: Type.Optional(ReplicationDestinationStatus),
  },
  printerColumns: [
    { name: 'Last sync', type: 'string', format: 'date-time', jsonPath: '.status.lastSyncTime' },
    { name: 'Duration', type: 'string', jsonPath: '.status.lastSyncDuration' },
    { name: 'Next sync', type: 'string', format: 'date-time', jsonPath: '.status.nextSyncTime' },
  ],
});
/** A ReplicationDestination object. */
export type ReplicationDestination = KindObject<typeof ReplicationDestinationKind>;
/** ReplicationDestination spec. */
export type ReplicationDestinationSpec = Static<typeof ReplicationDestinationSpec>;
/** ReplicationDestination status. */
export type ReplicationDestinationStatus = Static<typeof ReplicationDestinationStatus>;
