/**
 * Pod (core/v1): the defaults, admission and validation a real cluster applies on create (Pending status with a QoS
 * class, the `default` service account, priority 0, the not-ready/unreachable tolerations), the update rule that
 * only images and a few fields may change, kubectl's printer, and the pod field selectors.
 */

import { Type } from '@sinclair/typebox';
import {
  defineKind,
  type FieldError,
  forbiddenError,
  invalidError,
  jsonEqual,
  type KindObject,
  requiredError,
} from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { defineBuiltin, STATUS_SUBRESOURCE } from './define-builtin.js';
import { ensureArray, ensureObject } from './ensure.js';
import { conditionsByType, podSpecPatchMeta, rootPatchMeta } from './patch-meta.js';
import { podRowConditions, podSummary, readinessGatesCell } from './pod-printer.js';
import { defaultPodOnlyFields, defaultPodSpec } from './pod-spec-defaults.js';
import { podSpecErrors } from './pod-spec-validation.js';
import { ageColumn, column, nameColumn } from './printer-helpers.js';
import { quantityValue } from './quantity.js';
import { type PodSpec, PodSpec as PodSpecSchema, PodStatus } from './schemas/pod-spec.js';

/** The Pod kind's schema. */
export const PodKind = defineKind({
  group: '',
  version: 'v1',
  kind: 'Pod',
  plural: 'pods',
  scope: 'Namespaced',
  shortNames: ['po'],
  categories: ['all'],
  description: 'A group of containers scheduled together onto one node.',
  properties: {
    spec: Type.Optional(PodSpecSchema()),
    status: Type.Optional(PodStatus()),
  },
});

/** A Pod object. */
export type Pod = KindObject<typeof PodKind>;

/** The taints every pod tolerates for five minutes (DefaultTolerationSeconds admission). */
const DEFAULT_TOLERATED_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/** `qos.GetPodQOS`: BestEffort without requests and limits, Guaranteed when CPU and memory limits equal requests. */
export function podQOSClass(spec: PodSpec | undefined): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const container of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    const limited = new Set<string>();
    for (const [map, source] of [
      [requests, container.resources?.requests],
      [limits, container.resources?.limits],
    ] as const) {
      for (const name of ['cpu', 'memory']) {
        const value = quantityValue(source?.[name]) ?? 0;
        if (value === 0) continue;
        map.set(name, (map.get(name) ?? 0) + value);
        if (map === limits) limited.add(name);
      }
    }
    if (limited.size < 2) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  for (const [name, value] of requests) if (limits.get(name) !== value) guaranteed = false;
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** Pod admission on create: status, service account, priority and default tolerations. */
function preparePodForCreate(pod: Pod): void {
  const spec = ensureObject(pod, 'spec');
  pod.status = { phase: 'Pending', qosClass: podQOSClass(spec) };
  spec.serviceAccountName ||= 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (!spec.priorityClassName) {
    spec.priority ??= 0;
    spec.preemptionPolicy ||= 'PreemptLowerPriority';
  }
  const tolerations = ensureArray(spec, 'tolerations');
  for (const key of DEFAULT_TOLERATED_TAINTS) {
    const tolerated = tolerations.some(
      (t) => (t.key === key || !t.key) && (!t.effect || t.effect === 'NoExecute'),
    );
    if (!tolerated)
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
}

/** The fields a pod update may change, as the real server names them. */
export const POD_UPDATE_FORBIDDEN_MESSAGE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
  '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function containerCountErrors(
  path: string,
  next: PodSpec['containers'],
  old: PodSpec['containers'],
): FieldError[] {
  if ((next ?? []).length !== (old ?? []).length)
    return [forbiddenError(path, 'pod updates may not add or remove containers')];
  const errors: FieldError[] = [];
  (next ?? []).forEach((container, index) => {
    const image = container.image ?? '';
    if (!image) errors.push(requiredError(`${path}[${index}].image`));
    if (image.trim() !== image) {
      errors.push(
        invalidError(`${path}[${index}].image`, image, 'must not have leading or trailing whitespace'),
      );
    }
  });
  return errors;
}

function deadlineErrors(next: number | undefined, old: number | undefined): FieldError[] {
  const field = 'spec.activeDeadlineSeconds';
  if (next === undefined) {
    return old === undefined
      ? []
      : [invalidError(field, null, 'must not update from a positive integer to nil value')];
  }
  if (next < 0 || next > 2147483647)
    return [invalidError(field, next, 'must be between 0 and 2147483647, inclusive')];
  if (old !== undefined && old < next)
    return [invalidError(field, next, 'must be less than or equal to previous value')];
  return [];
}

/** The new spec with every field a pod update may change taken from the old spec (`ValidatePodUpdate`'s munging). */
function mungedSpec(next: PodSpec, old: PodSpec): PodSpec {
  const munged: PodSpec = structuredClone(next);
  const keepOldImages = (containers: PodSpec['containers'], oldContainers: PodSpec['containers']) =>
    containers?.forEach((container, i) => {
      const image = oldContainers?.[i]?.image;
      if (image === undefined) delete container.image;
      else container.image = image;
    });
  keepOldImages(munged.containers, old.containers);
  keepOldImages(munged.initContainers, old.initContainers);
  munged.activeDeadlineSeconds = old.activeDeadlineSeconds;
  const added = (old.tolerations ?? []).every((t) => (next.tolerations ?? []).some((n) => jsonEqual(n, t)));
  if (added) munged.tolerations = old.tolerations;
  if ((old.terminationGracePeriodSeconds ?? 0) < 0 && next.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  }
  for (const key of Object.keys(munged) as (keyof PodSpec)[])
    if (munged[key] === undefined) delete munged[key];
  return munged;
}

/** `ValidatePodUpdate`: container count and images, the deadline, then everything else must be unchanged. */
export function podUpdateErrors(pod: Pod, old: Pod): FieldError[] {
  const next = pod.spec ?? {};
  const previous = old.spec ?? {};
  const errors = containerCountErrors('spec.containers', next.containers, previous.containers);
  if (errors.some((e) => e.type === 'FieldValueForbidden')) return errors;
  const initErrors = containerCountErrors(
    'spec.initContainers',
    next.initContainers,
    previous.initContainers,
  );
  errors.push(...initErrors);
  if (initErrors.some((e) => e.type === 'FieldValueForbidden')) return errors;
  const deadline = deadlineErrors(next.activeDeadlineSeconds, previous.activeDeadlineSeconds);
  if (deadline.length > 0) return [...errors, ...deadline];
  if (!jsonEqual(mungedSpec(next, previous), previous))
    errors.push(forbiddenError('spec', POD_UPDATE_FORBIDDEN_MESSAGE));
  return errors;
}

const none = (value: string | undefined) => (value ? value : '<none>');

/** The Pod built-in. */
export const podResource: BuiltinResource<Pod> = defineBuiltin<Pod>(PodKind, {
  subresources: [STATUS_SUBRESOURCE, { name: 'log', verbs: ['get'] }],
  nameRule: 'dns1123-subdomain',
  returnsDeletedObject: true,
  defaults(pod) {
    if (!pod.spec) return;
    defaultPodSpec(pod.spec);
    defaultPodOnlyFields(pod.spec);
  },
  prepareForCreate: preparePodForCreate,
  validate: (pod) => podSpecErrors('spec', pod.spec),
  validateUpdate: (pod, old) => [...podSpecErrors('spec', pod.spec), ...podUpdateErrors(pod, old)],
  printerColumns: [
    nameColumn<Pod>(),
    column<Pod>(
      'Ready',
      'The aggregate readiness state of this pod for accepting traffic.',
      (pod, ctx) => podSummary(pod, ctx).ready,
    ),
    column<Pod>(
      'Status',
      'The aggregate status of the containers in this pod.',
      (pod, ctx) => podSummary(pod, ctx).status,
    ),
    column<Pod>(
      'Restarts',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
      (pod, ctx) => podSummary(pod, ctx).restarts,
    ),
    ageColumn<Pod>(),
    column<Pod>('IP', 'IP address allocated to the pod.', (pod) => none(pod.status?.podIPs?.[0]?.ip), {
      priority: 1,
    }),
    column<Pod>('Node', 'Node the pod is bound to.', (pod) => none(pod.spec?.nodeName), { priority: 1 }),
    column<Pod>(
      'Nominated Node',
      'Node the pod may preempt onto.',
      (pod) => none(pod.status?.nominatedNodeName),
      {
        priority: 1,
      },
    ),
    column<Pod>('Readiness Gates', 'Readiness gates that are true, of all gates.', readinessGatesCell, {
      priority: 1,
    }),
  ],
  rowConditions: podRowConditions,
  fieldSelectors: [
    { label: 'spec.nodeName', value: (pod) => pod.spec?.nodeName ?? '' },
    { label: 'spec.restartPolicy', value: (pod) => pod.spec?.restartPolicy ?? '' },
    { label: 'spec.schedulerName', value: (pod) => pod.spec?.schedulerName ?? '' },
    { label: 'spec.serviceAccountName', value: (pod) => pod.spec?.serviceAccountName ?? '' },
    { label: 'spec.hostNetwork', value: (pod) => String(pod.spec?.hostNetwork ?? false) },
    { label: 'status.phase', value: (pod) => pod.status?.phase ?? '' },
    { label: 'status.podIP', value: (pod) => pod.status?.podIPs?.[0]?.ip ?? '' },
    { label: 'status.nominatedNodeName', value: (pod) => pod.status?.nominatedNodeName ?? '' },
  ],
  patchMeta: rootPatchMeta({
    spec: podSpecPatchMeta,
    status: {
      fields: {
        conditions: conditionsByType,
        podIPs: { mergeKey: 'ip', strategy: 'merge' },
        hostIPs: { mergeKey: 'ip', strategy: 'merge' },
        resourceClaimStatuses: { mergeKey: 'name', strategy: 'merge', retainKeys: true },
      },
    },
  }),
});
