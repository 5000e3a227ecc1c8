import { describe, expect, it } from 'vitest';
import { warningHeaderValue } from './response-writer.js';

describe('warningHeaderValue', () => {
  it('quotes the text as the apiserver does', () => {
    expect(warningHeaderValue('unknown field "spec.foo"')).toBe('299 - "unknown field \\"spec.foo\\""');
    expect(warningHeaderValue('a\\b')).toBe('299 - "a\\\\b"');
  });

  it('replaces control characters and sends other text as UTF-8 bytes', () => {
    expect(warningHeaderValue('line\nbreak')).toBe('299 - "line break"');
    const value = warningHeaderValue('größe');
    expect(Buffer.from(value, 'latin1').toString('utf8')).toBe('299 - "größe"');
  });
});
