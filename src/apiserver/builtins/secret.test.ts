import { describe, expect, it } from 'vitest';
import { renderFieldError } from '../../api/index.js';
import { humanDuration } from '../wire/index.js';
import { type ConfigMap, configMapResource } from './config-map.js';
import { fieldSelectorValue } from './field-selectors.js';
import { type Secret, secretResource } from './secret.js';

const context = { now: new Date('2024-05-01T12:00:00Z'), humanDuration };

function secret(fields: Partial<Secret> = {}): Secret {
  const object: Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's3', namespace: 'ramen' },
    ...fields,
  };
  secretResource.defaults?.(object);
  return object;
}

describe('secrets', () => {
  it('defaults the type and merges stringData into data, stringData winning', () => {
    const object = secret({ data: { a: 'b2xk', b: 'Yg==' }, stringData: { a: 'new' } });
    expect(object).toMatchObject({ type: 'Opaque', data: { a: 'bmV3', b: 'Yg==' } });
    expect(object).not.toHaveProperty('stringData');
    expect(fieldSelectorValue(secretResource, object, 'type')).toBe('Opaque');
  });

  it('reports bad keys and the keys typed secrets require', () => {
    const object = secret({ type: 'kubernetes.io/tls', data: { 'bad key': 'eA==' } });
    expect(secretResource.validate?.(object).map(renderFieldError)).toEqual([
      "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
    ]);
  });

  it('makes invalid base64 a decode error', () => {
    expect(secretResource.decodeError?.(secret({ data: { key: 'not-base64!' } }))).toBe(
      'illegal base64 data at input byte 3',
    );
    expect(secretResource.decodeError?.(secret({ data: { key: 'dmFsdWU=' } }))).toBeUndefined();
  });

  it('keeps the type and, when immutable, the data', () => {
    const old = secret({ data: { a: 'YQ==' }, immutable: true });
    const changed = secret({ type: 'kubernetes.io/basic-auth', data: { username: 'dQ==' }, immutable: true });
    expect(secretResource.validateUpdate?.(changed, old).map(renderFieldError)).toEqual([
      'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });

  it('prints TYPE and DATA', () => {
    const object = secret({ data: { a: 'YQ==', b: 'Yg==' } });
    expect(secretResource.printerColumns.slice(1, 3).map((c) => c.cell(object, context))).toEqual([
      'Opaque',
      2,
    ]);
  });
});

describe('config maps', () => {
  const configMap = (fields: Partial<ConfigMap>): ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'ramen-config', namespace: 'ramen' },
    ...fields,
  });

  it('refuses a key present in both maps and data over 1 MiB', () => {
    const errors = configMapResource.validate?.(
      configMap({ data: { a: 'x'.repeat(1024 * 1024) }, binaryData: { a: 'eA==' } }),
    );
    expect(errors?.map(renderFieldError)).toEqual([
      'data[a]: Invalid value: "a": duplicate of key present in binaryData',
      'binaryData[a]: Invalid value: "a": duplicate of key present in data',
      ': Too long: may not be more than 1048576 bytes',
    ]);
  });

  it('freezes data once immutable and still allows metadata changes', () => {
    const old = configMap({ data: { a: '1' }, immutable: true });
    expect(configMapResource.validateUpdate?.(configMap({ data: { a: '1' }, immutable: true }), old)).toEqual(
      [],
    );
    expect(
      configMapResource.validateUpdate?.(configMap({ data: { a: '2' } }), old).map(renderFieldError),
    ).toEqual([
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });

  it('counts data and binaryData keys in the DATA column', () => {
    const object = configMap({ data: { a: '1', b: '2' }, binaryData: { c: 'eA==' } });
    expect(configMapResource.printerColumns[1]?.cell(object, context)).toBe(3);
  });
});
