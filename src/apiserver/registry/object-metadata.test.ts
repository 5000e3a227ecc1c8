import { describe, expect, it } from 'vitest';
import { renderFieldError } from '../../api/index.js';
import {
  generateName,
  presentObject,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './object-metadata.js';

const rules = { nameRule: 'dns1123-subdomain' as const, namespaced: true };

describe('object metadata', () => {
  it('generates names that fit a DNS label after cutting the prefix', () => {
    const name = generateName(`${'x'.repeat(70)}-`);
    expect(name).toHaveLength(63);
    expect(name.slice(0, 58)).toBe('x'.repeat(58));
  });

  it('validates owner references, finalizers and annotations', () => {
    const errors = validateObjectMeta(
      {
        name: 'a',
        namespace: 'default',
        ownerReferences: [{ apiVersion: '', kind: 'ConfigMap', name: 'o', uid: '' }],
        finalizers: ['orphan', 'foregroundDeletion', 'plain'],
        annotations: { 'bad key!': 'v' },
      },
      rules,
    ).map(renderFieldError);
    expect(errors).toContain(
      'metadata.ownerReferences[0].apiVersion: Invalid value: "": version must not be empty',
    );
    expect(errors).toContain('metadata.ownerReferences[0].uid: Invalid value: "": must not be empty');
    expect(errors).toContain(
      'metadata.finalizers[2]: Invalid value: "plain": name is neither a standard finalizer name nor is it fully qualified',
    );
    expect(errors).toContain(
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion", "plain"}: finalizer orphan and foregroundDeletion cannot be both set',
    );
    expect(errors.some((error) => error.startsWith('metadata.annotations: Invalid value: "bad key!"'))).toBe(
      true,
    );
  });

  it('forbids new finalizers on an object being deleted', () => {
    const old = { name: 'a', deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['a.io/x'] };
    expect(validateObjectMetaUpdate({ ...old, finalizers: ['a.io/x'] }, old)).toEqual([]);
    expect(validateObjectMetaUpdate({ ...old, finalizers: [] }, old)).toEqual([]);
    expect(
      validateObjectMetaUpdate({ ...old, finalizers: ['a.io/x', 'b.io/y'] }, old).map(renderFieldError),
    ).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
    ]);
  });

  it('presents objects with apiVersion, kind and ObjectMeta field order first', () => {
    const object = presentObject('v1', 'ConfigMap', {
      data: { k: 'v' },
      metadata: { resourceVersion: '3', labels: { a: 'b' }, name: 'x', uid: 'u' },
    });
    expect(Object.keys(object)).toEqual(['apiVersion', 'kind', 'metadata', 'data']);
    expect(Object.keys(object.metadata)).toEqual(['name', 'uid', 'resourceVersion', 'labels']);
  });
});
