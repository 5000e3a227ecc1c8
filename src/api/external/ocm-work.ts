/**
 * OCM work distribution (`work.open-cluster-management.io`): a ManifestWork in a cluster's namespace on the hub
 * carries objects for the work agent to apply on that spoke; a ManifestWorkReplicaSet fans one template out to the
 * clusters a Placement selects. The hub operator delivers VRGs, namespaces, NetworkFences and more this way; the
 * embedded work agent applies them and reports conditions and status feedback.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  Conditions,
  defineKind,
  EmbeddedResource,
  FreeForm,
  Int32,
  Int64,
  type KindObject,
  KubeObjectSchema,
  List,
  StringEnum,
} from '../schema/index.js';
import { OCM_WORK_GROUP } from './groups.js';

/** What happens to applied objects when the ManifestWork is deleted. */
export const PROPAGATION_POLICIES = ['Foreground', 'Orphan', 'SelectivelyOrphan'] as const;
/** A deletion propagation policy. */
export type PropagationPolicy = (typeof PROPAGATION_POLICIES)[number];

/** How the agent writes an object to the spoke. */
export const UPDATE_STRATEGY_TYPES = ['Update', 'CreateOnly', 'ServerSideApply', 'ReadOnly'] as const;
/** A manifest update strategy. */
export type UpdateStrategyType = (typeof UPDATE_STRATEGY_TYPES)[number];

/** Kinds of status feedback rules. */
export const FEEDBACK_RULE_TYPES = ['WellKnownStatus', 'JSONPaths'] as const;
/** Types of a status feedback value. */
export const FEEDBACK_VALUE_TYPES = ['Integer', 'String', 'Boolean', 'JsonRaw'] as const;

/** Condition types the work agent sets on a ManifestWork and on each manifest. */
export const ManifestWorkConditionType = {
  Applied: 'Applied',
  Progressing: 'Progressing',
  Available: 'Available',
  Degraded: 'Degraded',
  Complete: 'Complete',
} as const;

/** The finalizer the hub puts on a ManifestWork until the agent has cleaned up. */
export const MANIFEST_WORK_CLEANUP_FINALIZER = 'cluster.open-cluster-management.io/manifest-work-cleanup';

const ResourceIdentifier = () =>
  Type.Object(
    {
      group: Type.Optional(Type.String({ description: 'API group; empty for the core group.' })),
      name: Type.String({ description: 'Object name.' }),
      namespace: Type.Optional(Type.String({ description: 'Object namespace; empty for cluster-scoped.' })),
      resource: Type.String({ description: 'Resource (plural) name.' }),
    },
    { description: 'Identifies one object of the workload.' },
  );

const DeleteOption = () =>
  Type.Object(
    {
      propagationPolicy: Type.Optional(
        StringEnum(PROPAGATION_POLICIES, {
          default: 'Foreground',
          description:
            'Foreground deletes the applied objects; Orphan leaves them; SelectivelyOrphan leaves some.',
        }),
      ),
      selectivelyOrphans: Type.Optional(
        Type.Object(
          {
            orphaningRules: Type.Optional(
              List(ResourceIdentifier(), { description: 'The objects to leave behind.' }),
            ),
          },
          { description: 'The objects left behind with SelectivelyOrphan.' },
        ),
      ),
      ttlSecondsAfterFinished: Type.Optional(
        Int64({ description: 'Delete the ManifestWork this long after it completes.' }),
      ),
    },
    { description: 'What happens to the applied objects when the work is deleted.' },
  );

const JsonPath = () =>
  Type.Object(
    {
      name: Type.String({ description: 'The feedback value name.' }),
      path: Type.String({ description: 'JSONPath into the object status.' }),
      version: Type.Optional(
        Type.String({ description: 'API version to read; the manifest version when empty.' }),
      ),
    },
    { description: 'A status field to report back.' },
  );

const FeedbackRule = () =>
  Type.Object(
    {
      jsonPaths: Type.Optional(List(JsonPath(), { description: 'The fields, for JSONPaths rules.' })),
      type: StringEnum(FEEDBACK_RULE_TYPES, { description: 'WellKnownStatus or JSONPaths.' }),
    },
    { description: 'Which status fields the agent reports back.' },
  );

const UpdateStrategy = () =>
  Type.Object(
    {
      serverSideApply: Type.Optional(
        Type.Object(
          {
            fieldManager: Type.Optional(
              Type.String({ default: 'work-agent', description: 'The field manager the agent applies as.' }),
            ),
            force: Type.Optional(Type.Boolean({ description: 'Take over conflicting fields.' })),
            ignoreFields: Type.Optional(List(FreeForm(), { description: 'Fields the agent leaves alone.' })),
          },
          { description: 'Options of the ServerSideApply strategy.' },
        ),
      ),
      type: Type.Optional(
        StringEnum(UPDATE_STRATEGY_TYPES, {
          default: 'Update',
          description: 'Update, CreateOnly, ServerSideApply or ReadOnly.',
        }),
      ),
    },
    { description: 'How the agent writes the object.' },
  );

const ManifestConfig = () =>
  Type.Object(
    {
      conditionRules: Type.Optional(
        List(FreeForm(), { description: 'Rules computing per-manifest conditions.' }),
      ),
      feedbackRules: List(FeedbackRule(), { description: 'Status fields to report back.' }),
      resourceIdentifier: ResourceIdentifier(),
      updateStrategy: Type.Optional(UpdateStrategy()),
    },
    { description: 'Per-object options.' },
  );

/** The ManifestWork spec; also the template of a ManifestWorkReplicaSet. */
function ManifestWorkSpec() {
  return Type.Object(
    {
      deleteOption: Type.Optional(DeleteOption()),
      executor: Type.Optional(FreeForm({ description: 'The identity the agent applies the manifests as.' })),
      manifestConfigs: Type.Optional(List(ManifestConfig(), { description: 'Per-object options.' })),
      workload: Type.Optional(
        Type.Object(
          {
            manifests: Type.Optional(
              List(EmbeddedResource({ description: 'A complete Kubernetes object.' }), {
                description: 'The objects to apply on the spoke.',
              }),
            ),
          },
          { description: 'The objects to deploy.' },
        ),
      ),
    },
    { description: 'The objects to deploy on the cluster and how.' },
  );
}

const ManifestWorkSpecSchema = ManifestWorkSpec();

const ResourceMeta = Type.Object(
  {
    group: Type.Optional(Type.String({ description: 'API group.' })),
    kind: Type.Optional(Type.String({ description: 'Kind.' })),
    name: Type.Optional(Type.String({ description: 'Name.' })),
    namespace: Type.Optional(Type.String({ description: 'Namespace.' })),
    ordinal: Type.Optional(Int32({ description: 'Index of the manifest in spec.workload.manifests.' })),
    resource: Type.Optional(Type.String({ description: 'Resource (plural) name.' })),
    version: Type.Optional(Type.String({ description: 'API version.' })),
  },
  { description: 'Which manifest this status is for.' },
);

const FeedbackValue = Type.Object(
  {
    fieldValue: Type.Object(
      {
        boolean: Type.Optional(Type.Boolean({ description: 'The value, for Boolean.' })),
        integer: Type.Optional(Int64({ description: 'The value, for Integer.' })),
        jsonRaw: Type.Optional(
          Type.String({ maxLength: 1024, description: 'The value as JSON, for JsonRaw.' }),
        ),
        string: Type.Optional(Type.String({ description: 'The value, for String.' })),
        type: StringEnum(FEEDBACK_VALUE_TYPES, { description: 'Integer, String, Boolean or JsonRaw.' }),
      },
      { description: 'A typed value.' },
    ),
    name: Type.String({ description: 'The feedback value name.' }),
  },
  { description: 'One reported status field.' },
);

const ManifestCondition = Type.Object(
  {
    conditions: Type.Optional(
      Conditions({ description: 'Applied, Available, Complete, ... for this manifest.' }),
    ),
    resourceMeta: Type.Optional(ResourceMeta),
    statusFeedback: Type.Optional(
      Type.Object(
        {
          values: Type.Optional(
            List(FeedbackValue, {
              description: 'The reported fields.',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name'],
            }),
          ),
        },
        { description: 'Status fields reported by the feedback rules.' },
      ),
    ),
  },
  { description: 'The status of one manifest.' },
);

const ManifestWorkStatus = Type.Object(
  {
    conditions: Type.Optional(Conditions({ description: 'Applied, Progressing, Available, Degraded.' })),
    resourceStatus: Type.Optional(
      Type.Object(
        { manifests: Type.Optional(List(ManifestCondition, { description: 'Per-manifest status.' })) },
        { description: 'The status of each manifest.' },
      ),
    ),
  },
  { description: 'What the work agent observed.' },
);

/** The ManifestWork kind. */
export const ManifestWorkKind = defineKind({
  group: OCM_WORK_GROUP,
  version: 'v1',
  kind: 'ManifestWork',
  plural: 'manifestworks',
  scope: 'Namespaced',
  description:
    'ManifestWork carries objects for the work agent to apply on the cluster whose namespace it is in.',
  properties: {
    spec: Type.Optional(ManifestWorkSpecSchema),
    status: Type.Optional(ManifestWorkStatus),
  },
});
/** A ManifestWork object. */
export type ManifestWork = KindObject<typeof ManifestWorkKind>;
/** ManifestWork spec. */
export type ManifestWorkSpec = Static<typeof ManifestWorkSpecSchema>;
/** ManifestWork status. */
export type ManifestWorkStatus = Static<typeof ManifestWorkStatus>;
/** Per-manifest status of a ManifestWork. */
export type ManifestCondition = Static<typeof ManifestCondition>;

const ManifestWorkReplicaSetSpec = KubeObjectSchema(
  {
    manifestWorkTemplate: ManifestWorkSpec(),
    placementRefs: List(
      KubeObjectSchema(
        {
          name: Type.String({ minLength: 1, description: 'A Placement in the same namespace.' }),
          rolloutStrategy: Type.Optional(
            FreeForm({ description: 'How the work rolls out to the clusters.' }),
          ),
        },
        {
          description: 'A Placement whose clusters get the work.',
          'x-kubernetes-preserve-unknown-fields': true,
        },
      ),
      { minItems: 1, description: 'The Placements selecting the clusters.' },
    ),
  },
  { description: 'The template and the placements.', 'x-kubernetes-preserve-unknown-fields': true },
);

const ManifestWorkReplicaSetStatus = KubeObjectSchema(
  {
    conditions: Type.Optional(Conditions({ description: 'PlacementVerified, ManifestworkApplied, ...' })),
    placementSummary: Type.Optional(List(FreeForm(), { description: 'Rollout status per placement.' })),
    summary: Type.Optional(
      Type.Object(
        {
          applied: Type.Optional(Type.Integer({ description: 'ManifestWorks applied.' })),
          available: Type.Optional(Type.Integer({ description: 'ManifestWorks available.' })),
          degraded: Type.Optional(Type.Integer({ description: 'ManifestWorks degraded.' })),
          progressing: Type.Optional(Type.Integer({ description: 'ManifestWorks progressing.' })),
          total: Type.Optional(Type.Integer({ description: 'ManifestWorks created.' })),
        },
        { description: 'Counts of the ManifestWorks created.' },
      ),
    ),
  },
  { description: 'The observed fan-out.', 'x-kubernetes-preserve-unknown-fields': true },
);

/** The ManifestWorkReplicaSet kind (no reference CRD here; declared from the OCM API). */
export const ManifestWorkReplicaSetKind = defineKind({
  group: OCM_WORK_GROUP,
  version: 'v1alpha1',
  kind: 'ManifestWorkReplicaSet',
  plural: 'manifestworkreplicasets',
  scope: 'Namespaced',
  shortNames: ['mwrs'],
  description:
    'ManifestWorkReplicaSet creates one ManifestWork from a template for every cluster a Placement selects.',
  properties: {
    spec: Type.Optional(ManifestWorkReplicaSetSpec),
    status: Type.Optional(ManifestWorkReplicaSetStatus),
  },
  printerColumns: [
    {
      name: 'Placement',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="PlacementVerified")].reason',
    },
    { name: 'Found', type: 'string', jsonPath: '.status.conditions[?(@.type=="PlacementVerified")].status' },
    {
      name: 'ManifestWorks',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="ManifestworkApplied")].reason',
    },
    {
      name: 'Applied',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="ManifestworkApplied")].status',
    },
  ],
});
/** A ManifestWorkReplicaSet object. */
export type ManifestWorkReplicaSet = KindObject<typeof ManifestWorkReplicaSetKind>;
/** ManifestWorkReplicaSet spec. */
export type ManifestWorkReplicaSetSpec = Static<typeof ManifestWorkReplicaSetSpec>;
