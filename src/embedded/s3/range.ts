/**
 * The `Range` header of GetObject/HeadObject, with S3's rules: one `bytes=` range (first-last, first-, or -suffix),
 * clamped to the object; a range that starts past the end is `InvalidRange` (416); a header S3 cannot parse (other
 * units, several ranges, garbage) is ignored and the whole object is returned.
 */
import { S3Error } from './s3-error.js';

/** An inclusive byte range within an object. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** The range to serve for `header` on an object of `size` bytes; undefined means the whole object. */
export function resolveRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw unsatisfiable(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) throw unsatisfiable(header, size);
  return { start, end };
}

function unsatisfiable(header: string, size: number): S3Error {
  return new S3Error('InvalidRange', undefined, { RangeRequested: header, ActualObjectSize: size });
}

/** The `Content-Range` header value for a served range. */
export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}
