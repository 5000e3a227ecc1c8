/** GET /bucket — ListObjectsV2 (`list-type=2`) and the original ListObjects, rendered as S3 renders them. */
import type { ObjectRecord } from './bucket-store.js';
import {
  decodeContinuationToken,
  encodeContinuationToken,
  type ListPage,
  type ListRequest,
  listPage,
} from './list-objects.js';
import { ownerElement } from './owner.js';
import type { BucketContext } from './request-context.js';
import { sendXml } from './responses.js';
import { S3Error } from './s3-error.js';
import { leaf, node, xmlDocument } from './xml.js';

/** The most entries one page holds, whatever max-keys asks for (S3's limit). */
export const MAX_KEYS_LIMIT = 1000;

/** Reads `max-keys`: a non-negative integer, at most 1000; 1000 when absent. */
function maxKeysOf(ctx: BucketContext): number {
  const raw = ctx.route.query.get('max-keys');
  if (raw === undefined) return MAX_KEYS_LIMIT;
  if (!/^\d+$/.test(raw)) {
    throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', {
      ArgumentName: 'max-keys',
      ArgumentValue: raw,
    });
  }
  return Math.min(Number(raw), MAX_KEYS_LIMIT);
}

/** Reads `encoding-type`: absent, or `url` to percent-encode names in the response. */
function encoderOf(ctx: BucketContext): (text: string) => string {
  const type = ctx.route.query.get('encoding-type');
  if (type === undefined) return (text) => text;
  if (type !== 'url') {
    throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', {
      ArgumentName: 'encoding-type',
      ArgumentValue: type,
    });
  }
  return (text) => encodeURIComponent(text).replaceAll('%2F', '/');
}

function contentsElement(record: ObjectRecord, encode: (text: string) => string, owner?: string): string {
  return node('Contents', [
    leaf('Key', encode(record.key)),
    leaf('LastModified', record.lastModified),
    leaf('ETag', `"${record.etag}"`),
    leaf('Size', record.size),
    owner,
    leaf('StorageClass', 'STANDARD'),
  ]);
}

function pageElements(
  page: ListPage<ObjectRecord>,
  encode: (text: string) => string,
  owner: string | undefined,
): string[] {
  return [
    ...page.contents.map(([, record]) => contentsElement(record, encode, owner)),
    ...page.commonPrefixes.map((prefix) => node('CommonPrefixes', [leaf('Prefix', encode(prefix))])),
  ];
}

/** The listing parameters both versions share. */
function baseRequest(ctx: BucketContext): Pick<ListRequest, 'prefix' | 'maxKeys'> & { delimiter?: string } {
  const delimiter = ctx.route.query.get('delimiter');
  return {
    prefix: ctx.route.query.get('prefix') ?? '',
    maxKeys: maxKeysOf(ctx),
    ...(delimiter ? { delimiter } : {}),
  };
}

/** GET /bucket?list-type=2 */
export function listObjectsV2(ctx: BucketContext): void {
  const bucket = ctx.store.requireBucket(ctx.route.bucket);
  const encode = encoderOf(ctx);
  const base = baseRequest(ctx);
  const token = ctx.route.query.get('continuation-token');
  const startAfter = ctx.route.query.get('start-after');
  const position = token === undefined ? undefined : decodeContinuationToken(token);
  const after = position?.value ?? (startAfter || undefined);
  const page = listPage(bucket.objects, {
    ...base,
    ...(after === undefined ? {} : { after }),
    ...(position?.isCommonPrefix ? { skipPrefix: position.value } : {}),
  });
  const owner =
    ctx.route.query.get('fetch-owner') === 'true' ? ownerElement(ctx.verified.accessKeyId) : undefined;
  const query = ctx.route.query;
  sendXml(
    ctx.req,
    ctx.res,
    xmlDocument('ListBucketResult', [
      leaf('Name', bucket.name),
      leaf('Prefix', encode(base.prefix)),
      base.delimiter === undefined ? undefined : leaf('Delimiter', encode(base.delimiter)),
      leaf('MaxKeys', base.maxKeys),
      query.has('encoding-type') ? leaf('EncodingType', 'url') : undefined,
      leaf('KeyCount', page.contents.length + page.commonPrefixes.length),
      leaf('IsTruncated', page.isTruncated),
      token === undefined ? undefined : leaf('ContinuationToken', token),
      page.next ? leaf('NextContinuationToken', encodeContinuationToken(page.next)) : undefined,
      startAfter === undefined ? undefined : leaf('StartAfter', encode(startAfter)),
      ...pageElements(page, encode, owner),
    ]),
  );
}

/** GET /bucket — the original ListObjects (marker based; owners always included). */
export function listObjectsV1(ctx: BucketContext): void {
  const bucket = ctx.store.requireBucket(ctx.route.bucket);
  const encode = encoderOf(ctx);
  const base = baseRequest(ctx);
  const marker = ctx.route.query.get('marker') ?? '';
  // A marker that is a common prefix (the previous page ended on it) skips every key rolled up into it.
  const markerIsPrefix =
    base.delimiter !== undefined &&
    marker.startsWith(base.prefix) &&
    marker.indexOf(base.delimiter, base.prefix.length) === marker.length - base.delimiter.length;
  const page = listPage(bucket.objects, {
    ...base,
    ...(marker ? { after: marker } : {}),
    ...(marker && markerIsPrefix ? { skipPrefix: marker } : {}),
  });
  sendXml(
    ctx.req,
    ctx.res,
    xmlDocument('ListBucketResult', [
      leaf('Name', bucket.name),
      leaf('Prefix', encode(base.prefix)),
      leaf('Marker', encode(marker)),
      page.next ? leaf('NextMarker', encode(page.next.value)) : undefined,
      base.delimiter === undefined ? undefined : leaf('Delimiter', encode(base.delimiter)),
      leaf('MaxKeys', base.maxKeys),
      ctx.route.query.has('encoding-type') ? leaf('EncodingType', 'url') : undefined,
      leaf('IsTruncated', page.isTruncated),
      ...pageElements(page, encode, ownerElement(ctx.verified.accessKeyId)),
    ]),
  );
}
