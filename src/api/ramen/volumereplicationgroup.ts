/**
 * VolumeReplicationGroup (namespaced, managed clusters): protects the PVCs and Kubernetes objects of one
 * application on one cluster, as primary (replicating out) or secondary (receiving). The hub creates one per
 * cluster through ManifestWork.
 */
import { Type } from '@sinclair/typebox';
import { defineKind, type KindObject } from '../schema/index.js';
import { RAMEN_GROUP, RAMEN_VERSION } from './group.js';
import { VolumeReplicationGroupSpec } from './vrg-spec.js';
import { VolumeReplicationGroupStatus } from './vrg-status.js';

/** The VolumeReplicationGroup kind. */
export const VolumeReplicationGroupKind = defineKind({
  group: RAMEN_GROUP,
  version: RAMEN_VERSION,
  kind: 'VolumeReplicationGroup',
  plural: 'volumereplicationgroups',
  scope: 'Namespaced',
  shortNames: ['vrg'],
  description: 'The PVCs and objects of one application replicated from or to this cluster.',
  properties: {
    spec: Type.Optional(VolumeReplicationGroupSpec({ description: 'The desired state of a VRG.' })),
    status: Type.Optional(VolumeReplicationGroupStatus({ description: 'The observed state of a VRG.' })),
  },
  printerColumns: [
    { name: 'desiredState', type: 'string', jsonPath: '.spec.replicationState' },
    { name: 'currentState', type: 'string', jsonPath: '.status.state' },
  ],
});

/** A VolumeReplicationGroup object. */
export type VolumeReplicationGroup = KindObject<typeof VolumeReplicationGroupKind>;
