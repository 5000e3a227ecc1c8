/**
 * ConfigMap (core/v1): key syntax, no key in both `data` and `binaryData`, the 1 MiB total, `immutable: true`, valid
 * base64 in `binaryData` (a decode error, 400), and the DATA column (count of keys).
 */
import { Type } from '@sinclair/typebox';
import {
  defineKind,
  type FieldError,
  forbiddenError,
  invalidError,
  jsonEqual,
  type KindObject,
  MapOf,
  StringMap,
  tooLongError,
} from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { defineBuiltin } from './define-builtin.js';
import { isConfigMapKey } from './names.js';
import { ageColumn, column, nameColumn } from './printer-helpers.js';
import { byteMapError } from './wire-format.js';

/** The most data a ConfigMap or Secret may hold (`core.MaxSecretSize`). */
export const MAX_DATA_SIZE = 1024 * 1024;

/** The ConfigMap kind's schema. */
export const ConfigMapKind = defineKind({
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  scope: 'Namespaced',
  shortNames: ['cm'],
  description: 'Non-confidential configuration as key/value pairs.',
  properties: {
    binaryData: Type.Optional(
      MapOf(Type.String({ format: 'byte' }), { description: 'Binary values, base64-encoded on the wire.' }),
    ),
    data: Type.Optional(StringMap({ description: 'UTF-8 values.' })),
    immutable: Type.Optional(Type.Boolean({ description: 'When true, data can no longer change.' })),
  },
});

/** A ConfigMap object. */
export type ConfigMap = KindObject<typeof ConfigMapKind>;

/** Bytes a base64 value decodes to. */
export function decodedLength(base64: string): number {
  return Buffer.from(base64, 'base64').length;
}

/** `IsConfigMapKey` errors of the keys of one map (`data[bad key]: Invalid value: …`). */
export function keyErrors(field: string, map: Readonly<Record<string, unknown>> | undefined): FieldError[] {
  return Object.keys(map ?? {}).flatMap((key) =>
    isConfigMapKey(key).map((message) => invalidError(`${field}[${key}]`, key, message)),
  );
}

/** `ValidateConfigMap` without the ObjectMeta part. */
export function configMapErrors(configMap: ConfigMap): FieldError[] {
  const data = configMap.data ?? {};
  const binary = configMap.binaryData ?? {};
  const errors: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    errors.push(...keyErrors('data', { [key]: value }));
    if (Object.hasOwn(binary, key)) {
      errors.push(invalidError(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    }
    size += Buffer.byteLength(value);
  }
  for (const [key, value] of Object.entries(binary)) {
    errors.push(...keyErrors('binaryData', { [key]: value }));
    if (Object.hasOwn(data, key)) {
      errors.push(invalidError(`binaryData[${key}]`, key, 'duplicate of key present in data'));
    }
    size += decodedLength(value);
  }
  if (size > MAX_DATA_SIZE) errors.push(tooLongError('', MAX_DATA_SIZE));
  return errors;
}

/** The `immutable: true` rule shared with Secret: the flag stays and the listed fields do not change. */
export function immutableDataErrors<T extends { immutable?: boolean }>(
  object: T,
  old: T,
  fields: readonly (keyof T & string)[],
): FieldError[] {
  if (old.immutable !== true) return [];
  const errors: FieldError[] = [];
  const message = 'field is immutable when `immutable` is set';
  if (object.immutable !== true) errors.push(forbiddenError('immutable', message));
  for (const field of fields) {
    if (!jsonEqual(object[field] ?? null, old[field] ?? null)) errors.push(forbiddenError(field, message));
  }
  return errors;
}

/** The ConfigMap built-in. */
export const configMapResource: BuiltinResource<ConfigMap> = defineBuiltin<ConfigMap>(ConfigMapKind, {
  nameRule: 'dns1123-subdomain',
  validate: configMapErrors,
  validateUpdate: (configMap, old) => [
    ...immutableDataErrors(configMap, old, ['data', 'binaryData']),
    ...configMapErrors(configMap),
  ],
  decodeError: (configMap) => byteMapError(configMap.binaryData),
  printerColumns: [
    nameColumn<ConfigMap>(),
    column<ConfigMap>(
      'Data',
      'Number of keys in data and binaryData.',
      (cm) => Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
    ),
    ageColumn<ConfigMap>(),
  ],
});
