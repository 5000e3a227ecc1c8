/**
 * MaintenanceMode (cluster-scoped, managed cluster): Ramen's request that a storage backend (a provisioner and one
 * of its replication instances) enter a maintenance mode, such as preparing for a failover. Ramen only creates it
 * (through a ManifestWork); the storage driver reconciles it and reports readiness in its status.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Conditions, defineKind, Int64, type KindObject, List, StringEnum } from '../schema/index.js';
import { MAINTENANCE_MODE_NAMES, MAINTENANCE_MODE_STATES } from './constants/maintenance-mode-state.js';
import { RAMEN_GROUP, RAMEN_VERSION } from './group.js';

/** The state field shared by MaintenanceMode status and DRCluster's mirror of it. */
export function MaintenanceModeStateField(description: string) {
  return StringEnum(MAINTENANCE_MODE_STATES, { description });
}

const MaintenanceModeSpec = Type.Object(
  {
    modes: Type.Optional(
      List(StringEnum(MAINTENANCE_MODE_NAMES, { description: 'One maintenance mode to activate.' }), {
        description: 'The maintenance modes the storage provisioner should activate.',
      }),
    ),
    storageProvisioner: Type.String({
      description:
        'The provisioner, as named in the StorageClass or VolumeReplicationClass of protected PVCs.',
    }),
    targetID: Type.Optional(
      Type.String({
        description:
          'The storage or replication instance of that provisioner, read from Ramen labels on its classes.',
      }),
    ),
  },
  { description: 'The maintenance modes requested of one storage provisioner instance.' },
);

const MaintenanceModeStatus = Type.Object(
  {
    conditions: Type.Optional(Conditions()),
    observedGeneration: Type.Optional(Int64({ description: 'The spec generation the state applies to.' })),
    state: Type.Optional(MaintenanceModeStateField('How far the driver got with the requested modes.')),
  },
  { description: 'What the storage driver reports about the requested modes.' },
);

/** The MaintenanceMode kind. */
export const MaintenanceModeKind = defineKind({
  group: RAMEN_GROUP,
  version: RAMEN_VERSION,
  kind: 'MaintenanceMode',
  plural: 'maintenancemodes',
  scope: 'Cluster',
  description: 'MaintenanceMode is the Schema for the maintenancemodes API',
  properties: {
    spec: Type.Optional(MaintenanceModeSpec),
    status: Type.Optional(MaintenanceModeStatus),
  },
});

/** A MaintenanceMode object. */
export type MaintenanceMode = KindObject<typeof MaintenanceModeKind>;
/** MaintenanceMode spec. */
export type MaintenanceModeSpec = Static<typeof MaintenanceModeSpec>;
/** MaintenanceMode status. */
export type MaintenanceModeStatus = Static<typeof MaintenanceModeStatus>;
