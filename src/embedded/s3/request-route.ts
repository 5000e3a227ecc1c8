/**
 * Path-style addressing: `/` is the service, `/<bucket>` a bucket, `/<bucket>/<key>` an object (the key may contain
 * further slashes, even doubled). Query parameters are decoded without turning `+` into a space, matching how
 * SigV4 canonicalizes them.
 */
import { S3Error } from './s3-error.js';

/** The most bytes a key may have (S3's limit). */
export const MAX_KEY_BYTES = 1024;

/** What a request addresses. */
export interface S3Route {
  /** Undefined for service-level requests (ListBuckets). */
  readonly bucket?: string;
  /** Undefined for bucket-level requests. */
  readonly key?: string;
  /** Query parameters (first value of each), decoded. */
  readonly query: ReadonlyMap<string, string>;
  /** The path as sent, for error `Resource` elements. */
  readonly resource: string;
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch (error) {
    throw new S3Error(
      'InvalidArgument',
      `The ${what} is not valid percent-encoded UTF-8.`,
      {},
      { cause: error },
    );
  }
}

/** Parses the request target of a path-style request. */
export function parseRoute(url: string): S3Route {
  const question = url.indexOf('?');
  const path = question < 0 ? url : url.slice(0, question);
  if (!path.startsWith('/'))
    throw new S3Error('InvalidRequest', 'The request target must be an absolute path.');
  const query = new Map<string, string>();
  for (const pair of (question < 0 ? '' : url.slice(question + 1)).split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decode(equals < 0 ? pair : pair.slice(0, equals), 'query');
    if (!query.has(name)) query.set(name, equals < 0 ? '' : decode(pair.slice(equals + 1), 'query'));
  }
  const slash = path.indexOf('/', 1);
  const bucket = decode(slash < 0 ? path.slice(1) : path.slice(1, slash), 'bucket name');
  const key = slash < 0 ? '' : decode(path.slice(slash + 1), 'object key');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new S3Error('KeyTooLongError', undefined, { MaxSizeAllowed: MAX_KEY_BYTES });
  }
  return {
    ...(bucket === '' ? {} : { bucket }),
    ...(key === '' ? {} : { key }),
    query,
    resource: decode(path, 'path'),
  };
}
