/**
 * ReplicaSet (apps/v1): a Deployment's unit of rollout. One-replica default, the replicated-template validation,
 * immutable selector, generation on spec changes, status/scale subresources, the `status.replicas` field selector
 * and kubectl's DESIRED/CURRENT/READY printer.
 */

import { Type } from '@sinclair/typebox';
import {
  defineKind,
  type FieldError,
  Int32,
  Int64,
  type KindObject,
  LabelSelector,
  List,
} from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { defineBuiltin, SCALE_SUBRESOURCE, STATUS_SUBRESOURCE } from './define-builtin.js';
import { workloadScale } from './deployment.js';
import { ensureObject } from './ensure.js';
import { formatLabelSelector } from './label-selector.js';
import { workloadPatchMeta } from './patch-meta.js';
import { defaultPodSpec } from './pod-spec-defaults.js';
import { ageColumn, column, nameColumn, templateContainerColumns } from './printer-helpers.js';
import { StatusCondition } from './schemas/common.js';
import { PodTemplateSpec } from './schemas/pod-spec.js';
import {
  immutableSelectorErrors,
  nonNegativeErrors,
  replicatedTemplateErrors,
  workloadSelectorErrors,
} from './workload-validation.js';

/** The ReplicaSet kind's schema. */
export const ReplicaSetKind = defineKind({
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  plural: 'replicasets',
  scope: 'Namespaced',
  shortNames: ['rs'],
  categories: ['all'],
  description: 'Keeps a number of identical pods running.',
  properties: {
    spec: Type.Optional(
      Type.Object({
        minReadySeconds: Type.Optional(
          Int32({ description: 'Seconds a new pod must be ready to count as available.' }),
        ),
        replicas: Type.Optional(Int32({ description: 'Desired number of pods.' })),
        selector: Type.Optional(LabelSelector({ description: 'Selects the pods of the set; immutable.' })),
        template: Type.Optional(PodTemplateSpec()),
      }),
    ),
    status: Type.Optional(
      Type.Object({
        availableReplicas: Type.Optional(Int32()),
        conditions: Type.Optional(List(StatusCondition())),
        fullyLabeledReplicas: Type.Optional(Int32()),
        observedGeneration: Type.Optional(Int64()),
        readyReplicas: Type.Optional(Int32()),
        replicas: Type.Optional(Int32({ description: 'Pods created by the set.' })),
      }),
    ),
  },
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
});

/** A ReplicaSet object. */
export type ReplicaSet = KindObject<typeof ReplicaSetKind>;

/** `ValidateReplicaSetSpec` (its empty-selector message says "deployment", as the Go code does). */
export function replicaSetSpecErrors(set: ReplicaSet): FieldError[] {
  const spec = set.spec ?? {};
  return [
    ...nonNegativeErrors('spec.replicas', spec.replicas ?? 0),
    ...nonNegativeErrors('spec.minReadySeconds', spec.minReadySeconds ?? 0),
    ...workloadSelectorErrors('deployment', spec.selector),
    ...replicatedTemplateErrors(spec.selector, spec.template),
  ];
}

/** The ReplicaSet built-in. */
export const replicaSetResource: BuiltinResource<ReplicaSet> = defineBuiltin<ReplicaSet>(ReplicaSetKind, {
  subresources: [STATUS_SUBRESOURCE, SCALE_SUBRESOURCE],
  nameRule: 'dns1123-subdomain',
  generation: { watched: ['spec'] },
  scale: workloadScale(),
  defaults(set) {
    const spec = ensureObject(set, 'spec');
    spec.replicas ??= 1;
    if (spec.template?.spec) defaultPodSpec(spec.template.spec);
  },
  prepareForCreate(set) {
    set.status = {};
  },
  validate: replicaSetSpecErrors,
  validateUpdate: (set, old) => [
    ...replicaSetSpecErrors(set),
    ...immutableSelectorErrors(set.spec?.selector, old.spec?.selector),
  ],
  printerColumns: [
    nameColumn<ReplicaSet>(),
    column<ReplicaSet>('Desired', 'Number of desired pods.', (s) => s.spec?.replicas ?? 0, {
      type: 'integer',
    }),
    column<ReplicaSet>('Current', 'Number of created pods.', (s) => s.status?.replicas ?? 0, {
      type: 'integer',
    }),
    column<ReplicaSet>('Ready', 'Number of ready pods.', (s) => s.status?.readyReplicas ?? 0, {
      type: 'integer',
    }),
    ageColumn<ReplicaSet>(),
    ...templateContainerColumns<ReplicaSet>((s) => s.spec?.template),
    column<ReplicaSet>(
      'Selector',
      'Label query over the pods of the set.',
      (s) => formatLabelSelector(s.spec?.selector),
      {
        priority: 1,
      },
    ),
  ],
  fieldSelectors: [{ label: 'status.replicas', value: (set) => String(set.status?.replicas ?? 0) }],
  patchMeta: workloadPatchMeta(),
});
