import { describe, expect, it } from 'vitest';
import { FieldSet, fieldElement, formatPath, keyElement, valueElement } from './field-set.js';

const f = fieldElement;

describe('FieldSet', () => {
  it('round-trips FieldsV1, with "." for members that have children', () => {
    const fieldsV1 = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
        'f:finalizers': { 'v:"a.io/x"': {} },
      },
    };
    const set = FieldSet.fromFieldsV1(fieldsV1);
    expect(set.toFieldsV1()).toEqual(fieldsV1);
    expect(set.has([f('metadata'), f('labels')])).toBe(true);
    expect(set.has([f('metadata')])).toBe(false);
    expect(set.has([f('spec'), f('containers'), keyElement({ name: 'nginx' })])).toBe(true);
  });

  it('normalises list-map keys so equal keys compare equal', () => {
    const set = FieldSet.fromFieldsV1({ 'f:ports': { 'k:{"protocol":"TCP","containerPort":80}': {} } });
    expect(set.has([f('ports'), keyElement({ containerPort: 80, protocol: 'TCP' })])).toBe(true);
  });

  it('rejects what is not FieldsV1', () => {
    expect(() => FieldSet.fromFieldsV1({ 'x:y': {} })).toThrow('invalid fieldsV1 path element');
    expect(() => FieldSet.fromFieldsV1([])).toThrow('fieldsV1 must be an object');
  });

  it('does set algebra on members', () => {
    const a = FieldSet.of([[f('a')], [f('b'), f('c')], [f('b'), f('d')]]);
    const b = FieldSet.of([[f('b'), f('c')], [f('e')]]);
    expect(a.union(b).paths().map(formatPath)).toEqual(['.a', '.b.c', '.b.d', '.e']);
    expect(a.difference(b).paths().map(formatPath)).toEqual(['.a', '.b.d']);
    expect(a.intersection(b).paths().map(formatPath)).toEqual(['.b.c']);
    expect(
      a
        .withoutPrefixes([[f('b')]])
        .paths()
        .map(formatPath),
    ).toEqual(['.a']);
    expect(a.difference(a).isEmpty()).toBe(true);
    expect(a.equals(FieldSet.of([[f('b'), f('d')], [f('a')], [f('b'), f('c')]]))).toBe(true);
  });

  it('prints paths as conflict messages do', () => {
    expect(formatPath([f('spec'), f('containers'), keyElement({ name: 'nginx' }), f('image')])).toBe(
      '.spec.containers[name="nginx"].image',
    );
    expect(formatPath([f('ports'), keyElement({ protocol: 'TCP', containerPort: 80 })])).toBe(
      '.ports[containerPort=80,protocol="TCP"]',
    );
    expect(formatPath([f('metadata'), f('finalizers'), valueElement('a.io/x')])).toBe(
      '.metadata.finalizers[="a.io/x"]',
    );
  });
});
