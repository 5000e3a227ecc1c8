/**
 * OCM placement (`cluster.open-cluster-management.io/v1beta1`): a Placement says which clusters an application may
 * run on; PlacementDecisions list the chosen ones. For a DR-protected application Ramen disables OCM scheduling on
 * the Placement and writes the PlacementDecision itself.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  CONDITION_TYPE_PATTERN,
  Conditions,
  defineKind,
  FreeForm,
  Int32,
  Int64,
  type KindObject,
  LabelSelector,
  LabelSelectorRequirement,
  List,
  StringEnum,
} from '../schema/index.js';
import { OCM_CLUSTER_GROUP } from './groups.js';
import { TAINT_EFFECTS } from './ocm-cluster.js';

const VERSION = 'v1beta1';

/** Label on a PlacementDecision naming its Placement. */
export const PLACEMENT_LABEL = 'cluster.open-cluster-management.io/placement';
/** Label on a PlacementDecision with the index of its decision group. */
export const DECISION_GROUP_INDEX_LABEL = 'cluster.open-cluster-management.io/decision-group-index';
/** Label on a PlacementDecision with the name of its decision group. */
export const DECISION_GROUP_NAME_LABEL = 'cluster.open-cluster-management.io/decision-group-name';
/** Annotation (value "true") that makes the OCM scheduler leave a Placement to another controller (Ramen). */
export const EXPERIMENTAL_SCHEDULING_DISABLE_ANNOTATION =
  'cluster.open-cluster-management.io/experimental-scheduling-disable';

/** Condition types the placement controller sets. */
export const PlacementConditionType = {
  Satisfied: 'PlacementSatisfied',
  Misconfigured: 'PlacementMisconfigured',
} as const;

const ClusterSelector = Type.Object(
  {
    celSelector: Type.Optional(
      Type.Object(
        {
          celExpressions: Type.Optional(List(Type.String(), { description: 'CEL expressions, ANDed.' })),
        },
        { description: 'Clusters matching CEL expressions.' },
      ),
    ),
    claimSelector: Type.Optional(
      Type.Object(
        {
          matchExpressions: Type.Optional(
            List(LabelSelectorRequirement(), { description: 'Requirements on cluster claims, ANDed.' }),
          ),
        },
        { description: 'Clusters by their claims.' },
      ),
    ),
    labelSelector: Type.Optional(LabelSelector({ description: 'Clusters by label.' })),
  },
  { description: 'Selectors a cluster must all match.' },
);

const PrioritizerConfig = Type.Object(
  {
    scoreCoordinate: Type.Object(
      {
        addOn: Type.Optional(
          Type.Object(
            {
              resourceName: Type.String({ description: 'The AddOnPlacementScore resource.' }),
              scoreName: Type.String({ description: 'The score within it.' }),
            },
            { description: 'An addon-provided score.' },
          ),
        ),
        builtIn: Type.Optional(
          Type.String({
            description: 'Balance, Steady, ResourceAllocatableCPU or ResourceAllocatableMemory.',
          }),
        ),
        type: StringEnum(['BuiltIn', 'AddOn'] as const, {
          default: 'BuiltIn',
          description: 'BuiltIn or AddOn.',
        }),
      },
      { description: 'Which prioritizer.' },
    ),
    weight: Type.Optional(
      Int32({ default: 1, minimum: -10, maximum: 10, description: 'Weight of the prioritizer, -10 to 10.' }),
    ),
  },
  { description: 'A prioritizer and its weight.' },
);

const Toleration = Type.Object(
  {
    effect: Type.Optional(
      StringEnum(TAINT_EFFECTS, { description: 'The taint effect tolerated; all when empty.' }),
    ),
    key: Type.Optional(
      Type.String({
        maxLength: 316,
        pattern: CONDITION_TYPE_PATTERN,
        description: 'The taint key tolerated.',
      }),
    ),
    operator: Type.Optional(Type.String({ default: 'Equal', description: 'Equal or Exists.' })),
    tolerationSeconds: Type.Optional(Int64({ description: 'How long the taint is tolerated.' })),
    value: Type.Optional(Type.String({ maxLength: 1024, description: 'The taint value tolerated.' })),
  },
  { description: 'Lets the placement select clusters carrying a matching taint.' },
);

const PlacementSpec = Type.Object(
  {
    clusterSets: Type.Optional(
      List(Type.String(), { description: 'ManagedClusterSets to choose from; all bound sets when empty.' }),
    ),
    decisionStrategy: Type.Optional(FreeForm({ description: 'How decisions are split into groups.' })),
    numberOfClusters: Type.Optional(Int32({ description: 'How many clusters to select; all when unset.' })),
    predicates: Type.Optional(
      List(
        Type.Object(
          { requiredClusterSelector: Type.Optional(ClusterSelector) },
          { description: 'A cluster predicate.' },
        ),
        { description: 'Cluster predicates, ORed.' },
      ),
    ),
    prioritizerPolicy: Type.Optional(
      Type.Object(
        {
          configurations: Type.Optional(
            List(PrioritizerConfig, { description: 'Prioritizers and weights.' }),
          ),
          mode: Type.Optional(Type.String({ default: 'Additive', description: 'Additive or Exact.' })),
        },
        { description: 'How clusters are ranked.' },
      ),
    ),
    spreadPolicy: Type.Optional(FreeForm({ description: 'How selected clusters spread over topologies.' })),
    tolerations: Type.Optional(List(Toleration, { description: 'Taints the placement tolerates.' })),
  },
  { description: 'Which clusters the application may be placed on.' },
);

const DecisionGroupStatus = Type.Object(
  {
    clusterCount: Type.Optional(Int32({ description: 'Clusters in the group.' })),
    decisionGroupIndex: Type.Optional(Int32({ description: 'Index of the group.' })),
    decisionGroupName: Type.Optional(Type.String({ description: 'Name of the group.' })),
    decisions: Type.Optional(List(Type.String(), { description: 'PlacementDecisions of the group.' })),
  },
  { description: 'One decision group.' },
);

const PlacementStatus = Type.Object(
  {
    conditions: Type.Optional(Conditions({ description: 'PlacementSatisfied, PlacementMisconfigured.' })),
    decisionGroups: Type.Optional(List(DecisionGroupStatus, { description: 'The decision groups.' })),
    numberOfSelectedClusters: Type.Optional(Int32({ description: 'How many clusters are selected.' })),
  },
  { description: 'The outcome of scheduling.' },
);

/** The Placement kind. */
export const PlacementKind = defineKind({
  group: OCM_CLUSTER_GROUP,
  version: VERSION,
  kind: 'Placement',
  plural: 'placements',
  scope: 'Namespaced',
  description: 'Placement selects the managed clusters an application runs on.',
  properties: {
    spec: PlacementSpec,
    status: Type.Optional(PlacementStatus),
  },
  printerColumns: [
    {
      name: 'Succeeded',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="PlacementSatisfied")].status',
    },
    {
      name: 'Reason',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="PlacementSatisfied")].reason',
    },
    { name: 'SelectedClusters', type: 'integer', jsonPath: '.status.numberOfSelectedClusters' },
  ],
});
/** A Placement object. */
export type Placement = KindObject<typeof PlacementKind>;
/** Placement spec. */
export type PlacementSpec = Static<typeof PlacementSpec>;
/** Placement status. */
export type PlacementStatus = Static<typeof PlacementStatus>;

const ClusterDecision = Type.Object(
  {
    clusterName: Type.String({ description: 'The chosen ManagedCluster.' }),
    reason: Type.String({ description: 'Why it was chosen; Ramen keeps RetainedForFailover entries.' }),
  },
  { description: 'One chosen cluster.' },
);

const PlacementDecisionStatus = Type.Object(
  {
    decisions: List(ClusterDecision, { description: 'The chosen clusters (at most 100 per object).' }),
  },
  { description: 'The chosen clusters.' },
);

/** The PlacementDecision kind; named `<placement>-decision-<n>` and labelled with its Placement. */
export const PlacementDecisionKind = defineKind({
  group: OCM_CLUSTER_GROUP,
  version: VERSION,
  kind: 'PlacementDecision',
  plural: 'placementdecisions',
  scope: 'Namespaced',
  description: 'PlacementDecision lists clusters chosen for a Placement.',
  properties: {
    status: Type.Optional(PlacementDecisionStatus),
  },
});
/** A PlacementDecision object. */
export type PlacementDecision = KindObject<typeof PlacementDecisionKind>;
/** PlacementDecision status. */
export type PlacementDecisionStatus = Static<typeof PlacementDecisionStatus>;
/** One cluster decision. */
export type ClusterDecision = Static<typeof ClusterDecision>;
