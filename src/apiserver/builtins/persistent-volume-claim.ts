/**
 * PersistentVolumeClaim (core/v1), §17.7: `volumeMode` defaults to Filesystem, the `kubernetes.io/pvc-protection`
 * finalizer is added on create, status starts Pending, the spec is immutable except a growing storage request on a
 * bound claim (and `volumeName` once, `storageClassName` once from unset), and kubectl's STATUS/VOLUME/CAPACITY/…
 * printer. Defaulting `storageClassName` from the default StorageClass needs the store and is the registry's.
 */

import { Type } from '@sinclair/typebox';
import {
  defineKind,
  type FieldError,
  forbiddenError,
  invalidError,
  jsonEqual,
  type KindObject,
  notSupportedError,
  requiredError,
} from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { defineBuiltin, STATUS_SUBRESOURCE } from './define-builtin.js';
import { ensureArray, ensureObject } from './ensure.js';
import { labelSelectorErrors } from './label-validation.js';
import { isDNS1123Label, isDNS1123Subdomain } from './names.js';
import { conditionsByType, rootPatchMeta } from './patch-meta.js';
import { accessModesString, ageColumn, column, nameColumn, quantityCell } from './printer-helpers.js';
import { compareQuantities, quantityValue } from './quantity.js';
import {
  type PersistentVolumeClaimSpec,
  PersistentVolumeClaimSpec as PersistentVolumeClaimSpecSchema,
  PersistentVolumeClaimStatus,
} from './schemas/persistent-volume-claim-spec.js';
import { immutableErrors } from './workload-validation.js';

/** The finalizer that keeps a claim while pods use it. */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
/** The legacy annotation naming a claim's or volume's class; it wins over `storageClassName` when set. */
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** The access modes a volume or claim may use, in Go's sorted order. */
export const SUPPORTED_ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

/** The PersistentVolumeClaim kind's schema. */
export const PersistentVolumeClaimKind = defineKind({
  group: '',
  version: 'v1',
  kind: 'PersistentVolumeClaim',
  plural: 'persistentvolumeclaims',
  scope: 'Namespaced',
  shortNames: ['pvc'],
  description: 'A request for storage, bound to a PersistentVolume.',
  properties: {
    spec: Type.Optional(PersistentVolumeClaimSpecSchema()),
    status: Type.Optional(PersistentVolumeClaimStatus()),
  },
});

/** A PersistentVolumeClaim object. */
export type PersistentVolumeClaim = KindObject<typeof PersistentVolumeClaimKind>;

/** `supportedAccessModes` checks: known modes, and ReadWriteOncePod alone. */
export function accessModeErrors(field: string, modes: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  let oncePod = false;
  let other = false;
  for (const mode of modes) {
    if (!SUPPORTED_ACCESS_MODES.includes(mode))
      errors.push(notSupportedError(field, mode, SUPPORTED_ACCESS_MODES));
    else if (mode === 'ReadWriteOncePod') oncePod = true;
    else other = true;
  }
  if (oncePod && other)
    errors.push(forbiddenError(field, 'may not use ReadWriteOncePod with other access modes'));
  return errors;
}

/** `ValidatePositiveQuantityValue` for the storage request. */
function storageRequestErrors(field: string, storage: unknown): FieldError[] {
  if (storage === undefined) return [requiredError(field)];
  const value = quantityValue(storage);
  if (value === undefined) return [invalidError(field, String(storage), 'must be a valid resource quantity')];
  return value > 0 ? [] : [invalidError(field, String(storage), 'must be greater than zero')];
}

type DataSource = PersistentVolumeClaimSpec['dataSource'];

/** `validateDataSource` / `validateDataSourceRef`. */
function dataSourceErrors(field: string, source: DataSource & { namespace?: string }): FieldError[] {
  const errors: FieldError[] = [];
  if (!source?.name) errors.push(requiredError(`${field}.name`));
  if (!source?.kind) errors.push(requiredError(`${field}.kind`));
  const group = source?.apiGroup ?? '';
  if (!group && source?.kind !== 'PersistentVolumeClaim') {
    errors.push(
      invalidError(
        field,
        source?.kind ?? '',
        "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
      ),
    );
  }
  if (group)
    errors.push(...isDNS1123Subdomain(group).map((m) => invalidError(`${field}.apiGroup`, group, m)));
  if (source?.namespace) {
    errors.push(
      ...isDNS1123Label(source.namespace).map((m) => invalidError(`${field}.namespace`, source.namespace, m)),
    );
  }
  return errors;
}

/** `ValidatePersistentVolumeClaimSpec` at `path` (`spec`, or a template's spec). */
export function claimSpecErrors(path: string, spec: PersistentVolumeClaimSpec | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const modes = spec?.accessModes ?? [];
  if (modes.length === 0)
    errors.push(requiredError(`${path}.accessModes`, 'at least 1 access mode is required'));
  errors.push(...labelSelectorErrors(`${path}.selector`, spec?.selector));
  errors.push(...accessModeErrors(`${path}.accessModes`, modes));
  errors.push(...storageRequestErrors(`${path}.resources[storage]`, spec?.resources?.requests?.storage));
  const className = spec?.storageClassName;
  if (className) {
    errors.push(
      ...isDNS1123Subdomain(className).map((m) => invalidError(`${path}.storageClassName`, className, m)),
    );
  }
  if (spec?.volumeMode !== undefined && spec.volumeMode !== 'Block' && spec.volumeMode !== 'Filesystem') {
    errors.push(notSupportedError(`${path}.volumeMode`, spec.volumeMode, ['Block', 'Filesystem']));
  }
  if (spec?.dataSource) errors.push(...dataSourceErrors(`${path}.dataSource`, spec.dataSource));
  if (spec?.dataSourceRef) errors.push(...dataSourceErrors(`${path}.dataSourceRef`, spec.dataSourceRef));
  return errors;
}

/** The message of the real server when a claim's spec changes (without its trailing Go diff). */
export const PVC_SPEC_IMMUTABLE_MESSAGE =
  'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';

/** The spec an update is compared with after the allowed changes are carried over (`ValidatePersistentVolumeClaimUpdate`). */
function comparableSpecs(
  claim: PersistentVolumeClaim,
  old: PersistentVolumeClaim,
): { next: PersistentVolumeClaimSpec; previous: PersistentVolumeClaimSpec } {
  const next: PersistentVolumeClaimSpec = structuredClone(claim.spec ?? {});
  const previous: PersistentVolumeClaimSpec = structuredClone(old.spec ?? {});
  if (!old.spec?.volumeName) setOrDelete(previous, 'volumeName', next.volumeName);
  const oldAnnotation = old.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
  if (old.spec?.storageClassName === undefined && oldAnnotation === undefined && next.storageClassName) {
    setOrDelete(next, 'storageClassName', previous.storageClassName);
  }
  if (claim.status?.phase === 'Bound' && next.resources?.requests) {
    setOrDelete(next.resources.requests, 'storage', old.spec?.resources?.requests?.storage);
  }
  setOrDelete(next, 'volumeAttributesClassName', previous.volumeAttributesClassName);
  return { next, previous };
}

function setOrDelete<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

/** `ValidatePersistentVolumeClaimUpdate` (RecoverVolumeExpansionFailure and VolumeAttributesClass off, as in 1.32). */
export function claimUpdateErrors(claim: PersistentVolumeClaim, old: PersistentVolumeClaim): FieldError[] {
  const errors = claimSpecErrors('spec', claim.spec);
  const annotation = claim.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? '';
  const oldAnnotation = old.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? '';
  if (annotation !== oldAnnotation) {
    errors.push(
      invalidError(`metadata.annotations.${BETA_STORAGE_CLASS_ANNOTATION}`, annotation, 'field is immutable'),
    );
  }
  const { next, previous } = comparableSpecs(claim, old);
  if (!jsonEqual(next, previous)) errors.push(forbiddenError('spec', PVC_SPEC_IMMUTABLE_MESSAGE));
  const newSize = claim.spec?.resources?.requests?.storage;
  const oldSize = old.spec?.resources?.requests?.storage;
  if (compareQuantities(newSize, oldSize) < 0) {
    errors.push(
      forbiddenError('spec.resources.requests.storage', 'field can not be less than previous value'),
    );
  }
  errors.push(...immutableErrors('volumeMode', claim.spec?.volumeMode, old.spec?.volumeMode));
  errors.push(
    ...volumeAttributesClassErrors(
      claim.spec?.volumeAttributesClassName,
      old.spec?.volumeAttributesClassName,
    ),
  );
  return errors;
}

/**
 * With the VolumeAttributesClass feature gate off (its default), `spec.volumeAttributesClassName` of a claim or a
 * volume cannot change.
 */
export function volumeAttributesClassErrors(next: string | undefined, old: string | undefined): FieldError[] {
  if (jsonEqual(next ?? null, old ?? null)) return [];
  return [
    forbiddenError(
      'spec.volumeAttributesClassName',
      'update is forbidden when the VolumeAttributesClass feature gate is disabled',
    ),
  ];
}

/** `GetPersistentVolumeClaimClass`: the beta annotation, else `storageClassName`. */
export function claimClass(claim: PersistentVolumeClaim): string {
  return claim.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? claim.spec?.storageClassName ?? '';
}

/** The PersistentVolumeClaim built-in. */
export const persistentVolumeClaimResource: BuiltinResource<PersistentVolumeClaim> =
  defineBuiltin<PersistentVolumeClaim>(PersistentVolumeClaimKind, {
    subresources: [STATUS_SUBRESOURCE],
    nameRule: 'dns1123-subdomain',
    returnsDeletedObject: true,
    defaults(claim) {
      ensureObject(claim, 'spec').volumeMode ??= 'Filesystem';
      ensureObject(claim, 'status').phase ||= 'Pending';
    },
    prepareForCreate(claim) {
      claim.status = { phase: 'Pending' };
      const finalizers = ensureArray(claim.metadata, 'finalizers');
      if (!finalizers.includes(PVC_PROTECTION_FINALIZER)) finalizers.push(PVC_PROTECTION_FINALIZER);
    },
    validate: (claim) => claimSpecErrors('spec', claim.spec),
    validateUpdate: claimUpdateErrors,
    printerColumns: [
      nameColumn<PersistentVolumeClaim>(),
      column<PersistentVolumeClaim>('Status', 'Phase of the claim.', (claim) =>
        claim.metadata.deletionTimestamp ? 'Terminating' : (claim.status?.phase ?? ''),
      ),
      column<PersistentVolumeClaim>(
        'Volume',
        'The bound PersistentVolume.',
        (claim) => claim.spec?.volumeName ?? '',
      ),
      column<PersistentVolumeClaim>('Capacity', 'Capacity of the bound volume.', (claim) =>
        claim.spec?.volumeName ? quantityCell(claim.status?.capacity?.storage) : '',
      ),
      column<PersistentVolumeClaim>('Access Modes', 'Access modes of the bound volume.', (claim) =>
        claim.spec?.volumeName ? accessModesString(claim.status?.accessModes) : '',
      ),
      column<PersistentVolumeClaim>('StorageClass', 'StorageClass of the claim.', claimClass),
      column<PersistentVolumeClaim>(
        'VolumeAttributesClass',
        'VolumeAttributesClass of the claim.',
        (claim) => (claim.spec?.volumeAttributesClassName ? claim.spec.volumeAttributesClassName : '<unset>'),
      ),
      ageColumn<PersistentVolumeClaim>(),
      column<PersistentVolumeClaim>(
        'VolumeMode',
        'Filesystem or Block.',
        (claim) => claim.spec?.volumeMode ?? '<unset>',
        {
          priority: 1,
        },
      ),
    ],
    patchMeta: rootPatchMeta({ status: { fields: { conditions: conditionsByType } } }),
  });
