/**
 * Recipe (`ramendr.openshift.io/v1alpha1`, shipped by the RamenDR/recipe project with its own CRD): how to capture and
 * restore an application's Kubernetes objects and volumes in order, with hooks (exec, scale, check, job) around the
 * captures. The VRG's kube-object protection runs the `backup` and `restore` workflows; the hub copies a DRPC's
 * Recipe to the peer clusters through a ManifestWork.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { defineKind, type KindObject, LabelSelector, List, StringEnum, StringMap } from '../schema/index.js';
import { RECIPE_GROUP } from './groups.js';

/** What a group selects: volumes (PVCs) or Kubernetes resources. */
export const RECIPE_GROUP_TYPES = ['volume', 'resource'] as const;
/** Hook kinds: run a command in pods, scale workloads, check a condition, or run a Job. */
export const RECIPE_HOOK_TYPES = ['exec', 'scale', 'check', 'job'] as const;
/** When a workflow fails. */
export const RECIPE_FAIL_ON = ['any-error', 'essential-error', 'full-error'] as const;
/** What a failing hook does to its workflow. */
export const RECIPE_HOOK_ON_ERROR = ['fail', 'continue'] as const;

const strings = (description: string) => Type.Optional(List(Type.String(), { description }));

/** A named list keyed by `name` (server-side apply merges entries by name). */
const NamedList = <T extends TSchema>(items: T, description: string) =>
  Type.Optional(
    List(items, { description, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] }),
  );

/** A group of resources or volumes captured or restored together. */
const RecipeGroup = () =>
  Type.Object(
    {
      backupRef: Type.Optional(
        Type.String({ description: 'The backup group a restore group restores from.' }),
      ),
      essential: Type.Optional(
        Type.Boolean({ description: 'Whether a failure here fails an essential-error workflow.' }),
      ),
      excludedNamespaces: strings('Namespaces to leave out.'),
      excludedResourceTypes: strings('Resource types to leave out.'),
      includeClusterResources: Type.Optional(
        Type.Boolean({ description: 'Whether cluster-scoped resources are included.' }),
      ),
      includedNamespaces: strings('Namespaces to include.'),
      includedNamespacesByLabel: Type.Optional(
        LabelSelector({ description: 'Namespaces to include, by label.' }),
      ),
      includedResourceTypes: strings('Resource types to include.'),
      labelSelector: Type.Optional(LabelSelector({ description: 'Resources to include, by label.' })),
      name: Type.String({ description: 'The group name, referenced from workflows.' }),
      nameSelector: Type.Optional(Type.String({ description: 'Resources to include, by name pattern.' })),
      parent: Type.Optional(Type.String({ description: 'A group this one refines.' })),
      restoreOverwriteResources: Type.Optional(
        Type.Boolean({ description: 'Overwrite existing objects on restore.' }),
      ),
      restoreStatus: Type.Optional(
        Type.Object(
          {
            excludedResources: strings('Resources whose status is not restored.'),
            includedResources: strings('Resources whose status is restored.'),
          },
          { description: 'Which resources get their status restored.' },
        ),
      ),
      selectResource: Type.Optional(
        StringEnum(['pvc', 'pod', 'deployment', 'statefulset'] as const, {
          description: 'The kind the selectors pick.',
        }),
      ),
      type: StringEnum(RECIPE_GROUP_TYPES, { description: 'volume or resource.' }),
    },
    { description: 'A set of resources or volumes handled as one.' },
  );

const timeout = () => Type.Optional(Type.Integer({ description: 'Seconds before the step times out.' }));

const RecipeCheck = Type.Object(
  {
    condition: Type.Optional(Type.String({ description: 'A JSONPath condition on the selected resources.' })),
    name: Type.String({ description: 'Check name.' }),
    onError: Type.Optional(Type.String({ description: 'fail or continue; overrides the hook.' })),
    timeout: timeout(),
  },
  { description: 'A condition the hook waits for.' },
);

const RecipeJob = Type.Object(
  {
    forceCreate: Type.Optional(
      Type.Boolean({ default: false, description: 'Recreate the Job if it exists.' }),
    ),
    inverseOp: Type.Optional(Type.String({ description: 'The job that undoes this one.' })),
    name: Type.String({ description: 'Job operation name.' }),
    onError: Type.Optional(Type.String({ description: 'fail or continue; overrides the hook.' })),
    timeout: timeout(),
  },
  { description: 'A Job run by the hook.' },
);

const RecipeOperation = Type.Object(
  {
    command: Type.String({ minLength: 1, description: 'The command to run in the container.' }),
    container: Type.Optional(Type.String({ description: 'The container; the first one when empty.' })),
    inverseOp: Type.Optional(Type.String({ description: 'The operation that undoes this one.' })),
    name: Type.String({ description: 'Operation name.' }),
    onError: Type.Optional(Type.String({ description: 'fail or continue; overrides the hook.' })),
    timeout: timeout(),
  },
  { description: 'A command run in the selected pods.' },
);

const RecipeHook = Type.Object(
  {
    chks: NamedList(RecipeCheck, 'Checks (for check hooks).'),
    essential: Type.Optional(
      Type.Boolean({ description: 'Whether a failure here fails an essential-error workflow.' }),
    ),
    jobs: NamedList(RecipeJob, 'Jobs (for job hooks).'),
    labelSelector: Type.Optional(LabelSelector({ description: 'The resources the hook acts on, by label.' })),
    name: Type.String({ description: 'Hook name, referenced as <hook>/<operation>.' }),
    nameSelector: Type.Optional(
      Type.String({ description: 'The resources the hook acts on, by name pattern.' }),
    ),
    namespace: Type.String({ description: 'Namespace of the resources the hook acts on.' }),
    onError: Type.Optional(
      StringEnum(RECIPE_HOOK_ON_ERROR, { default: 'fail', description: 'fail or continue the workflow.' }),
    ),
    ops: NamedList(RecipeOperation, 'Operations (for exec hooks).'),
    selectResource: Type.Optional(Type.String({ description: 'The kind the selectors pick.' })),
    singlePodOnly: Type.Optional(Type.Boolean({ description: 'Run in one matching pod only.' })),
    timeout: timeout(),
    type: StringEnum(RECIPE_HOOK_TYPES, { description: 'exec, scale, check or job.' }),
  },
  { description: 'An action run before or after a capture or restore step.' },
);

const RecipeWorkflow = Type.Object(
  {
    failOn: Type.Optional(
      StringEnum(RECIPE_FAIL_ON, { default: 'any-error', description: 'Which failures fail the workflow.' }),
    ),
    name: Type.String({ description: 'Workflow name; Ramen runs `backup` and `restore`.' }),
    sequence: List(StringMap(), {
      description: 'Ordered steps, each `{group: <name>}` or `{hook: <hook>/<operation>}`.',
    }),
  },
  { description: 'An ordered list of group and hook steps.' },
);

const RecipeSpec = Type.Object(
  {
    appType: Type.String({ description: 'The kind of application the recipe is for.' }),
    groups: NamedList(RecipeGroup(), 'Resource and volume groups.'),
    hooks: NamedList(RecipeHook, 'Hooks the workflows reference.'),
    volumes: Type.Optional(RecipeGroup()),
    workflows: NamedList(RecipeWorkflow, 'The capture and restore workflows.'),
  },
  { description: 'Groups, hooks and workflows of an application.' },
);

/** The Recipe kind. */
export const RecipeKind = defineKind({
  group: RECIPE_GROUP,
  version: 'v1alpha1',
  kind: 'Recipe',
  plural: 'recipes',
  scope: 'Namespaced',
  description: 'Recipe describes how to capture and restore an application, step by step with hooks.',
  properties: {
    spec: Type.Optional(RecipeSpec),
    status: Type.Optional(Type.Object({}, { description: 'Unused.' })),
  },
});
/** A Recipe object. */
export type Recipe = KindObject<typeof RecipeKind>;
/** Recipe spec. */
export type RecipeSpec = Static<typeof RecipeSpec>;
/** A Recipe group (also the type of `spec.volumes`). */
export type RecipeGroup = Static<ReturnType<typeof RecipeGroup>>;
/** A Recipe hook. */
export type RecipeHook = Static<typeof RecipeHook>;
/** A Recipe workflow. */
export type RecipeWorkflow = Static<typeof RecipeWorkflow>;
