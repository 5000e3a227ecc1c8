/**
 * Secret (core/v1): `type` defaults to Opaque and is immutable, write-only `stringData` is merged into `data` at
 * decode (base64, `stringData` wins), keys and the 1 MiB total are checked, the typed secrets need their keys,
 * `immutable: true` freezes `data`, invalid base64 is a 400, and `type` is a field selector.
 */
import { Type } from '@sinclair/typebox';
import {
  defineKind,
  type FieldError,
  invalidError,
  isJsonObject,
  type KindObject,
  MapOf,
  requiredError,
  StringMap,
  tooLongError,
} from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { decodedLength, immutableDataErrors, keyErrors, MAX_DATA_SIZE } from './config-map.js';
import { defineBuiltin } from './define-builtin.js';
import { ageColumn, column, nameColumn } from './printer-helpers.js';
import { byteMapError } from './wire-format.js';
import { immutableErrors } from './workload-validation.js';

/** The Secret kind's schema. */
export const SecretKind = defineKind({
  group: '',
  version: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  scope: 'Namespaced',
  description: 'Confidential data as key/value pairs.',
  properties: {
    data: Type.Optional(
      MapOf(Type.String({ format: 'byte' }), { description: 'Values, base64-encoded on the wire.' }),
    ),
    immutable: Type.Optional(Type.Boolean({ description: 'When true, data can no longer change.' })),
    stringData: Type.Optional(StringMap({ description: 'Write-only plain-text values merged into data.' })),
    type: Type.Optional(Type.String({ description: 'How the data is used (Opaque by default).' })),
  },
});

/** A Secret object. */
export type Secret = KindObject<typeof SecretKind>;

/** Secret defaulting and the v1 conversion: `type` Opaque, `stringData` merged into `data` and dropped. */
export function defaultSecret(secret: Secret): void {
  secret.type ||= 'Opaque';
  if (secret.stringData === undefined) return;
  const data = { ...(secret.data ?? {}) };
  for (const [key, value] of Object.entries(secret.stringData))
    data[key] = Buffer.from(value, 'utf8').toString('base64');
  secret.data = data;
  delete secret.stringData;
}

const has = (data: Readonly<Record<string, string>>, key: string) => Object.hasOwn(data, key);

/** `ValidateSecret`'s type-specific rule that a JSON key exists and holds a JSON object. */
function jsonKeyErrors(data: Readonly<Record<string, string>>, key: string): FieldError[] {
  const value = data[key];
  if (value === undefined) return [requiredError(`data[${key}]`)];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    if (isJsonObject(parsed)) return [];
    return [
      invalidError(
        `data[${key}]`,
        '<secret contents redacted>',
        'json: cannot unmarshal into Go value of type map[string]interface {}',
      ),
    ];
  } catch (cause) {
    return [invalidError(`data[${key}]`, '<secret contents redacted>', (cause as Error).message)];
  }
}

/** The keys each well-known secret type requires. */
function typeErrors(secret: Secret): FieldError[] {
  const data = secret.data ?? {};
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      return secret.metadata.annotations?.['kubernetes.io/service-account.name']
        ? []
        : [requiredError('metadata.annotations[kubernetes.io/service-account.name]')];
    case 'kubernetes.io/dockercfg':
      return jsonKeyErrors(data, '.dockercfg');
    case 'kubernetes.io/dockerconfigjson':
      return jsonKeyErrors(data, '.dockerconfigjson');
    case 'kubernetes.io/basic-auth':
      return has(data, 'username') || has(data, 'password')
        ? []
        : [requiredError('data[username]'), requiredError('data[password]')];
    case 'kubernetes.io/ssh-auth':
      return data['ssh-privatekey'] ? [] : [requiredError('data[ssh-privatekey]')];
    case 'kubernetes.io/tls':
      return [
        ...(has(data, 'tls.crt') ? [] : [requiredError('data[tls.crt]')]),
        ...(has(data, 'tls.key') ? [] : [requiredError('data[tls.key]')]),
      ];
    default:
      return [];
  }
}

/** `ValidateSecret` without the ObjectMeta part. */
export function secretErrors(secret: Secret): FieldError[] {
  const data = secret.data ?? {};
  const errors = keyErrors('data', data);
  const size = Object.values(data).reduce((total, value) => total + decodedLength(value), 0);
  if (size > MAX_DATA_SIZE) errors.push(tooLongError('data', MAX_DATA_SIZE));
  errors.push(...typeErrors(secret));
  return errors;
}

/** The Secret built-in. */
export const secretResource: BuiltinResource<Secret> = defineBuiltin<Secret>(SecretKind, {
  nameRule: 'dns1123-subdomain',
  defaults: defaultSecret,
  validate: secretErrors,
  validateUpdate: (secret, old) => [
    ...immutableErrors('type', secret.type, old.type),
    ...immutableDataErrors(secret, old, ['data']),
    ...secretErrors(secret),
  ],
  decodeError: (secret) => byteMapError(secret.data),
  printerColumns: [
    nameColumn<Secret>(),
    column<Secret>('Type', 'How the data is used.', (secret) => secret.type ?? ''),
    column<Secret>('Data', 'Number of keys in data.', (secret) => Object.keys(secret.data ?? {}).length),
    ageColumn<Secret>(),
  ],
  fieldSelectors: [{ label: 'type', value: (secret) => secret.type ?? '' }],
});
