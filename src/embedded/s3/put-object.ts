/**
 * PUT /bucket/key — PutObject. The body streams to a temporary file while it is decoded and verified, and becomes
 * the object only when every check passed, so a refused or interrupted upload leaves the previous object intact.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { receiveBody } from './request-body.js';
import type { ObjectContext } from './request-context.js';
import { send } from './responses.js';
import { S3Error } from './s3-error.js';

/** Request headers stored with an object and returned on GetObject/HeadObject. */
const STORED_HEADERS = [
  'content-type',
  'cache-control',
  'content-disposition',
  'content-language',
  'expires',
];

/** The headers to keep with the object: standard ones, user metadata, and Content-Encoding minus `aws-chunked`. */
export function storedHeaders(req: IncomingMessage): Record<string, string> {
  const stored: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value !== 'string') continue;
    if (STORED_HEADERS.includes(name) || name.startsWith('x-amz-meta-')) stored[name] = value;
  }
  const encoding = (req.headers['content-encoding'] ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== 'aws-chunked')
    .join(', ');
  if (encoding !== '') stored['content-encoding'] = encoding;
  return stored;
}

/** PutObject. */
export async function putObject(ctx: ObjectContext): Promise<void> {
  ctx.store.requireBucket(ctx.route.bucket);
  if (ctx.req.headers['content-length'] === undefined && ctx.req.headers['transfer-encoding'] === undefined) {
    throw new S3Error('MissingContentLength');
  }
  const temp = ctx.store.tempPath();
  try {
    const body = await receiveBody(ctx.req, ctx.verified, createWriteStream(temp));
    const record = await ctx.store.commitObject(
      ctx.route.bucket,
      ctx.route.key,
      temp,
      { size: body.size, etag: body.etag, headers: storedHeaders(ctx.req) },
      ctx.now(),
    );
    send(ctx.req, ctx.res, 200, { etag: `"${record.etag}"` });
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
