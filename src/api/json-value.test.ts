import { describe, expect, it } from 'vitest';
import { deepCopy, jsonEqual } from './json-value.js';

describe('deepCopy', () => {
  it('copies nested objects and arrays without sharing them', () => {
    const original = { metadata: { name: 'a', labels: { x: 'y' } }, spec: { list: [{ n: 1 }, 'two', null] } };
    const copy = deepCopy(original);
    expect(copy).toEqual(original);
    copy.metadata.labels.x = 'changed';
    (copy.spec.list[0] as { n: number }).n = 2;
    expect(original.metadata.labels.x).toBe('y');
    expect(original.spec.list[0]).toEqual({ n: 1 });
  });

  it('drops undefined fields as JSON would', () => {
    expect(Object.keys(deepCopy({ a: 1, b: undefined }))).toEqual(['a']);
  });
});

describe('jsonEqual', () => {
  it('ignores key order and undefined fields', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1, d: undefined })).toBe(true);
  });

  it('sees differences in values, array order, types and missing keys', () => {
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: '1' }, { a: 1 })).toBe(false);
    expect(jsonEqual({ a: {} }, { a: [] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
});
