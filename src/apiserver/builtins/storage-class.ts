/**
 * StorageClass (storage.k8s.io/v1, cluster-scoped), §17.8: top-level fields (no spec); `reclaimPolicy` Delete and
 * `volumeBindingMode` Immediate by default; `provisioner`, `parameters`, `reclaimPolicy` and `volumeBindingMode`
 * cannot change; kubectl marks the default class with ` (default)`.
 */
import { Type } from '@sinclair/typebox';
import {
  defineKind,
  type FieldError,
  FreeForm,
  forbiddenError,
  invalidError,
  jsonEqual,
  type KindObject,
  List,
  notSupportedError,
  requiredError,
  StringMap,
  TypedString,
  tooLongError,
} from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { defineBuiltin } from './define-builtin.js';
import { isQualifiedName } from './names.js';
import { ageColumn, column, nameColumn } from './printer-helpers.js';
import { immutableErrors } from './workload-validation.js';

/** The annotation that makes a class the default for claims without one. */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';

/** The StorageClass kind's schema. */
export const StorageClassKind = defineKind({
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'StorageClass',
  plural: 'storageclasses',
  scope: 'Cluster',
  shortNames: ['sc'],
  description: 'A class of storage that claims ask for and a provisioner creates.',
  properties: {
    allowVolumeExpansion: Type.Optional(
      Type.Boolean({ description: 'Whether claims of the class may grow.' }),
    ),
    allowedTopologies: Type.Optional(List(FreeForm(), { description: 'Where volumes may be provisioned.' })),
    mountOptions: Type.Optional(
      List(Type.String(), { description: 'Mount options of provisioned volumes.' }),
    ),
    parameters: Type.Optional(StringMap({ description: 'Provisioner parameters; immutable.' })),
    provisioner: Type.Optional(Type.String({ description: 'The provisioner (CSI driver) name; immutable.' })),
    reclaimPolicy: Type.Optional(
      TypedString<'Delete' | 'Retain'>({ description: 'Delete (default) or Retain.' }),
    ),
    volumeBindingMode: Type.Optional(
      TypedString<'Immediate' | 'WaitForFirstConsumer'>({
        description: 'Immediate (default) or WaitForFirstConsumer.',
      }),
    ),
  },
});

/** A StorageClass object. */
export type StorageClass = KindObject<typeof StorageClassKind>;

/** Whether the class carries the default-class annotation. */
export function isDefaultClass(storageClass: StorageClass): boolean {
  const annotations = storageClass.metadata.annotations ?? {};
  return (
    annotations[DEFAULT_CLASS_ANNOTATION] === 'true' || annotations[BETA_DEFAULT_CLASS_ANNOTATION] === 'true'
  );
}

const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * 1024;

/** `validateParameters`: at most 512 parameters of at most 256 KiB in total, no empty key. */
function parameterErrors(parameters: Readonly<Record<string, string>> | undefined): FieldError[] {
  const entries = Object.entries(parameters ?? {});
  if (entries.length > MAX_PARAMETERS) return [tooLongError('parameters', MAX_PARAMETERS)];
  const errors: FieldError[] = [];
  let size = 0;
  for (const [key, value] of entries) {
    if (key === '') errors.push(invalidError('parameters', key, 'field can not be empty.'));
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size > MAX_PARAMETERS_SIZE) errors.push(tooLongError('parameters', MAX_PARAMETERS_SIZE));
  return errors;
}

/** `ValidateStorageClass` without the ObjectMeta part. */
export function storageClassErrors(storageClass: StorageClass): FieldError[] {
  const errors: FieldError[] = [];
  const provisioner = storageClass.provisioner ?? '';
  if (!provisioner) errors.push(requiredError('provisioner'));
  else
    errors.push(
      ...isQualifiedName(provisioner.toLowerCase()).map((m) => invalidError('provisioner', provisioner, m)),
    );
  errors.push(...parameterErrors(storageClass.parameters));
  const reclaimPolicy = storageClass.reclaimPolicy;
  if (reclaimPolicy !== undefined && reclaimPolicy !== 'Delete' && reclaimPolicy !== 'Retain') {
    errors.push(notSupportedError('reclaimPolicy', reclaimPolicy, ['Delete', 'Retain']));
  }
  const mode = storageClass.volumeBindingMode;
  if (mode === undefined) errors.push(requiredError('volumeBindingMode'));
  else if (mode !== 'Immediate' && mode !== 'WaitForFirstConsumer') {
    errors.push(notSupportedError('volumeBindingMode', mode, ['Immediate', 'WaitForFirstConsumer']));
  }
  return errors;
}

/** `ValidateStorageClassUpdate`: parameters, provisioner, reclaim policy and binding mode are fixed. */
export function storageClassUpdateErrors(storageClass: StorageClass, old: StorageClass): FieldError[] {
  const errors = storageClassErrors(storageClass);
  if (!jsonEqual(storageClass.parameters ?? null, old.parameters ?? null)) {
    errors.push(forbiddenError('parameters', 'updates to parameters are forbidden.'));
  }
  if ((storageClass.provisioner ?? '') !== (old.provisioner ?? '')) {
    errors.push(forbiddenError('provisioner', 'updates to provisioner are forbidden.'));
  }
  if (storageClass.reclaimPolicy !== old.reclaimPolicy) {
    errors.push(forbiddenError('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  }
  errors.push(...immutableErrors('volumeBindingMode', storageClass.volumeBindingMode, old.volumeBindingMode));
  return errors;
}

/** The StorageClass built-in. */
export const storageClassResource: BuiltinResource<StorageClass> = defineBuiltin<StorageClass>(
  StorageClassKind,
  {
    nameRule: 'dns1123-subdomain',
    returnsDeletedObject: true,
    defaults(storageClass) {
      storageClass.reclaimPolicy ??= 'Delete';
      storageClass.volumeBindingMode ??= 'Immediate';
    },
    validate: storageClassErrors,
    validateUpdate: storageClassUpdateErrors,
    printerColumns: [
      {
        ...nameColumn<StorageClass>(),
        cell: (sc) => `${sc.metadata.name ?? ''}${isDefaultClass(sc) ? ' (default)' : ''}`,
      },
      column<StorageClass>('Provisioner', 'The provisioner of the class.', (sc) => sc.provisioner ?? ''),
      column<StorageClass>(
        'ReclaimPolicy',
        'What happens to released volumes.',
        (sc) => sc.reclaimPolicy ?? 'Delete',
      ),
      column<StorageClass>(
        'VolumeBindingMode',
        'When volumes are bound.',
        (sc) => sc.volumeBindingMode ?? 'Immediate',
      ),
      column<StorageClass>(
        'AllowVolumeExpansion',
        'Whether claims may grow.',
        (sc) => sc.allowVolumeExpansion ?? false,
      ),
      ageColumn<StorageClass>(),
    ],
  },
);
