/**
 * Deployment (apps/v1): the defaults clients rely on (one replica, a 25 %/25 % rolling update, ten revisions kept,
 * a 600 s progress deadline, pod template defaults), the selector/template/strategy validation and the immutable
 * selector, generation tracking (spec and annotations), the status and scale subresources and kubectl's printer.
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
  type KindObject,
  LabelSelector,
  List,
  notSupportedError,
  requiredError,
  TypedString,
} from '../../api/index.js';
import type { BuiltinResource, ScaleBinding } from './builtin-resource.js';
import { defineBuiltin, SCALE_SUBRESOURCE, STATUS_SUBRESOURCE } from './define-builtin.js';
import { ensureObject } from './ensure.js';
import { labelSelectorString } from './label-selector.js';
import { isValidPercent } from './names.js';
import { workloadPatchMeta } from './patch-meta.js';
import { defaultPodSpec } from './pod-spec-defaults.js';
import { ageColumn, column, nameColumn, templateContainerColumns } from './printer-helpers.js';
import { UpdatedCondition } from './schemas/common.js';
import { PodTemplateSpec } from './schemas/pod-spec.js';
import {
  immutableSelectorErrors,
  nonNegativeErrors,
  replicatedTemplateErrors,
  workloadSelectorErrors,
} from './workload-validation.js';

const DeploymentSpec = Type.Object({
  minReadySeconds: Type.Optional(
    Int32({ description: 'Seconds a new pod must be ready to count as available.' }),
  ),
  paused: Type.Optional(Type.Boolean({ description: 'Stops rollouts while true.' })),
  progressDeadlineSeconds: Type.Optional(
    Int32({ description: 'Seconds before a stalled rollout is reported.' }),
  ),
  replicas: Type.Optional(Int32({ description: 'Desired number of pods.' })),
  revisionHistoryLimit: Type.Optional(Int32({ description: 'Old ReplicaSets kept for rollback.' })),
  selector: Type.Optional(LabelSelector({ description: 'Selects the pods of the deployment; immutable.' })),
  strategy: Type.Optional(
    Type.Object({
      rollingUpdate: Type.Optional(
        Type.Object({
          maxSurge: Type.Optional(
            IntOrString({ description: 'Pods above the desired count during a rollout.' }),
          ),
          maxUnavailable: Type.Optional(
            IntOrString({ description: 'Pods that may be unavailable during a rollout.' }),
          ),
        }),
      ),
      type: Type.Optional(
        TypedString<'RollingUpdate' | 'Recreate'>({ description: 'RollingUpdate or Recreate.' }),
      ),
    }),
  ),
  template: Type.Optional(PodTemplateSpec()),
});

const DeploymentStatus = Type.Object({
  availableReplicas: Type.Optional(Int32({ description: 'Pods ready for at least minReadySeconds.' })),
  collisionCount: Type.Optional(Int32({ description: 'Hash collisions of the template.' })),
  conditions: Type.Optional(
    List(UpdatedCondition(), { description: 'Available, Progressing, ReplicaFailure.' }),
  ),
  observedGeneration: Type.Optional(Int64({ description: 'Generation the controller acted on.' })),
  readyReplicas: Type.Optional(Int32({ description: 'Ready pods.' })),
  replicas: Type.Optional(Int32({ description: 'Pods targeted by the deployment.' })),
  unavailableReplicas: Type.Optional(Int32({ description: 'Pods still missing.' })),
  updatedReplicas: Type.Optional(Int32({ description: 'Pods with the current template.' })),
});

/** The Deployment kind's schema. */
export const DeploymentKind = defineKind({
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  scope: 'Namespaced',
  shortNames: ['deploy'],
  categories: ['all'],
  description: 'Declarative updates for pods through ReplicaSets.',
  properties: { spec: Type.Optional(DeploymentSpec), status: Type.Optional(DeploymentStatus) },
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
});

/** A Deployment object. */
export type Deployment = KindObject<typeof DeploymentKind>;

/** `SetDefaults_Deployment` plus the pod template defaults. */
export function defaultDeployment(deployment: Deployment): void {
  const spec = ensureObject(deployment, 'spec');
  spec.replicas ??= 1;
  const strategy = ensureObject(spec, 'strategy');
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = ensureObject(strategy, 'rollingUpdate');
    rollingUpdate.maxUnavailable ??= '25%';
    rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  if (spec.template?.spec) defaultPodSpec(spec.template.spec);
}

type IntOrPercent = number | string | undefined;

/** `getIntOrPercentValue`: the number of an int or of a valid percentage, else 0. */
function intOrPercentValue(value: IntOrPercent): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && isValidPercent(value).length === 0) return Number(value.slice(0, -1));
  return 0;
}

/** `ValidatePositiveIntOrPercent`. */
function positiveIntOrPercentErrors(field: string, value: IntOrPercent): FieldError[] {
  if (typeof value === 'string')
    return isValidPercent(value).map((message) => invalidError(field, value, message));
  return nonNegativeErrors(field, value);
}

/** `ValidateRollingUpdateDeployment`. */
function rollingUpdateErrors(
  field: string,
  maxUnavailable: IntOrPercent,
  maxSurge: IntOrPercent,
): FieldError[] {
  const errors = [
    ...positiveIntOrPercentErrors(`${field}.maxUnavailable`, maxUnavailable),
    ...positiveIntOrPercentErrors(`${field}.maxSurge`, maxSurge),
  ];
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
    errors.push(
      invalidError(`${field}.maxUnavailable`, maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'),
    );
  }
  if (typeof maxUnavailable === 'string' && intOrPercentValue(maxUnavailable) > 100) {
    errors.push(invalidError(`${field}.maxUnavailable`, maxUnavailable, 'must not be greater than 100%'));
  }
  return errors;
}

/** `ValidateDeploymentStrategy`. */
function strategyErrors(strategy: NonNullable<Deployment['spec']>['strategy']): FieldError[] {
  const rollingUpdate = strategy?.rollingUpdate;
  switch (strategy?.type) {
    case 'Recreate':
      return rollingUpdate
        ? [
            forbiddenError(
              'spec.strategy.rollingUpdate',
              "may not be specified when strategy `type` is 'Recreate'",
            ),
          ]
        : [];
    case 'RollingUpdate':
      if (!rollingUpdate) {
        return [requiredError('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil')];
      }
      return rollingUpdateErrors(
        'spec.strategy.rollingUpdate',
        rollingUpdate.maxUnavailable,
        rollingUpdate.maxSurge,
      );
    default:
      return [notSupportedError('spec.strategy', strategy ?? null, ['Recreate', 'RollingUpdate'])];
  }
}

/** `ValidateDeploymentSpec`. */
export function deploymentSpecErrors(deployment: Deployment): FieldError[] {
  const spec = deployment.spec ?? {};
  const errors = nonNegativeErrors('spec.replicas', spec.replicas ?? 0);
  errors.push(...workloadSelectorErrors('deployment', spec.selector));
  errors.push(...replicatedTemplateErrors(spec.selector, spec.template));
  errors.push(...strategyErrors(spec.strategy));
  errors.push(...nonNegativeErrors('spec.minReadySeconds', spec.minReadySeconds ?? 0));
  errors.push(...nonNegativeErrors('spec.revisionHistoryLimit', spec.revisionHistoryLimit));
  const deadline = spec.progressDeadlineSeconds;
  if (deadline !== undefined) {
    errors.push(...nonNegativeErrors('spec.progressDeadlineSeconds', deadline));
    if (deadline <= (spec.minReadySeconds ?? 0)) {
      errors.push(
        invalidError('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'),
      );
    }
  }
  return errors;
}

/** The `scale` subresource of a workload whose selector is `spec.selector`. */
export function workloadScale(): ScaleBinding {
  return {
    specReplicasPath: 'spec.replicas',
    statusReplicasPath: 'status.replicas',
    selector(object) {
      const spec = object.spec as { selector?: Parameters<typeof labelSelectorString>[0] } | undefined;
      try {
        return labelSelectorString(spec?.selector);
      } catch {
        return '';
      }
    },
  };
}

/** The Deployment built-in. */
export const deploymentResource: BuiltinResource<Deployment> = defineBuiltin<Deployment>(DeploymentKind, {
  subresources: [STATUS_SUBRESOURCE, SCALE_SUBRESOURCE],
  nameRule: 'dns1123-subdomain',
  generation: { watched: ['spec', 'metadata.annotations'] },
  scale: workloadScale(),
  defaults: defaultDeployment,
  prepareForCreate(deployment) {
    deployment.status = {};
  },
  validate: deploymentSpecErrors,
  validateUpdate: (deployment, old) => [
    ...deploymentSpecErrors(deployment),
    ...immutableSelectorErrors(deployment.spec?.selector, old.spec?.selector),
  ],
  printerColumns: [
    nameColumn<Deployment>(),
    column<Deployment>(
      'Ready',
      'Number of the pod with ready state',
      (d) => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
    ),
    column<Deployment>(
      'Up-to-date',
      'Total number of pods with the current template.',
      (d) => d.status?.updatedReplicas ?? 0,
    ),
    column<Deployment>(
      'Available',
      'Total number of available pods.',
      (d) => d.status?.availableReplicas ?? 0,
    ),
    ageColumn<Deployment>(),
    ...templateContainerColumns<Deployment>((d) => d.spec?.template),
    column<Deployment>(
      'Selector',
      'Label query over the pods of the deployment.',
      (d) => selectorCell(d.spec?.selector),
      {
        priority: 1,
      },
    ),
  ],
  patchMeta: workloadPatchMeta({ strategy: { retainKeys: true } }),
});

/** The wide SELECTOR cell: the selector string, `<invalid>` when it does not convert. */
export function selectorCell(selector: Parameters<typeof labelSelectorString>[0]): string {
  try {
    return labelSelectorString(selector);
  } catch {
    return '<invalid>';
  }
}
