/**
 * Maps an authenticated request to its S3 operation by method, path level and sub-resource. Operations outside the
 * supported set (multipart uploads, versioning, ACLs, CopyObject, ...) answer `NotImplemented` instead of being
 * mistaken for a plain object or bucket request.
 */
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './bucket-handlers.js';
import { deleteObjects } from './delete-objects.js';
import { listObjectsV1, listObjectsV2 } from './list-handlers.js';
import { deleteObject, getObject } from './object-handlers.js';
import { putObject } from './put-object.js';
import type { BucketContext, ObjectContext, RequestContext } from './request-context.js';
import { S3Error } from './s3-error.js';

/** Query parameters that are ordinary arguments, not sub-resources naming another operation. */
const ARGUMENTS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'encoding-type',
  'fetch-owner',
  'marker',
  'x-id',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
]);

/** The sub-resource of the request (`location`, `delete`, `uploads`, ...), if any. */
function subresourceOf(ctx: RequestContext): string | undefined {
  for (const name of ctx.route.query.keys()) if (!ARGUMENTS.has(name)) return name;
  return undefined;
}

function notImplemented(what: string): S3Error {
  return new S3Error('NotImplemented', `${what} is not implemented by the embedded S3 server.`);
}

function methodNotAllowed(ctx: RequestContext): S3Error {
  return new S3Error('MethodNotAllowed', undefined, {
    Method: ctx.req.method ?? '',
    ResourceType:
      ctx.route.key !== undefined ? 'OBJECT' : ctx.route.bucket !== undefined ? 'BUCKET' : 'SERVICE',
  });
}

/** Runs the operation `ctx` asks for. */
export async function routeRequest(ctx: RequestContext): Promise<void> {
  const method = ctx.req.method ?? '';
  if (ctx.route.bucket === undefined) {
    if (method !== 'GET') throw methodNotAllowed(ctx);
    listBuckets(ctx);
    return;
  }
  if (ctx.route.key === undefined) await routeBucket(ctx as BucketContext, method);
  else await routeObject(ctx as ObjectContext, method);
}

async function routeBucket(ctx: BucketContext, method: string): Promise<void> {
  const subresource = subresourceOf(ctx);
  if (subresource === 'location' && method === 'GET') return getBucketLocation(ctx);
  if (subresource === 'delete' && method === 'POST') return deleteObjects(ctx);
  if (subresource !== undefined) throw notImplemented(`The bucket sub-resource "${subresource}"`);
  switch (method) {
    case 'PUT':
      return createBucket(ctx);
    case 'HEAD':
      return headBucket(ctx);
    case 'DELETE':
      return deleteBucket(ctx);
    case 'GET':
      return ctx.route.query.get('list-type') === '2' ? listObjectsV2(ctx) : listObjectsV1(ctx);
    default:
      throw methodNotAllowed(ctx);
  }
}

async function routeObject(ctx: ObjectContext, method: string): Promise<void> {
  const subresource = subresourceOf(ctx);
  if (subresource !== undefined) throw notImplemented(`The object sub-resource "${subresource}"`);
  switch (method) {
    case 'PUT':
      if (ctx.req.headers['x-amz-copy-source'] !== undefined) throw notImplemented('CopyObject');
      return putObject(ctx);
    case 'GET':
    case 'HEAD':
      return getObject(ctx);
    case 'DELETE':
      return deleteObject(ctx);
    default:
      throw methodNotAllowed(ctx);
  }
}
