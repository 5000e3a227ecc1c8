import { describe, expect, it } from 'vitest';
import { thrownError } from '../../../test/support/thrown-error.js';
import type { JsonObject } from '../../api/index.js';
import { GENERIC_UNPROCESSABLE_MESSAGE, PatchError } from './errors.js';
import { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';

const failure = (run: () => unknown) => thrownError(PatchError, run);

describe('applyJsonPatch: RFC 6902 appendix A', () => {
  it.each([
    [
      'A.1 add an object member',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { baz: 'qux', foo: 'bar' },
    ],
    [
      'A.2 add an array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    [
      'A.3 remove an object member',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'remove', path: '/baz' }],
      { foo: 'bar' },
    ],
    [
      'A.4 remove an array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'A.5 replace a value',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'A.6 move a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'A.7 move an array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'A.8 test a value (success)',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'A.10 add a nested member object',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'A.11 ignore unrecognized elements',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
      { foo: 'bar', baz: 'qux' },
    ],
    [
      'A.14 ~ escape ordering',
      { '/': 9, '~1': 10 },
      [{ op: 'test', path: '/~01', value: 10 }],
      { '/': 9, '~1': 10 },
    ],
    [
      'A.16 add an array value',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
    ['copy a value', { a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: 1 }, c: { b: 1 } }],
  ])('%s', (_name, doc, patch, expected) => {
    expect(applyJsonPatch(doc as JsonObject, patch)).toEqual(expected);
  });

  it('A.9 a failed test is a 422 with the generic message, and nothing is applied', () => {
    const doc = { baz: 'qux' };
    const error = failure(() =>
      applyJsonPatch(doc, [
        { op: 'add', path: '/added', value: 1 },
        { op: 'test', path: '/baz', value: 'bar' },
      ]),
    );
    expect(error.code).toBe(422);
    expect(error.reason).toBe('Invalid');
    expect(error.message).toBe(GENERIC_UNPROCESSABLE_MESSAGE);
    expect(error.detail).toBe('testing value /baz failed: test failed');
    expect(doc).toEqual({ baz: 'qux' });
  });

  it('A.12 adding to a nonexistent target fails', () => {
    const error = failure(() =>
      applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]),
    );
    expect(error.code).toBe(422);
    expect(error.detail).toBe('add operation does not apply: doc is missing path: "/baz/bat": missing value');
  });

  it('A.15 comparing strings and numbers fails the test', () => {
    const error = failure(() =>
      applyJsonPatch({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }]),
    );
    expect(error.detail).toBe('testing value /~01 failed: test failed');
  });
});

describe('applyJsonPatch: Kubernetes behaviour', () => {
  const cm = { metadata: { name: 'c', resourceVersion: '5', labels: { a: '1' } }, data: { k: 'v' } };

  it('guards an update with a test on resourceVersion', () => {
    const patched = applyJsonPatch(cm, [
      { op: 'test', path: '/metadata/resourceVersion', value: '5' },
      { op: 'replace', path: '/data/k', value: 'w' },
    ]);
    expect(patched.data).toEqual({ k: 'w' });
    expect(() =>
      applyJsonPatch(cm, [
        { op: 'test', path: '/metadata/resourceVersion', value: '4' },
        { op: 'replace', path: '/data/k', value: 'w' },
      ]),
    ).toThrow(PatchError);
  });

  it('replace of a missing member of an existing object adds it (evanphx/json-patch v4)', () => {
    expect(applyJsonPatch(cm, [{ op: 'replace', path: '/metadata/labels/b', value: '2' }]).metadata).toEqual({
      name: 'c',
      resourceVersion: '5',
      labels: { a: '1', b: '2' },
    });
  });

  it('removing a missing member is a 422 naming the key', () => {
    const error = failure(() => applyJsonPatch(cm, [{ op: 'remove', path: '/metadata/labels/zz' }]));
    expect(error.code).toBe(422);
    expect(error.detail).toBe(
      "error in remove for path: '/metadata/labels/zz': Unable to remove nonexistent key: zz: missing value",
    );
  });

  it('a test for null on a missing member succeeds', () => {
    expect(applyJsonPatch(cm, [{ op: 'test', path: '/metadata/annotations', value: null }])).toEqual(cm);
  });

  it('an unknown op is a 422', () => {
    expect(failure(() => applyJsonPatch(cm, [{ op: 'frob', path: '/a' }])).detail).toBe(
      'Unexpected kind: frob',
    );
  });

  it('an index past the end of an array is a 422', () => {
    const error = failure(() => applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/3', value: 2 }]));
    expect(error.code).toBe(422);
    expect(error.detail).toContain('Unable to access invalid index: 3');
  });

  it('a body that is not a list of operations is a 400', () => {
    const error = failure(() => applyJsonPatch(cm, { op: 'add' }));
    expect(error.code).toBe(400);
    expect(error.reason).toBe('BadRequest');
    expect(error.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    expect(failure(() => applyJsonPatch(cm, ['x'])).message).toBe(
      'json: cannot unmarshal string into Go value of type jsonpatch.Operation',
    );
  });

  it('more than 10 000 operations is a 413', () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({
      op: 'test',
      path: '/data/k',
      value: 'v',
    }));
    const error = failure(() => applyJsonPatch(cm, ops));
    expect(error.code).toBe(413);
    expect(error.reason).toBe('RequestEntityTooLarge');
    expect(error.message).toBe('The allowed maximum operations in a JSON patch is 10000, got 10001');
  });

  it('never modifies the document or the patch', () => {
    const doc = { a: { b: [1, 2] } };
    const patch = [
      { op: 'add', path: '/c', value: { d: 1 } },
      { op: 'add', path: '/c/e', value: 2 },
      { op: 'remove', path: '/a/b/0' },
    ];
    const before = structuredClone({ doc, patch });
    expect(applyJsonPatch(doc, patch)).toEqual({ a: { b: [2] }, c: { d: 1, e: 2 } });
    expect({ doc, patch }).toEqual(before);
  });
});
