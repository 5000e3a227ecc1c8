/** The single-object reads and deletes: GetObject (with Range and conditions), HeadObject, DeleteObject. */
import type { OutgoingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { ObjectRecord } from './bucket-store.js';
import { contentRange, resolveRange } from './range.js';
import type { ObjectContext } from './request-context.js';
import { send } from './responses.js';
import { S3Error } from './s3-error.js';

/** Response headers a GetObject request may override with `response-<header>` query parameters. */
const OVERRIDABLE = [
  'content-type',
  'content-language',
  'expires',
  'cache-control',
  'content-disposition',
  'content-encoding',
] as const;

/** The headers describing a stored object. */
function objectHeaders(ctx: ObjectContext, record: ObjectRecord): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'content-type': 'binary/octet-stream',
    ...record.headers,
    etag: `"${record.etag}"`,
    'last-modified': new Date(record.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
  };
  for (const name of OVERRIDABLE) {
    const override = ctx.route.query.get(`response-${name}`);
    if (override !== undefined) headers[name] = override;
  }
  return headers;
}

function matchesEtag(condition: string, etag: string): boolean {
  return condition
    .split(',')
    .map((part) => part.trim().replace(/^W\//, '').replace(/^"|"$/g, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/** The HTTP date in `header` in whole seconds, or undefined when absent or unparsable. */
function dateHeader(ctx: ObjectContext, header: string): number | undefined {
  const value = ctx.req.headers[header];
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

/** Applies If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since; true when 304 was sent. */
function answeredByConditions(ctx: ObjectContext, record: ObjectRecord): boolean {
  const modified = Math.floor(Date.parse(record.lastModified) / 1000);
  const ifMatch = ctx.req.headers['if-match'];
  const unmodifiedSince = dateHeader(ctx, 'if-unmodified-since');
  if (
    ifMatch !== undefined
      ? !matchesEtag(ifMatch, record.etag)
      : unmodifiedSince !== undefined && modified > unmodifiedSince
  ) {
    throw new S3Error('PreconditionFailed', undefined, {
      Condition: ifMatch !== undefined ? 'If-Match' : 'If-Unmodified-Since',
    });
  }
  const ifNoneMatch = ctx.req.headers['if-none-match'];
  const modifiedSince = dateHeader(ctx, 'if-modified-since');
  const notModified =
    ifNoneMatch !== undefined
      ? matchesEtag(ifNoneMatch, record.etag)
      : modifiedSince !== undefined && modified <= modifiedSince;
  if (!notModified) return false;
  send(ctx.req, ctx.res, 304, {
    etag: `"${record.etag}"`,
    'last-modified': new Date(record.lastModified).toUTCString(),
  });
  return true;
}

/** GET or HEAD /bucket/key. */
export async function getObject(ctx: ObjectContext): Promise<void> {
  const opened = await ctx.store.openObject(ctx.route.bucket, ctx.route.key);
  if (!opened) throw new S3Error('NoSuchKey', undefined, { Key: ctx.route.key });
  const { record, handle } = opened;
  let streaming = false;
  try {
    if (answeredByConditions(ctx, record)) return;
    const range = resolveRange(ctx.req.headers.range, record.size);
    const headers = objectHeaders(ctx, record);
    headers['content-length'] = range ? range.end - range.start + 1 : record.size;
    if (range) headers['content-range'] = contentRange(range, record.size);
    ctx.res.writeHead(range ? 206 : 200, headers);
    if (ctx.req.method === 'HEAD' || record.size === 0) {
      ctx.res.end();
      return;
    }
    streaming = true;
    const body = handle.createReadStream({ start: range?.start ?? 0, end: range?.end ?? record.size - 1 });
    await pipeline(body, ctx.res);
  } finally {
    if (!streaming) await handle.close();
  }
}

/** DELETE /bucket/key — 204 whether or not the key existed, as in S3. */
export async function deleteObject(ctx: ObjectContext): Promise<void> {
  await ctx.store.deleteObject(ctx.route.bucket, ctx.route.key);
  send(ctx.req, ctx.res, 204);
}
