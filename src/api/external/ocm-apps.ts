/**
 * OCM application lifecycle (`apps.open-cluster-management.io/v1`): the legacy PlacementRule (Ramen still supports
 * it: `schedulerName: ramen`, decisions in status), and the Channel and Subscription an OCM "subscription" app is
 * deployed with. Ramen follows a subscription app through its placement; the embedded environment deploys sample
 * applications this way.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  DateTime,
  defineKind,
  Int32,
  type KindObject,
  KubeObjectSchema,
  LabelSelector,
  List,
  ObjectReference,
  StringEnum,
} from '../schema/index.js';
import { OCM_APPS_GROUP } from './groups.js';

const VERSION = 'v1';

/** The `spec.schedulerName` that hands a PlacementRule to Ramen. */
export const RAMEN_SCHEDULER_NAME = 'ramen';

const PlacementRuleSpec = Type.Object(
  {
    clusterConditions: Type.Optional(
      List(
        Type.Object(
          {
            status: Type.Optional(Type.String({ description: 'Required condition status.' })),
            type: Type.Optional(Type.String({ description: 'ManagedCluster condition type.' })),
          },
          { description: 'A ManagedCluster condition the cluster must have.' },
        ),
        { description: 'Conditions a cluster must have.' },
      ),
    ),
    clusterReplicas: Type.Optional(Int32({ description: 'How many clusters to choose.' })),
    clusterSelector: Type.Optional(LabelSelector({ description: 'Clusters by label.' })),
    clusters: Type.Optional(
      List(
        Type.Object({ name: Type.String({ description: 'Cluster name.' }) }, { description: 'A cluster.' }),
        {
          description: 'Explicit candidate clusters.',
        },
      ),
    ),
    policies: Type.Optional(List(ObjectReference(), { description: 'Policy objects for the scheduler.' })),
    resourceHint: Type.Optional(
      Type.Object(
        {
          order: Type.Optional(Type.String({ description: 'asc or desc.' })),
          type: Type.Optional(Type.String({ description: 'cpu or memory.' })),
        },
        { description: 'Ranks clusters by a resource.' },
      ),
    ),
    schedulerName: Type.Optional(
      Type.String({ description: 'The scheduler; `ramen` for DR-protected apps.' }),
    ),
  },
  { description: 'Which clusters the application may run on.' },
);

const PlacementRuleDecision = Type.Object(
  {
    clusterName: Type.Optional(Type.String({ description: 'The chosen cluster.' })),
    clusterNamespace: Type.Optional(Type.String({ description: 'Its namespace on the hub (its name).' })),
  },
  { description: 'One chosen cluster.' },
);

const PlacementRuleStatus = Type.Object(
  { decisions: Type.Optional(List(PlacementRuleDecision, { description: 'The chosen clusters.' })) },
  { description: 'The scheduling outcome.' },
);

/** The PlacementRule kind (legacy placement). */
export const PlacementRuleKind = defineKind({
  group: OCM_APPS_GROUP,
  version: VERSION,
  kind: 'PlacementRule',
  plural: 'placementrules',
  scope: 'Namespaced',
  description: 'PlacementRule (legacy) selects the managed clusters an application runs on.',
  properties: {
    spec: Type.Optional(PlacementRuleSpec),
    status: Type.Optional(PlacementRuleStatus),
  },
  printerColumns: [
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.clusterReplicas' },
  ],
});
/** A PlacementRule object. */
export type PlacementRule = KindObject<typeof PlacementRuleKind>;
/** PlacementRule spec. */
export type PlacementRuleSpec = Static<typeof PlacementRuleSpec>;
/** PlacementRule status. */
export type PlacementRuleStatus = Static<typeof PlacementRuleStatus>;

/** The source types a Channel can point at (OCM accepts both spellings). */
export const CHANNEL_TYPES = [
  'namespace',
  'Namespace',
  'helmrepo',
  'HelmRepo',
  'objectbucket',
  'ObjectBucket',
  'git',
  'Git',
  'github',
  'GitHub',
] as const;

const ChannelSpec = KubeObjectSchema(
  {
    configMapRef: Type.Optional(ObjectReference({ description: 'A ConfigMap with source options.' })),
    insecureSkipVerify: Type.Optional(Type.Boolean({ description: 'Skip TLS verification of the source.' })),
    pathname: Type.String({
      description: 'The source: a Git URL, Helm repository URL, bucket or namespace.',
    }),
    secretRef: Type.Optional(ObjectReference({ description: 'A Secret with source credentials.' })),
    sourceNamespaces: Type.Optional(
      List(Type.String(), { description: 'Namespaces to take resources from.' }),
    ),
    type: StringEnum(CHANNEL_TYPES, { description: 'The kind of source.' }),
  },
  { description: 'Where the application comes from.', 'x-kubernetes-preserve-unknown-fields': true },
);

/** The Channel kind (no reference CRD here; declared from the OCM application API). */
export const ChannelKind = defineKind({
  group: OCM_APPS_GROUP,
  version: VERSION,
  kind: 'Channel',
  plural: 'channels',
  scope: 'Namespaced',
  shortNames: ['chn'],
  description:
    'Channel names a source of application resources: a Git or Helm repository, a bucket or a namespace.',
  properties: {
    spec: ChannelSpec,
    status: Type.Optional(KubeObjectSchema({}, { 'x-kubernetes-preserve-unknown-fields': true })),
  },
  printerColumns: [
    { name: 'Type', type: 'string', jsonPath: '.spec.type' },
    { name: 'Pathname', type: 'string', jsonPath: '.spec.pathname' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ],
});
/** A Channel object. */
export type Channel = KindObject<typeof ChannelKind>;
/** Channel spec. */
export type ChannelSpec = Static<typeof ChannelSpec>;

const SubscriptionPlacement = KubeObjectSchema(
  {
    clusterSelector: Type.Optional(LabelSelector({ description: 'Clusters by label.' })),
    clusters: Type.Optional(
      List(Type.Object({ name: Type.String({ description: 'Cluster name.' }) }), {
        description: 'Explicit clusters.',
      }),
    ),
    local: Type.Optional(Type.Boolean({ description: 'Deploy on the hub itself.' })),
    placementRef: Type.Optional(
      ObjectReference({ description: 'The Placement or PlacementRule (kind) choosing the clusters.' }),
    ),
  },
  { description: 'Where the subscription deploys.', 'x-kubernetes-preserve-unknown-fields': true },
);

const SubscriptionSpec = KubeObjectSchema(
  {
    channel: Type.String({ description: 'The Channel, as <namespace>/<name>.' }),
    name: Type.Optional(Type.String({ description: 'A package (chart) name within the channel.' })),
    placement: Type.Optional(SubscriptionPlacement),
    secondaryChannel: Type.Optional(Type.String({ description: 'A fallback Channel.' })),
  },
  { description: 'What to deploy and where.', 'x-kubernetes-preserve-unknown-fields': true },
);

const SubscriptionStatus = KubeObjectSchema(
  {
    appstatusReference: Type.Optional(Type.String({ description: 'Where the detailed status is.' })),
    lastUpdateTime: Type.Optional(DateTime({ description: 'When the status last changed.' })),
    message: Type.Optional(Type.String({ description: 'Detail of the phase.' })),
    phase: Type.Optional(Type.String({ description: 'Propagated, Subscribed, Failed, ...' })),
    reason: Type.Optional(Type.String({ description: 'Why the phase.' })),
  },
  { description: 'The deployment state.', 'x-kubernetes-preserve-unknown-fields': true },
);

/** The Subscription kind (no reference CRD here; declared from the OCM application API). */
export const SubscriptionKind = defineKind({
  group: OCM_APPS_GROUP,
  version: VERSION,
  kind: 'Subscription',
  plural: 'subscriptions',
  scope: 'Namespaced',
  shortNames: ['appsub'],
  description: 'Subscription deploys resources from a Channel to the clusters its placement selects.',
  properties: {
    spec: SubscriptionSpec,
    status: Type.Optional(SubscriptionStatus),
  },
  printerColumns: [
    { name: 'SubscriptionState', type: 'string', jsonPath: '.status.phase' },
    { name: 'AppstatusReference', type: 'string', jsonPath: '.status.appstatusReference' },
    { name: 'Local placement', type: 'boolean', jsonPath: '.spec.placement.local' },
    { name: 'Time window', type: 'string', jsonPath: '.spec.timewindow.windowtype' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ],
});
/** A Subscription object. */
export type Subscription = KindObject<typeof SubscriptionKind>;
/** Subscription spec. */
export type SubscriptionSpec = Static<typeof SubscriptionSpec>;
/** Subscription status. */
export type SubscriptionStatus = Static<typeof SubscriptionStatus>;
