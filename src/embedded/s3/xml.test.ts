import { describe, expect, it } from 'vitest';
import { parseDeleteRequest } from './delete-objects-document.js';
import { resolveRange } from './range.js';
import { S3Error } from './s3-error.js';
import { escapeXml, parseXml, XmlSyntaxError } from './xml.js';

describe('XML', () => {
  it('escapes markup and control characters, and parses them back', () => {
    const text = `a&b<c>"d'e\u0001\r`;
    const escaped = escapeXml(text);
    expect(escaped).toBe('a&amp;b&lt;c&gt;&quot;d&apos;e&#x1;&#xD;');
    expect(parseXml(`<K>${escaped}</K>`).text).toBe(text);
  });

  it('reads prefixed names, CDATA, comments and the declaration', () => {
    const root = parseXml(
      '<?xml version="1.0"?><!-- c --><s3:Delete xmlns:s3="x"><s3:Object><Key><![CDATA[a<b]]></Key></s3:Object></s3:Delete>',
    );
    expect(root.name).toBe('Delete');
    expect(root.children[0]?.children[0]?.text).toBe('a<b');
  });

  it('refuses documents that are not well-formed', () => {
    for (const bad of ['<a>', '<a></b>', 'text', '<a>x</a><b/>', '<a>&bogus;</a>', '<!DOCTYPE a><a/>']) {
      expect(() => parseXml(bad), bad).toThrow(XmlSyntaxError);
    }
  });
});

describe('parseDeleteRequest', () => {
  it('reads keys and Quiet', () => {
    const request = parseDeleteRequest(
      '<Delete><Object><Key>a&amp;b</Key></Object><Object><Key>c</Key><VersionId>1</VersionId></Object><Quiet>true</Quiet></Delete>',
    );
    expect(request).toEqual({ keys: ['a&b', 'c'], quiet: true });
  });

  it('refuses malformed, empty and oversized requests with MalformedXML', () => {
    const many = `<Delete>${'<Object><Key>k</Key></Object>'.repeat(1001)}</Delete>`;
    for (const bad of [
      '<Delete>',
      '<Delete></Delete>',
      '<Remove><Object><Key>a</Key></Object></Remove>',
      many,
    ]) {
      expect(() => parseDeleteRequest(bad)).toThrow(expect.objectContaining({ code: 'MalformedXML' }));
    }
  });
});

describe('resolveRange', () => {
  it('clamps, handles suffixes, and ignores what S3 ignores', () => {
    expect(resolveRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(resolveRange('bytes=-20', 10)).toEqual({ start: 0, end: 9 });
    expect(resolveRange('bytes=0-1,3-4', 10)).toBeUndefined();
    expect(resolveRange('items=0-1', 10)).toBeUndefined();
    expect(resolveRange(undefined, 10)).toBeUndefined();
  });

  it('refuses ranges that start past the end, and any range of an empty object', () => {
    expect(() => resolveRange('bytes=10-', 10)).toThrow(S3Error);
    expect(() => resolveRange('bytes=-1', 0)).toThrow(S3Error);
    expect(() => resolveRange('bytes=-0', 10)).toThrow(S3Error);
  });
});
