import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../api/index.js';
import { PatchError } from './errors.js';
import { applyMergePatch, applyMergePatchToObject } from './merge-patch.js';

describe('applyMergePatch: RFC 7386 appendix A', () => {
  it.each<[JsonValue, JsonValue, JsonValue]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('modifies neither argument', () => {
    const target = { a: { b: 1 }, c: [1] };
    const patch = { a: { d: 2 }, c: null };
    const result = applyMergePatch(target, patch);
    expect(result).toEqual({ a: { b: 1, d: 2 } });
    expect(target).toEqual({ a: { b: 1 }, c: [1] });
    expect(patch).toEqual({ a: { d: 2 }, c: null });
  });
});

describe('applyMergePatchToObject', () => {
  it('is what `kubectl label w1 env-` sends', () => {
    const obj = { metadata: { name: 'w1', labels: { env: 'x', app: 'y' } } };
    expect(applyMergePatchToObject(obj, { metadata: { labels: { env: null } } })).toEqual({
      metadata: { name: 'w1', labels: { app: 'y' } },
    });
  });

  it('rejects a body that is not an object with 400 Invalid JSON Patch', () => {
    for (const body of [null, [1], 'x']) {
      const error = (() => {
        try {
          applyMergePatchToObject({}, body);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(PatchError);
      expect((error as PatchError).code).toBe(400);
      expect((error as PatchError).message).toBe('Invalid JSON Patch');
    }
  });
});
