/**
 * Validation shared by the apps/v1 workloads (Deployment, ReplicaSet, StatefulSet): the selector (required,
 * non-empty, immutable), the template labels it must select, the pod template, and the generic
 * non-negative/immutable field checks with apimachinery's messages.
 */

import {
  type FieldError,
  forbiddenError,
  invalidError,
  jsonEqual,
  type LabelSelector,
  notSupportedError,
  requiredError,
} from '../../api/index.js';
import { goLabelSelector, goStringMap } from './go-literals.js';
import { labelSelectorMatches } from './label-selector.js';
import { labelSelectorErrors, labelsErrors } from './label-validation.js';
import { podSpecErrors } from './pod-spec-validation.js';
import type { PodTemplateSpec } from './schemas/pod-spec.js';

/** `ValidateNonnegativeField`. */
export function nonNegativeErrors(field: string, value: number | undefined): FieldError[] {
  return value !== undefined && value < 0
    ? [invalidError(field, value, 'must be greater than or equal to 0')]
    : [];
}

/** `ValidateImmutableField`: `field is immutable` when the value changed (the new value is reported). */
export function immutableErrors(
  field: string,
  value: unknown,
  old: unknown,
  badValue: unknown = value,
): FieldError[] {
  return jsonEqual(value ?? null, old ?? null)
    ? []
    : [invalidError(field, badValue ?? null, 'field is immutable')];
}

/** The immutable `spec.selector` of the apps/v1 workloads; the error quotes the new selector as a Go literal. */
export function immutableSelectorErrors(
  selector: LabelSelector | undefined,
  old: LabelSelector | undefined,
): FieldError[] {
  return immutableErrors('spec.selector', selector, old, goLabelSelector(selector));
}

/** The labels of a template's free-form metadata. */
export function templateLabels(template: PodTemplateSpec | undefined): Record<string, string> | undefined {
  const labels = template?.metadata?.labels;
  return typeof labels === 'object' && labels !== null ? (labels as Record<string, string>) : undefined;
}

/** The selector checks of a workload spec: required, valid, and not empty (`empty selector is invalid for deployment`). */
export function workloadSelectorErrors(kind: string, selector: LabelSelector | undefined): FieldError[] {
  if (selector === undefined) return [requiredError('spec.selector')];
  const errors = labelSelectorErrors('spec.selector', selector);
  if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0) === 0) {
    errors.push(
      invalidError('spec.selector', goLabelSelector(selector), `empty selector is invalid for ${kind}`),
    );
  }
  return errors;
}

/** Whether the selector is the empty one (which selects everything and skips the template check). */
function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0) === 0;
}

/** The template labels must be selected by the selector (a nil selector selects nothing). */
export function templateSelectionErrors(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
): FieldError[] {
  if (selector !== undefined && isEmptySelector(selector)) return [];
  const labels = templateLabels(template);
  let matches: boolean;
  try {
    matches = labelSelectorMatches(selector, labels);
  } catch {
    return [invalidError('spec.selector', goLabelSelector(selector), 'invalid label selector')];
  }
  return matches
    ? []
    : [
        invalidError(
          'spec.template.metadata.labels',
          goStringMap(labels),
          '`selector` does not match template `labels`',
        ),
      ];
}

/**
 * `ValidatePodTemplateSpecForReplicaSet` (Deployment and ReplicaSet): the selection check, the template's labels and
 * pod spec, and the restrictions on replicated pods.
 */
export function replicatedTemplateErrors(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
): FieldError[] {
  const errors = templateSelectionErrors(selector, template);
  errors.push(...labelsErrors('spec.template.labels', templateLabels(template)));
  errors.push(...podSpecErrors('spec.template.spec', template?.spec));
  if (template?.spec?.ephemeralContainers?.length) {
    errors.push(
      forbiddenError(
        'spec.template.spec.ephemeralContainers',
        'ephemeral containers not allowed in pod template',
      ),
    );
  }
  const restartPolicy = template?.spec?.restartPolicy;
  if (restartPolicy !== 'Always') {
    errors.push(notSupportedError('spec.template.spec.restartPolicy', restartPolicy ?? '', ['Always']));
  }
  if (template?.spec?.activeDeadlineSeconds !== undefined) {
    errors.push(
      forbiddenError(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in ReplicaSet is not Supported',
      ),
    );
  }
  return errors;
}
