/**
 * ManagedClusterView (`view.open-cluster-management.io/v1beta1`, in a cluster's namespace on the hub): asks the
 * spoke's work-manager addon to copy one object's current content into `status.result`. The hub operator reads VRGs,
 * NetworkFences, DRClusterConfigs and classes this way; the embedded view agent fills the result and the single
 * `Processing` condition.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Conditions, defineKind, EmbeddedResource, Int32, type KindObject } from '../schema/index.js';
import { OCM_VIEW_GROUP } from './groups.js';

/** The one condition type a ManagedClusterView carries. */
export const MANAGED_CLUSTER_VIEW_PROCESSING = 'Processing';

/** Reasons of the `Processing` condition. */
export const ManagedClusterViewReason = {
  GetResourceProcessing: 'GetResourceProcessing',
  GetResourceFailed: 'GetResourceFailed',
  ResourceNameInvalid: 'ResourceNameInvalid',
  ResourceTypeInvalid: 'ResourceTypeInvalid',
  ResourceGVKInvalid: 'ResourceGVKInvalid',
} as const;

const ViewScope = Type.Object(
  {
    apiGroup: Type.Optional(
      Type.String({ description: 'API group of the object; empty for the core group.' }),
    ),
    kind: Type.Optional(Type.String({ description: 'Kind of the object (with version); or use resource.' })),
    name: Type.Optional(Type.String({ description: 'Name of the object.' })),
    namespace: Type.Optional(
      Type.String({ description: 'Namespace of the object; empty for cluster-scoped.' }),
    ),
    resource: Type.Optional(Type.String({ description: 'Resource (plural) name; or use kind and version.' })),
    updateIntervalSeconds: Type.Optional(Int32({ description: 'Refresh period; 30 seconds when unset.' })),
    version: Type.Optional(Type.String({ description: 'API version of the object.' })),
  },
  { description: 'The object to view.' },
);

const ManagedClusterViewSpec = Type.Object(
  { scope: Type.Optional(ViewScope) },
  { description: 'The object to copy from the spoke.' },
);

const ManagedClusterViewStatus = Type.Object(
  {
    conditions: Type.Optional(Conditions({ description: 'A single Processing condition.' })),
    result: Type.Optional(
      EmbeddedResource({ nullable: true, description: 'The object as last read from the spoke.' }),
    ),
  },
  { description: 'The viewed object and whether the last read worked.' },
);

/** The ManagedClusterView kind. */
export const ManagedClusterViewKind = defineKind({
  group: OCM_VIEW_GROUP,
  version: 'v1beta1',
  kind: 'ManagedClusterView',
  plural: 'managedclusterviews',
  scope: 'Namespaced',
  description: 'ManagedClusterView copies one object of the managed cluster into its status on the hub.',
  properties: {
    spec: Type.Optional(ManagedClusterViewSpec),
    status: Type.Optional(ManagedClusterViewStatus),
  },
});
/** A ManagedClusterView object. */
export type ManagedClusterView = KindObject<typeof ManagedClusterViewKind>;
/** ManagedClusterView spec. */
export type ManagedClusterViewSpec = Static<typeof ManagedClusterViewSpec>;
/** ManagedClusterView status. */
export type ManagedClusterViewStatus = Static<typeof ManagedClusterViewStatus>;
