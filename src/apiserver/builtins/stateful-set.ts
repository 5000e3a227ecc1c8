/**
 * StatefulSet (apps/v1): defaults (one replica, OrderedReady, RollingUpdate with partition 0, Retain claim
 * retention, claim template defaults), the apps validation with its DNS-label name rule and the rule that only a few
 * spec fields may change, generation tracking, status/scale subresources and kubectl's printer.
 */

import { Type } from '@sinclair/typebox';
import {
  defineKind,
  type FieldError,
  forbiddenError,
  Int32,
  Int64,
  IntOrString,
  invalidError,
  jsonEqual,
  type KindObject,
  LabelSelector,
  List,
  notSupportedError,
  requiredError,
} from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { defineBuiltin, SCALE_SUBRESOURCE, STATUS_SUBRESOURCE } from './define-builtin.js';
import { workloadScale } from './deployment.js';
import { ensureObject } from './ensure.js';
import { labelsErrors } from './label-validation.js';
import { isValidPercent } from './names.js';
import { workloadPatchMeta } from './patch-meta.js';
import { defaultPodSpec } from './pod-spec-defaults.js';
import { ageColumn, column, nameColumn, templateContainerColumns } from './printer-helpers.js';
import { EmbeddedMetadata, StatusCondition } from './schemas/common.js';
import {
  PersistentVolumeClaimSpec,
  PersistentVolumeClaimStatus,
} from './schemas/persistent-volume-claim-spec.js';
import { PodTemplateSpec } from './schemas/pod-spec.js';
import {
  nonNegativeErrors,
  templateLabels,
  templateSelectionErrors,
  workloadSelectorErrors,
} from './workload-validation.js';

const ClaimTemplate = Type.Object({
  apiVersion: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  metadata: Type.Optional(EmbeddedMetadata()),
  spec: Type.Optional(PersistentVolumeClaimSpec()),
  status: Type.Optional(PersistentVolumeClaimStatus()),
});

const StatefulSetSpec = Type.Object({
  minReadySeconds: Type.Optional(
    Int32({ description: 'Seconds a new pod must be ready to count as available.' }),
  ),
  ordinals: Type.Optional(
    Type.Object({ start: Type.Optional(Int32({ description: 'First replica index.' })) }),
  ),
  persistentVolumeClaimRetentionPolicy: Type.Optional(
    Type.Object({
      whenDeleted: Type.Optional(
        Type.String({ description: 'Retain (default) or Delete the claims on deletion.' }),
      ),
      whenScaled: Type.Optional(
        Type.String({ description: 'Retain (default) or Delete the claims on scale-down.' }),
      ),
    }),
  ),
  podManagementPolicy: Type.Optional(Type.String({ description: 'OrderedReady (default) or Parallel.' })),
  replicas: Type.Optional(Int32({ description: 'Desired number of pods.' })),
  revisionHistoryLimit: Type.Optional(Int32({ description: 'Revisions kept.' })),
  selector: Type.Optional(LabelSelector({ description: 'Selects the pods of the set; immutable.' })),
  serviceName: Type.Optional(
    Type.String({ description: 'Headless service governing the pod network identities.' }),
  ),
  template: Type.Optional(PodTemplateSpec()),
  updateStrategy: Type.Optional(
    Type.Object({
      rollingUpdate: Type.Optional(
        Type.Object({
          maxUnavailable: Type.Optional(
            IntOrString({ description: 'Pods that may be unavailable during an update.' }),
          ),
          partition: Type.Optional(Int32({ description: 'Ordinals below this keep the old revision.' })),
        }),
      ),
      type: Type.Optional(Type.String({ description: 'RollingUpdate (default) or OnDelete.' })),
    }),
  ),
  volumeClaimTemplates: Type.Optional(List(ClaimTemplate, { description: 'Claims created for every pod.' })),
});

const StatefulSetStatus = Type.Object({
  availableReplicas: Type.Optional(Int32()),
  collisionCount: Type.Optional(Int32()),
  conditions: Type.Optional(List(StatusCondition())),
  currentReplicas: Type.Optional(Int32()),
  currentRevision: Type.Optional(Type.String()),
  observedGeneration: Type.Optional(Int64()),
  readyReplicas: Type.Optional(Int32()),
  replicas: Type.Optional(Int32({ description: 'Pods created by the set.' })),
  updateRevision: Type.Optional(Type.String()),
  updatedReplicas: Type.Optional(Int32()),
});

/** The StatefulSet kind's schema. */
export const StatefulSetKind = defineKind({
  group: 'apps',
  version: 'v1',
  kind: 'StatefulSet',
  plural: 'statefulsets',
  scope: 'Namespaced',
  shortNames: ['sts'],
  categories: ['all'],
  description: 'Pods with stable identities and per-pod storage.',
  properties: { spec: Type.Optional(StatefulSetSpec), status: Type.Optional(StatefulSetStatus) },
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
});

/** A StatefulSet object. */
export type StatefulSet = KindObject<typeof StatefulSetKind>;
type Spec = NonNullable<StatefulSet['spec']>;

/** `SetDefaults_StatefulSet` (StatefulSetAutoDeletePVC on, MaxUnavailableStatefulSet off) plus template defaults. */
export function defaultStatefulSet(set: StatefulSet): void {
  const spec = ensureObject(set, 'spec');
  spec.podManagementPolicy ||= 'OrderedReady';
  const strategy = ensureObject(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) strategy.rollingUpdate.partition ??= 0;
  const retention = ensureObject(spec, 'persistentVolumeClaimRetentionPolicy');
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  if (spec.template?.spec) defaultPodSpec(spec.template.spec);
  for (const claim of spec.volumeClaimTemplates ?? []) {
    ensureObject(claim, 'spec').volumeMode ??= 'Filesystem';
    ensureObject(claim, 'status').phase ||= 'Pending';
  }
}

function updateStrategyErrors(strategy: Spec['updateStrategy']): FieldError[] {
  const rollingUpdate = strategy?.rollingUpdate;
  switch (strategy?.type) {
    case undefined:
    case '':
      return [requiredError('spec.updateStrategy')];
    case 'OnDelete':
      return rollingUpdate
        ? [
            invalidError(
              'spec.updateStrategy.rollingUpdate',
              rollingUpdate,
              "only allowed for updateStrategy 'RollingUpdate'",
            ),
          ]
        : [];
    case 'RollingUpdate':
      return rollingUpdate ? rollingUpdateErrors(rollingUpdate) : [];
    default:
      return [invalidError('spec.updateStrategy', strategy, "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

function rollingUpdateErrors(
  rollingUpdate: NonNullable<NonNullable<Spec['updateStrategy']>['rollingUpdate']>,
): FieldError[] {
  const field = 'spec.updateStrategy.rollingUpdate';
  const errors = nonNegativeErrors(`${field}.partition`, rollingUpdate.partition ?? 0);
  const maxUnavailable = rollingUpdate.maxUnavailable;
  if (maxUnavailable === undefined) return errors;
  const percent = typeof maxUnavailable === 'string' ? isValidPercent(maxUnavailable) : [];
  if (typeof maxUnavailable === 'string') {
    errors.push(
      ...percent.map((message) => invalidError(`${field}.maxUnavailable`, maxUnavailable, message)),
    );
  } else {
    errors.push(...nonNegativeErrors(`${field}.maxUnavailable`, maxUnavailable));
  }
  const value =
    typeof maxUnavailable === 'number'
      ? maxUnavailable
      : percent.length
        ? 0
        : Number(maxUnavailable.slice(0, -1));
  if (value === 0) errors.push(invalidError(`${field}.maxUnavailable`, maxUnavailable, 'cannot be 0'));
  if (typeof maxUnavailable === 'string' && value > 100) {
    errors.push(invalidError(`${field}.maxUnavailable`, maxUnavailable, 'must not be greater than 100%'));
  }
  return errors;
}

function retentionErrors(policy: Spec['persistentVolumeClaimRetentionPolicy']): FieldError[] {
  if (!policy) return [];
  const errors: FieldError[] = [];
  for (const key of ['whenDeleted', 'whenScaled'] as const) {
    const value = policy[key] ?? '';
    if (value !== 'Retain' && value !== 'Delete') {
      errors.push(
        notSupportedError(`spec.persistentVolumeClaimRetentionPolicy.${key}`, value, ['Retain', 'Delete']),
      );
    }
  }
  return errors;
}

/** `ValidateStatefulSetSpec`. */
export function statefulSetSpecErrors(set: StatefulSet): FieldError[] {
  const spec = set.spec ?? {};
  const errors: FieldError[] = [];
  const policy = spec.podManagementPolicy;
  if (!policy) errors.push(requiredError('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errors.push(invalidError('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  errors.push(...updateStrategyErrors(spec.updateStrategy));
  errors.push(...retentionErrors(spec.persistentVolumeClaimRetentionPolicy));
  errors.push(...nonNegativeErrors('spec.replicas', spec.replicas ?? 0));
  errors.push(...nonNegativeErrors('spec.minReadySeconds', spec.minReadySeconds ?? 0));
  if (spec.ordinals) errors.push(...nonNegativeErrors('spec.ordinals.start', spec.ordinals.start ?? 0));
  errors.push(...workloadSelectorErrors('statefulset', spec.selector));
  errors.push(...templateSelectionErrors(spec.selector, spec.template));
  errors.push(...labelsErrors('spec.template.labels', templateLabels(spec.template)));
  const restartPolicy = spec.template?.spec?.restartPolicy;
  if (restartPolicy !== 'Always') {
    errors.push(notSupportedError('spec.template.spec.restartPolicy', restartPolicy ?? '', ['Always']));
  }
  if (spec.template?.spec?.activeDeadlineSeconds !== undefined) {
    errors.push(
      forbiddenError(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in StatefulSet is not Supported',
      ),
    );
  }
  return errors;
}

/** The spec fields a StatefulSet update may change. */
const MUTABLE_SPEC_FIELDS = [
  'replicas',
  'template',
  'updateStrategy',
  'minReadySeconds',
  'ordinals',
  'persistentVolumeClaimRetentionPolicy',
] as const;

/** `ValidateStatefulSetUpdate`: the spec is valid and nothing but the mutable fields changed. */
export function statefulSetUpdateErrors(set: StatefulSet, old: StatefulSet): FieldError[] {
  const errors = statefulSetSpecErrors(set);
  const next: Record<string, unknown> = { ...(set.spec ?? {}) };
  const previous: Record<string, unknown> = { ...(old.spec ?? {}) };
  for (const field of MUTABLE_SPEC_FIELDS) {
    delete next[field];
    delete previous[field];
  }
  if (!jsonEqual(next, previous)) {
    errors.push(
      forbiddenError(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errors;
}

/** The StatefulSet built-in. */
export const statefulSetResource: BuiltinResource<StatefulSet> = defineBuiltin<StatefulSet>(StatefulSetKind, {
  subresources: [STATUS_SUBRESOURCE, SCALE_SUBRESOURCE],
  nameRule: 'dns1123-label',
  generation: { watched: ['spec'] },
  scale: workloadScale(),
  defaults: defaultStatefulSet,
  prepareForCreate(set) {
    set.status = {};
  },
  validate: statefulSetSpecErrors,
  validateUpdate: statefulSetUpdateErrors,
  printerColumns: [
    nameColumn<StatefulSet>(),
    column<StatefulSet>(
      'Ready',
      'Number of the pod with ready state',
      (s) => `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`,
    ),
    ageColumn<StatefulSet>(),
    ...templateContainerColumns<StatefulSet>((s) => s.spec?.template),
  ],
  patchMeta: workloadPatchMeta(),
});
