import { describe, expect, it } from 'vitest';
import { compareUtf8, KeyIndex } from './key-index.js';
import {
  decodeContinuationToken,
  encodeContinuationToken,
  type ListRequest,
  listPage,
} from './list-objects.js';
import { S3Error } from './s3-error.js';

function indexOf(keys: readonly string[]): KeyIndex<number> {
  const index = new KeyIndex<number>();
  keys.forEach((key, at) => {
    index.set(key, at);
  });
  return index;
}

/** Every entry of a listing, following continuation positions page by page. */
function listAll(index: KeyIndex<number>, request: Omit<ListRequest, 'after' | 'skipPrefix'>): string[][] {
  const pages: string[][] = [];
  let after: string | undefined;
  let skipPrefix: string | undefined;
  for (;;) {
    const page = listPage(index, {
      ...request,
      ...(after === undefined ? {} : { after }),
      ...(skipPrefix === undefined ? {} : { skipPrefix }),
    });
    pages.push([...page.commonPrefixes.map((prefix) => `${prefix}*`), ...page.contents.map(([key]) => key)]);
    if (!page.isTruncated) return pages;
    const next = decodeContinuationToken(encodeContinuationToken(page.next!));
    after = next.value;
    skipPrefix = next.isCommonPrefix ? next.value : undefined;
  }
}

describe('listPage', () => {
  const index = indexOf(['a/1', 'a/2', 'a/3', 'b', 'c/1', 'c/d/2', 'ca', 'd']);

  it('lists everything under a prefix in order, page by page', () => {
    expect(listAll(index, { prefix: '', maxKeys: 3 })).toEqual([
      ['a/1', 'a/2', 'a/3'],
      ['b', 'c/1', 'c/d/2'],
      ['ca', 'd'],
    ]);
    expect(listAll(index, { prefix: 'c', maxKeys: 1000 })).toEqual([['c/1', 'c/d/2', 'ca']]);
    expect(listAll(index, { prefix: 'zzz', maxKeys: 1000 })).toEqual([[]]);
  });

  it('rolls up keys by delimiter and never repeats a common prefix across pages', () => {
    expect(listAll(index, { prefix: '', delimiter: '/', maxKeys: 1 })).toEqual([
      ['a/*'],
      ['b'],
      ['c/*'],
      ['ca'],
      ['d'],
    ]);
    expect(listAll(index, { prefix: 'c/', delimiter: '/', maxKeys: 1000 })).toEqual([['c/d/*', 'c/1']]);
  });

  it('starts after a key and treats max-keys 0 as an empty, complete page', () => {
    expect(listPage(index, { prefix: '', maxKeys: 2, after: 'b' }).contents.map(([key]) => key)).toEqual([
      'c/1',
      'c/d/2',
    ]);
    expect(listPage(index, { prefix: '', maxKeys: 0 })).toEqual({
      contents: [],
      commonPrefixes: [],
      isTruncated: false,
    });
  });

  it('refuses continuation tokens it did not issue', () => {
    expect(() => decodeContinuationToken('not-a-token')).toThrow(S3Error);
  });
});

describe('KeyIndex', () => {
  it('orders keys by UTF-8 bytes, as S3 does, even where UTF-16 order differs', () => {
    const keys = ['\u{1F600}', '\uFF21', 'a', 'B', 'é'];
    const index = indexOf(keys);
    const ordered = [...index.entries()].map(([key]) => key);
    expect(ordered).toEqual([...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
    expect(compareUtf8('\uFF21', '\u{1F600}')).toBeLessThan(0);
  });

  it('replaces and deletes values while keeping the order', () => {
    const index = indexOf(['b', 'a', 'c']);
    expect(index.set('b', 9)).toBe(0);
    expect(index.delete('a')).toBe(1);
    expect(index.delete('a')).toBeUndefined();
    expect([...index.entries()]).toEqual([
      ['b', 9],
      ['c', 2],
    ]);
    expect(index.size).toBe(2);
  });
});
