/**
 * The status csi-addons writes on a VolumeGroupReplication: the status of the group's VolumeReplication (state,
 * message, conditions, last sync) plus the member claims. Ramen reads the conditions only when their
 * `observedGeneration` is the VGR's generation, so they are restamped with it, but only once the VR has observed
 * the replication state the VGR asks for (before that the VR's conditions describe the previous request).
 */
import type {
  Condition,
  VolumeGroupReplication,
  VolumeGroupReplicationStatus,
  VolumeReplication,
} from '../../api/index.js';
import { setCondition } from '../../runtime/index.js';
import { invalidStatus } from './replication-status.js';

/** Whether the VR reports on the replication the VGR currently asks for. */
export function replicationObservesGroup(group: VolumeGroupReplication, vr: VolumeReplication): boolean {
  return (
    vr.status?.observedGeneration === vr.metadata.generation &&
    vr.spec?.replicationState === group.spec?.replicationState &&
    vr.spec?.autoResync === group.spec?.autoResync
  );
}

/** The VGR status mirroring its VR (when current) and listing the member claims. */
export function groupStatusFrom(
  group: VolumeGroupReplication,
  vr: VolumeReplication | undefined,
  claims: readonly string[],
): VolumeGroupReplicationStatus {
  const persistentVolumeClaimsRefList = [...claims].sort().map((name) => ({ name }));
  if (vr?.status === undefined || !replicationObservesGroup(group, vr)) {
    return { ...group.status, persistentVolumeClaimsRefList };
  }
  const generation = group.metadata.generation;
  const conditions: Condition[] = structuredClone(group.status?.conditions ?? []);
  for (const condition of vr.status.conditions ?? []) {
    setCondition(conditions, { ...condition, observedGeneration: generation });
  }
  const { conditions: _vrConditions, observedGeneration: _vrGeneration, ...rest } = vr.status;
  return {
    ...rest,
    conditions,
    ...(generation !== undefined && { observedGeneration: generation }),
    persistentVolumeClaimsRefList,
  };
}

/** The status of a VGR whose prerequisites are not met: a VR's (Validated False with the reason) plus the claims. */
export function invalidGroupStatus(
  group: VolumeGroupReplication,
  message: string,
  claims: readonly string[] = [],
): VolumeGroupReplicationStatus {
  return {
    ...invalidStatus(group, message),
    persistentVolumeClaimsRefList: [...claims].sort().map((name) => ({ name })),
  };
}
