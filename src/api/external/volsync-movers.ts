/**
 * Shared pieces of VolSync's ReplicationSource and ReplicationDestination (`volsync.backube/v1alpha1`): the trigger,
 * the volume options every mover takes, the rsync-over-TLS mover Ramen uses, and the movers Ramen does not use
 * (kept as objects whose content is preserved, so whatever VolSync accepts is accepted).
 */
import { Type } from '@sinclair/typebox';
import {
  FreeForm,
  Int32,
  type KubeSchemaOptions,
  List,
  Quantity,
  StringEnum,
  StringMap,
  TypedLocalObjectReference,
} from '../schema/index.js';

/** How VolSync gets a stable copy of the data: Direct uses the volume itself, Clone/Snapshot a point-in-time copy. */
export const COPY_METHODS = ['Direct', 'None', 'Clone', 'Snapshot'] as const;
/** A VolSync copy method. */
export type CopyMethod = (typeof COPY_METHODS)[number];

/** The cron pattern VolSync validates `spec.trigger.schedule` with (five fields, numbers, `*` and steps). */
export const VOLSYNC_SCHEDULE_PATTERN = '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$';

/** The condition VolSync sets on both kinds, and its reasons. */
export const VolSyncCondition = {
  type: 'Synchronizing',
  reasons: {
    SyncInProgress: 'SyncInProgress',
    WaitingForSchedule: 'WaitingForSchedule',
    WaitingForManual: 'WaitingForManual',
    CleaningUp: 'CleaningUp',
    Error: 'Error',
  },
} as const;

/** When a sync starts: on a cron schedule, or once per new `manual` token. */
export function Trigger() {
  return Type.Object(
    {
      manual: Type.Optional(
        Type.String({
          description: 'A token; a sync runs when it changes and status.lastManualSync echoes it.',
        }),
      ),
      schedule: Type.Optional(
        Type.String({ pattern: VOLSYNC_SCHEDULE_PATTERN, description: 'A five-field cron schedule.' }),
      ),
    },
    { description: 'When to synchronize.' },
  );
}

/** The volume options every mover takes (a destination adds `destinationPVC`: see `destinationVolumeOptions`). */
export function volumeOptions() {
  return {
    accessModes: Type.Optional(
      List(Type.String(), { minItems: 1, description: 'Access modes of the copy (or destination) volume.' }),
    ),
    capacity: Type.Optional(Quantity({ description: 'Size of the destination volume.' })),
    copyMethod: Type.Optional(StringEnum(COPY_METHODS, { description: 'Direct, None, Clone or Snapshot.' })),
    storageClassName: Type.Optional(Type.String({ description: 'StorageClass of the copy volume.' })),
    volumeSnapshotClassName: Type.Optional(
      Type.String({ description: 'VolumeSnapshotClass for Snapshot copies.' }),
    ),
  };
}

/**
 * The volume options of a destination mover: `volumeOptions` plus `destinationPVC`. A separate function (not a
 * flag) so the static type keeps `destinationPVC` optional.
 */
export function destinationVolumeOptions() {
  return {
    ...volumeOptions(),
    destinationPVC: Type.Optional(
      Type.String({ description: 'An existing PVC to write into instead of provisioning one.' }),
    ),
  };
}

/** The mover pod options (security context, service account, labels, resources, affinity). */
export function moverConfig() {
  return {
    moverAffinity: Type.Optional(FreeForm({ description: 'Affinity of the mover pod.' })),
    moverPodLabels: Type.Optional(StringMap({ description: 'Extra labels on the mover pod.' })),
    moverResources: Type.Optional(FreeForm({ description: 'Resource requests and limits of the mover.' })),
    moverSecurityContext: Type.Optional(FreeForm({ description: 'Pod security context of the mover.' })),
    moverServiceAccount: Type.Optional(Type.String({ description: 'Service account the mover runs as.' })),
  };
}

const keySecret = () =>
  Type.Optional(
    Type.String({ description: 'Secret holding the pre-shared key (psk.txt); generated when unset.' }),
  );

/** ReplicationSource rsyncTLS: the client side, connecting to the destination's address. */
export function SourceRsyncTLS() {
  return Type.Object(
    {
      ...volumeOptions(),
      ...moverConfig(),
      address: Type.Optional(Type.String({ description: 'The destination address to connect to.' })),
      keySecret: keySecret(),
      port: Type.Optional(
        Int32({ minimum: 0, maximum: 65535, description: 'The destination port; 8000 when unset.' }),
      ),
    },
    { description: 'Replicate with rsync over a TLS-PSK tunnel, as a client.' },
  );
}

/** ReplicationDestination rsyncTLS: the server side, listening behind a Service. */
export function DestinationRsyncTLS() {
  return Type.Object(
    {
      ...destinationVolumeOptions(),
      ...moverConfig(),
      keySecret: keySecret(),
      serviceAnnotations: Type.Optional(StringMap({ description: 'Annotations on the listening Service.' })),
      serviceType: Type.Optional(Type.String({ description: 'ClusterIP (default) or LoadBalancer.' })),
    },
    { description: 'Replicate with rsync over a TLS-PSK tunnel, as a server.' },
  );
}

/** The `external` block: a mover outside VolSync does the work. */
export function ExternalSpec() {
  return Type.Object(
    {
      parameters: Type.Optional(StringMap({ description: 'Parameters for the external mover.' })),
      provider: Type.Optional(Type.String({ description: 'The external provider.' })),
    },
    { description: 'Replicate with an external mover.' },
  );
}

/** A mover Ramen never configures (rclone, restic, rsync over ssh, syncthing): its content is kept as sent. */
export function UnusedMover(description: string, options: KubeSchemaOptions = {}) {
  return FreeForm({ ...options, description });
}

/** Outcome of the last mover run. */
export const MOVER_RESULTS = ['Successful', 'Failed'] as const;

/** `status.latestMoverStatus`: the last mover's result and the tail of its log. */
export function LatestMoverStatus() {
  return Type.Object(
    {
      logs: Type.Optional(Type.String({ description: 'The last lines of the mover log.' })),
      result: Type.Optional(StringEnum(MOVER_RESULTS, { description: 'Successful or Failed.' })),
    },
    { description: 'The outcome of the last mover run.' },
  );
}

/** `status.latestImage`: the PVC or VolumeSnapshot holding the newest complete copy. */
export function LatestImage() {
  return TypedLocalObjectReference({
    description: 'The PVC or VolumeSnapshot with the latest complete copy.',
  });
}
