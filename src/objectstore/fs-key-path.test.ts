import { describe, expect, it } from 'vitest';
import { decodeSegment, encodeSegment, keyToPathSegments, prefixDirectorySegments } from './fs-key-path.js';

describe('fs key paths', () => {
  it('keeps Ramen-style segments readable', () => {
    expect(keyToPathSegments('app-ns/app-vrg/v1.PersistentVolume/pv_1')).toEqual([
      'app-ns',
      'app-vrg',
      'v1.PersistentVolume',
      'pv_1.obj',
    ]);
  });

  it('escapes what a file name cannot hold or would confuse, and decodes it back exactly', () => {
    const cases: [string, string][] = [
      ['', '%'],
      ['.', '%2E'],
      ['..', '%2E.'],
      ['.hidden', '%2Ehidden'],
      ['a b', 'a%20b'],
      ['100%', '100%25'],
      ['x.obj', 'x%2Eobj'],
      ['ü', '%C3%BC'],
      ['~', '%7E'],
    ];
    for (const [segment, name] of cases) {
      expect(encodeSegment(segment)).toBe(name);
      expect(decodeSegment(name)).toBe(segment);
    }
  });

  it('rejects names the encoding never produces', () => {
    for (const name of ['.tmp', 'k%6B', 'a%2f', 'a b', '%FF', ''])
      expect(decodeSegment(name), name).toBeUndefined();
  });

  it('refuses keys with a segment longer than a file name allows', () => {
    expect(keyToPathSegments(`a/${'x'.repeat(251)}`)).toEqual(['a', `${'x'.repeat(251)}.obj`]);
    expect(keyToPathSegments(`a/${'x'.repeat(252)}`)).toBeUndefined();
    expect(keyToPathSegments(`${'ü'.repeat(50)}/b`)).toBeUndefined();
  });

  it('splits a prefix into complete directories and the partial last segment', () => {
    expect(prefixDirectorySegments('ns/vrg1/v1.Pers')).toEqual({
      dirs: ['ns', 'vrg1'],
      keyPrefix: 'ns/vrg1/',
      rest: 'v1.Pers',
    });
    expect(prefixDirectorySegments('')).toEqual({ dirs: [], keyPrefix: '', rest: '' });
  });
});
