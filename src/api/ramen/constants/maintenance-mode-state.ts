/**
 * The states of a MaintenanceMode, the request Ramen makes to a storage backend before a failover. The storage
 * driver reports the state; DRCluster status mirrors it and the DRPC waits for it.
 */

/** `status.state` values in the order Ramen's CRDs list them (MaintenanceMode and DRCluster status). */
export const MAINTENANCE_MODE_STATES = ['Unknown', 'Error', 'Progressing', 'Completed'] as const;

/** The state a storage driver reports for a MaintenanceMode. */
export const MaintenanceModeState = {
  /** The driver has not reported yet. */
  Unknown: 'Unknown',
  /** The driver could not activate the requested modes. */
  Error: 'Error',
  /** The driver is activating the requested modes. */
  Progressing: 'Progressing',
  /** The requested modes are active. */
  Completed: 'Completed',
} as const satisfies Record<string, (typeof MAINTENANCE_MODE_STATES)[number]>;
/** One MaintenanceMode state. */
export type MaintenanceModeState = (typeof MaintenanceModeState)[keyof typeof MaintenanceModeState];

/** `spec.modes[]` values in the order Ramen's CRD lists them. */
export const MAINTENANCE_MODE_NAMES = ['Failover'] as const;

/** The maintenance modes a backend can be asked for (`spec.modes[]`; the `maintenancemodes` class label). */
export const MaintenanceModeName = {
  /** Prepare the storage for a failover to this cluster. */
  Failover: 'Failover',
} as const satisfies Record<string, (typeof MAINTENANCE_MODE_NAMES)[number]>;
/** One maintenance mode. */
export type MaintenanceModeName = (typeof MaintenanceModeName)[keyof typeof MaintenanceModeName];
