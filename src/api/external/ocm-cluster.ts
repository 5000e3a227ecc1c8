/**
 * OCM cluster registration (`cluster.open-cluster-management.io`): ManagedCluster (one per spoke, on the hub),
 * ManagedClusterSet (a group of clusters) and ManagedClusterSetBinding (makes a set usable by Placements in a
 * namespace). DRCluster validation reads ManagedCluster conditions and claims; the embedded registration agent keeps
 * them current.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  CONDITION_TYPE_PATTERN,
  Conditions,
  defineKind,
  type KindObject,
  KubeObjectSchema,
  LabelSelector,
  List,
  ResourceList,
  StringEnum,
} from '../schema/index.js';
import { OCM_CLUSTER_GROUP } from './groups.js';

/** The effects a ManagedCluster taint can have on placement. */
export const TAINT_EFFECTS = ['NoSelect', 'PreferNoSelect', 'NoSelectIfNew'] as const;
/** A taint effect. */
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

/** Condition types the registration agent and hub controllers set on a ManagedCluster. */
export const ManagedClusterConditionType = {
  HubAccepted: 'HubAcceptedManagedCluster',
  HubDenied: 'HubDeniedManagedCluster',
  Joined: 'ManagedClusterJoined',
  Available: 'ManagedClusterConditionAvailable',
  ClockSynced: 'ManagedClusterConditionClockSynced',
} as const;

/** Taints OCM adds automatically when a cluster is unhealthy. */
export const ManagedClusterTaint = {
  Unavailable: 'cluster.open-cluster-management.io/unavailable',
  Unreachable: 'cluster.open-cluster-management.io/unreachable',
} as const;

/** The label that makes a ManagedCluster a member of a ManagedClusterSet. */
export const CLUSTER_SET_LABEL = 'cluster.open-cluster-management.io/clusterset';

const ClientConfig = Type.Object(
  {
    caBundle: Type.Optional(Type.String({ format: 'byte', description: 'CA bundle (base64) for the URL.' })),
    url: Type.Optional(Type.String({ description: "The spoke API server's URL." })),
  },
  { description: 'How to reach the spoke API server.' },
);

const Taint = Type.Object(
  {
    effect: StringEnum(TAINT_EFFECTS, { description: 'NoSelect, PreferNoSelect or NoSelectIfNew.' }),
    key: Type.String({ maxLength: 316, pattern: CONDITION_TYPE_PATTERN, description: 'The taint key.' }),
    timeAdded: Type.Optional(
      Type.Unsafe<string | null>({
        type: 'string',
        format: 'date-time',
        nullable: true,
        description: 'When the taint was added.',
      }),
    ),
    value: Type.Optional(Type.String({ maxLength: 1024, description: 'The taint value.' })),
  },
  { description: 'Repels placements that do not tolerate it.' },
);

const ManagedClusterSpec = Type.Object(
  {
    hubAcceptsClient: Type.Optional(
      Type.Boolean({
        description: 'Whether the hub accepts the spoke agent (creates its cluster namespace).',
      }),
    ),
    leaseDurationSeconds: Type.Optional(
      Type.Integer({ format: 'int32', default: 60, description: 'How often the agent renews its lease.' }),
    ),
    managedClusterClientConfigs: Type.Optional(List(ClientConfig, { description: 'Spoke API endpoints.' })),
    taints: Type.Optional(List(Taint, { description: 'Taints placements must tolerate.' })),
  },
  { description: 'How the hub treats the cluster.' },
);

const ClusterClaim = Type.Object(
  {
    name: Type.Optional(
      Type.String({ maxLength: 253, minLength: 1, description: 'Claim name, e.g. id.k8s.io.' }),
    ),
    value: Type.Optional(Type.String({ maxLength: 1024, minLength: 1, description: 'Claim value.' })),
  },
  { description: 'A fact the spoke publishes about itself.' },
);

const ManagedClusterStatus = Type.Object(
  {
    allocatable: Type.Optional(ResourceList({ description: 'Allocatable resources of the cluster.' })),
    capacity: Type.Optional(ResourceList({ description: 'Total resources of the cluster.' })),
    clusterClaims: Type.Optional(
      List(ClusterClaim, {
        description: 'Claims; Ramen publishes storage classes here as storage.class.<name>.',
      }),
    ),
    conditions: Type.Optional(Conditions({ description: 'HubAccepted, Joined, Available, ClockSynced.' })),
    version: Type.Optional(
      Type.Object(
        { kubernetes: Type.Optional(Type.String({ description: 'Kubernetes version of the spoke.' })) },
        { description: 'Versions of the spoke.' },
      ),
    ),
  },
  { description: 'The observed state of the cluster.' },
);

/** The ManagedCluster kind (`kubectl get mcl`). */
export const ManagedClusterKind = defineKind({
  group: OCM_CLUSTER_GROUP,
  version: 'v1',
  kind: 'ManagedCluster',
  plural: 'managedclusters',
  scope: 'Cluster',
  shortNames: ['mcl', 'mcls'],
  description: 'ManagedCluster represents a spoke cluster registered with the hub.',
  properties: {
    spec: Type.Optional(ManagedClusterSpec),
    status: Type.Optional(ManagedClusterStatus),
  },
  printerColumns: [
    { name: 'Hub Accepted', type: 'boolean', jsonPath: '.spec.hubAcceptsClient' },
    { name: 'Managed Cluster URLs', type: 'string', jsonPath: '.spec.managedClusterClientConfigs[*].url' },
    {
      name: 'Joined',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="ManagedClusterJoined")].status',
    },
    {
      name: 'Available',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="ManagedClusterConditionAvailable")].status',
    },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ],
});
/** A ManagedCluster object. */
export type ManagedCluster = KindObject<typeof ManagedClusterKind>;
/** ManagedCluster spec. */
export type ManagedClusterSpec = Static<typeof ManagedClusterSpec>;
/** ManagedCluster status. */
export type ManagedClusterStatus = Static<typeof ManagedClusterStatus>;

/** How a ManagedClusterSet chooses its members. */
export const CLUSTER_SET_SELECTOR_TYPES = ['ExclusiveClusterSetLabel', 'LabelSelector'] as const;

const ManagedClusterSetSpec = KubeObjectSchema(
  {
    clusterSelector: Type.Optional(
      Type.Object(
        {
          labelSelector: Type.Optional(
            LabelSelector({ description: 'Members, when selectorType is LabelSelector.' }),
          ),
          selectorType: Type.Optional(
            StringEnum(CLUSTER_SET_SELECTOR_TYPES, {
              default: 'ExclusiveClusterSetLabel',
              description: 'ExclusiveClusterSetLabel (the clusterset label) or LabelSelector.',
            }),
          ),
        },
        { default: { selectorType: 'ExclusiveClusterSetLabel' }, description: 'How members are chosen.' },
      ),
    ),
    managedNamespaces: Type.Optional(
      List(
        Type.Object(
          { name: Type.String({ description: 'Namespace name.' }) },
          { description: 'A namespace.' },
        ),
        { description: 'Namespaces to create on every member cluster.' },
      ),
    ),
  },
  {
    default: { clusterSelector: { selectorType: 'ExclusiveClusterSetLabel' } },
    description: 'How the set chooses its member clusters.',
    'x-kubernetes-preserve-unknown-fields': true,
  },
);

const ClusterSetStatus = () =>
  KubeObjectSchema(
    { conditions: Type.Optional(Conditions()) },
    { description: 'The observed state.', 'x-kubernetes-preserve-unknown-fields': true },
  );

/** The ManagedClusterSet kind (no reference CRD here; declared from the OCM API). */
export const ManagedClusterSetKind = defineKind({
  group: OCM_CLUSTER_GROUP,
  version: 'v1beta2',
  kind: 'ManagedClusterSet',
  plural: 'managedclustersets',
  scope: 'Cluster',
  shortNames: ['mclset', 'mclsets'],
  description: 'ManagedClusterSet groups managed clusters so that placements can select from them.',
  properties: {
    spec: Type.Optional(ManagedClusterSetSpec),
    status: Type.Optional(ClusterSetStatus()),
  },
  printerColumns: [
    {
      name: 'Empty',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="ClusterSetEmpty")].status',
    },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ],
});
/** A ManagedClusterSet object. */
export type ManagedClusterSet = KindObject<typeof ManagedClusterSetKind>;
/** ManagedClusterSet spec. */
export type ManagedClusterSetSpec = Static<typeof ManagedClusterSetSpec>;

const ManagedClusterSetBindingSpec = Type.Object(
  {
    clusterSet: Type.String({
      minLength: 1,
      description: 'The ManagedClusterSet to bind; must equal the name.',
    }),
  },
  { description: 'The set made available to this namespace.' },
);

/** The ManagedClusterSetBinding kind (no reference CRD here; declared from the OCM API). */
export const ManagedClusterSetBindingKind = defineKind({
  group: OCM_CLUSTER_GROUP,
  version: 'v1beta2',
  kind: 'ManagedClusterSetBinding',
  plural: 'managedclustersetbindings',
  scope: 'Namespaced',
  shortNames: ['mclsetbinding', 'mclsetbindings'],
  description: 'ManagedClusterSetBinding makes a ManagedClusterSet usable by Placements in its namespace.',
  properties: {
    spec: ManagedClusterSetBindingSpec,
    status: Type.Optional(ClusterSetStatus()),
  },
  validations: [
    { rule: 'self.metadata.name == self.spec.clusterSet', message: 'the name must equal spec.clusterSet' },
  ],
});
/** A ManagedClusterSetBinding object. */
export type ManagedClusterSetBinding = KindObject<typeof ManagedClusterSetBindingKind>;
/** ManagedClusterSetBinding spec. */
export type ManagedClusterSetBindingSpec = Static<typeof ManagedClusterSetBindingSpec>;
