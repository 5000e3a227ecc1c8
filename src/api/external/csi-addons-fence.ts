/**
 * csi-addons network fencing (`csiaddons.openshift.io/v1alpha1`): a NetworkFence blocks (or unblocks) storage access
 * from a set of CIDRs; a NetworkFenceClass names the driver and parameters to fence with. The DRCluster controller
 * creates NetworkFences on the surviving peer through a ManifestWork; the embedded metro storage enforces them.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  Conditions,
  defineKind,
  immutable,
  type KindObject,
  List,
  StringEnum,
  StringMap,
} from '../schema/index.js';
import { CSI_ADDONS_GROUP } from './groups.js';

const VERSION = 'v1alpha1';

/** The fence states a NetworkFence can request. */
export const FENCE_STATES = ['Fenced', 'Unfenced'] as const;
/** A requested fence state. */
export type FenceState = (typeof FENCE_STATES)[number];

/** Outcomes of the last fencing operation (`status.result`). */
export const FENCING_RESULTS = ['Succeeded', 'Failed'] as const;
/** A fencing outcome. */
export type FencingResult = (typeof FENCING_RESULTS)[number];

const NetworkFenceSpec = Type.Object(
  {
    cidrs: List(Type.String(), { description: 'The client CIDRs to block from the storage.' }),
    driver: Type.Optional(
      Type.String({
        description: 'The CSI driver that fences; optional when networkFenceClassName is set.',
        'x-kubernetes-validations': [immutable('driver is immutable')],
      }),
    ),
    fenceState: StringEnum(FENCE_STATES, { default: 'Fenced', description: 'Fenced or Unfenced.' }),
    networkFenceClassName: Type.Optional(
      Type.String({
        description: 'The NetworkFenceClass supplying driver and parameters.',
        'x-kubernetes-validations': [immutable('networkFenceClassName is immutable')],
      }),
    ),
    parameters: Type.Optional(
      StringMap({
        description: 'Driver parameters such as clusterID.',
        'x-kubernetes-validations': [immutable('parameters are immutable')],
      }),
    ),
    secret: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ description: 'Secret name.' })),
          namespace: Type.Optional(Type.String({ description: 'Secret namespace.' })),
        },
        {
          description: 'The Secret with the credentials the driver fences with.',
          'x-kubernetes-validations': [immutable('secret is immutable')],
        },
      ),
    ),
  },
  { description: 'The CIDRs to fence and how.' },
);

const NetworkFenceStatus = Type.Object(
  {
    conditions: Type.Optional(Conditions()),
    message: Type.Optional(Type.String({ description: 'Detail of the last operation.' })),
    result: Type.Optional(StringEnum(FENCING_RESULTS, { description: 'Succeeded or Failed.' })),
  },
  { description: 'The outcome of the last fencing operation.' },
);

/** The NetworkFence kind. */
export const NetworkFenceKind = defineKind({
  group: CSI_ADDONS_GROUP,
  version: VERSION,
  kind: 'NetworkFence',
  plural: 'networkfences',
  scope: 'Cluster',
  description: 'NetworkFence blocks storage access from a set of client CIDRs while fenceState is Fenced.',
  properties: {
    spec: NetworkFenceSpec,
    status: Type.Optional(NetworkFenceStatus),
  },
  printerColumns: [
    { name: 'Driver', type: 'string', jsonPath: '.spec.driver' },
    { name: 'Cidrs', type: 'string', jsonPath: '.spec.cidrs' },
    { name: 'FenceState', type: 'string', jsonPath: '.spec.fenceState' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    { name: 'Result', type: 'string', jsonPath: '.status.result' },
  ],
});
/** A NetworkFence object. */
export type NetworkFence = KindObject<typeof NetworkFenceKind>;
/** NetworkFence spec. */
export type NetworkFenceSpec = Static<typeof NetworkFenceSpec>;
/** NetworkFence status. */
export type NetworkFenceStatus = Static<typeof NetworkFenceStatus>;

const NetworkFenceClassSpec = Type.Object(
  {
    parameters: Type.Optional(
      StringMap({
        description: 'Driver parameters, including the secret to fence with.',
        'x-kubernetes-validations': [immutable('parameters are immutable')],
      }),
    ),
    provisioner: Type.String({
      description: 'The CSI driver name.',
      'x-kubernetes-validations': [immutable('provisioner is immutable')],
    }),
  },
  {
    description: 'The driver and parameters NetworkFences of this class use.',
    'x-kubernetes-validations': [
      { rule: 'has(self.parameters) == has(oldSelf.parameters)', message: 'parameters are immutable' },
    ],
  },
);

/** The NetworkFenceClass kind; DRClusterConfig reports the classes a cluster offers. */
export const NetworkFenceClassKind = defineKind({
  group: CSI_ADDONS_GROUP,
  version: VERSION,
  kind: 'NetworkFenceClass',
  plural: 'networkfenceclasses',
  scope: 'Cluster',
  description: 'NetworkFenceClass names the CSI driver and parameters used to fence clients.',
  properties: {
    spec: Type.Optional(NetworkFenceClassSpec),
    status: Type.Optional(Type.Object({}, { description: 'Unused.' })),
  },
});
/** A NetworkFenceClass object. */
export type NetworkFenceClass = KindObject<typeof NetworkFenceClassKind>;
/** NetworkFenceClass spec. */
export type NetworkFenceClassSpec = Static<typeof NetworkFenceClassSpec>;
