import { describe, expect, it } from 'vitest';
import { base64Error, byteMapError, firstMicroTimeError, microTimeError } from './wire-format.js';

describe('base64Error (Go StdEncoding offsets)', () => {
  it('accepts padded base64 with line breaks', () => {
    expect(base64Error('aGVsbG8=')).toBeUndefined();
    expect(base64Error('aGVs\nbG8=')).toBeUndefined();
    expect(base64Error('')).toBeUndefined();
  });

  it('reports the offset Go reports', () => {
    expect(base64Error('aGVsbG8')).toBe('illegal base64 data at input byte 4');
    expect(base64Error('YWJj!')).toBe('illegal base64 data at input byte 4');
    expect(base64Error('YQ=')).toBe('illegal base64 data at input byte 3');
    expect(base64Error('Y===')).toBe('illegal base64 data at input byte 1');
    expect(base64Error('YQ==YQ==')).toBe('illegal base64 data at input byte 4');
  });

  it('finds the first bad value of a byte map', () => {
    expect(byteMapError({ a: 'YQ==', b: 'not base64!' })).toBe('illegal base64 data at input byte 3');
    expect(byteMapError(undefined)).toBeUndefined();
  });
});

describe('microTimeError (RFC3339Micro)', () => {
  it('accepts exactly six fractional digits with any offset', () => {
    expect(microTimeError('2024-01-02T03:04:05.123456Z')).toBeUndefined();
    expect(microTimeError('2024-01-02T03:04:05.123456+02:00')).toBeUndefined();
  });

  it('rejects the three digits of Date.toISOString like Go does', () => {
    expect(microTimeError('2024-01-02T03:04:05.123Z')).toBe(
      'parsing time "2024-01-02T03:04:05.123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000"',
    );
    expect(microTimeError('2024-01-02T03:04:05Z')).toBe(
      'parsing time "2024-01-02T03:04:05Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    );
  });

  it('reports ranges and trailing text', () => {
    expect(microTimeError('2024-13-02T03:04:05.000000Z')).toBe(
      'parsing time "2024-13-02T03:04:05.000000Z": month out of range',
    );
    expect(microTimeError('2023-02-29T03:04:05.000000Z')).toBe(
      'parsing time "2023-02-29T03:04:05.000000Z": day out of range',
    );
    expect(microTimeError('2024-01-02T03:04:05.000000Zx')).toBe(
      'parsing time "2024-01-02T03:04:05.000000Zx": extra text: "x"',
    );
  });

  it('ignores absent and null times', () => {
    expect(firstMicroTimeError(undefined, null, '2024-01-02T03:04:05.000001Z')).toBeUndefined();
  });
});
