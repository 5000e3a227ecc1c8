/**
 * One page of a bucket listing with S3's semantics: keys under a prefix in UTF-8 order, keys sharing the part up to
 * the next delimiter rolled up into one common prefix, at most `maxKeys` entries (keys plus prefixes), and a
 * position to continue from. ListObjects (marker) and ListObjectsV2 (continuation-token, start-after) both use it.
 */
import type { KeyIndex } from './key-index.js';
import { S3Error } from './s3-error.js';

/** Where a page starts and what it covers. */
export interface ListRequest {
  readonly prefix: string;
  readonly delimiter?: string;
  readonly maxKeys: number;
  /** List only keys strictly after this one. */
  readonly after?: string;
  /** Skip keys under this common prefix (the page before ended on it). */
  readonly skipPrefix?: string;
}

/** The last entry of a page: where the next page continues. */
export interface ListPosition {
  readonly value: string;
  readonly isCommonPrefix: boolean;
}

/** One page of results. */
export interface ListPage<T> {
  readonly contents: readonly (readonly [string, T])[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  /** The last entry returned, set when the page is truncated. */
  readonly next?: ListPosition;
}

/** Lists one page from `index`. */
export function listPage<T>(index: KeyIndex<T>, request: ListRequest): ListPage<T> {
  const { prefix, delimiter, maxKeys } = request;
  const contents: [string, T][] = [];
  const commonPrefixes: string[] = [];
  let skipPrefix = request.skipPrefix;
  let last: ListPosition | undefined;
  const bounds = { atLeast: prefix, ...(request.after === undefined ? {} : { after: request.after }) };
  for (const [key, value] of index.entries(bounds)) {
    if (!key.startsWith(prefix)) break;
    if (skipPrefix !== undefined && key.startsWith(skipPrefix)) continue;
    const rolledUp = delimiter ? commonPrefixOf(key, prefix, delimiter) : undefined;
    if (contents.length + commonPrefixes.length >= maxKeys) {
      return {
        contents,
        commonPrefixes,
        isTruncated: maxKeys > 0,
        ...(last && maxKeys > 0 ? { next: last } : {}),
      };
    }
    if (rolledUp !== undefined) {
      commonPrefixes.push(rolledUp);
      skipPrefix = rolledUp;
      last = { value: rolledUp, isCommonPrefix: true };
    } else {
      contents.push([key, value]);
      last = { value: key, isCommonPrefix: false };
    }
  }
  return { contents, commonPrefixes, isTruncated: false };
}

/** The common prefix `key` rolls up into: up to and including the first delimiter after `prefix`. */
function commonPrefixOf(key: string, prefix: string, delimiter: string): string | undefined {
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}

/** The opaque ListObjectsV2 continuation token for a position. */
export function encodeContinuationToken(position: ListPosition): string {
  return Buffer.from(JSON.stringify({ v: position.value, p: position.isCommonPrefix }), 'utf8').toString(
    'base64url',
  );
}

/** Reads a continuation token back; a token this server did not issue is `InvalidArgument`. */
export function decodeContinuationToken(token: string): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (error) {
    throw invalidToken(error);
  }
  if (parsed && typeof parsed === 'object' && 'v' in parsed && typeof parsed.v === 'string') {
    return { value: parsed.v, isCommonPrefix: 'p' in parsed && parsed.p === true };
  }
  throw invalidToken();
}

function invalidToken(cause?: unknown): S3Error {
  return new S3Error(
    'InvalidArgument',
    'The continuation token provided is incorrect',
    { ArgumentName: 'continuation-token' },
    { cause },
  );
}
