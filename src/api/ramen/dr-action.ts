/**
 * The DR action a user asks of a DRPlacementControl and that the hub passes on to the VolumeReplicationGroup it
 * promotes: both kinds declare the same two-value enum.
 */
import { type KubeSchemaOptions, StringEnum } from '../schema/index.js';

/** The actions Ramen knows; an absent action means "deploy and stay where you are". */
export const DR_ACTIONS = ['Failover', 'Relocate'] as const;
/** One DR action. */
export type DRAction = (typeof DR_ACTIONS)[number];

/** The `action` field of DRPC and VRG specs. */
export function DRActionField(options: KubeSchemaOptions = {}) {
  return StringEnum(DR_ACTIONS, options);
}
