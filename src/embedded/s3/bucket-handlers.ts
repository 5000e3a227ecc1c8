/** The bucket operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket and GetBucketLocation. */
import { checkBucketName } from './bucket-name.js';
import { ownerElement } from './owner.js';
import { receiveSmallBody } from './request-body.js';
import type { BucketContext, RequestContext } from './request-context.js';
import { send, sendXml } from './responses.js';
import { S3Error } from './s3-error.js';
import { escapeXml, leaf, node, parseXml, S3_XML_NAMESPACE, XmlSyntaxError, xmlDocument } from './xml.js';

/** The largest CreateBucketConfiguration document accepted. */
const MAX_CONFIGURATION_BYTES = 64 * 1024;

/** GET / — every bucket. */
export function listBuckets(ctx: RequestContext): void {
  const buckets = ctx.store
    .listBuckets()
    .map((bucket) => node('Bucket', [leaf('Name', bucket.name), leaf('CreationDate', bucket.creationDate)]));
  sendXml(
    ctx.req,
    ctx.res,
    xmlDocument('ListAllMyBucketsResult', [ownerElement(ctx.verified.accessKeyId), node('Buckets', buckets)]),
  );
}

/** PUT /bucket — creates the bucket (the optional CreateBucketConfiguration must be well-formed XML). */
export async function createBucket(ctx: BucketContext): Promise<void> {
  checkBucketName(ctx.route.bucket);
  const body = await receiveSmallBody(ctx.req, ctx.verified, MAX_CONFIGURATION_BYTES);
  if (body.length > 0) {
    try {
      parseXml(body.toString('utf8'));
    } catch (error) {
      if (error instanceof XmlSyntaxError) throw new S3Error('MalformedXML', undefined, {}, { cause: error });
      throw error;
    }
  }
  await ctx.store.createBucket(ctx.route.bucket, ctx.now());
  send(ctx.req, ctx.res, 200, { location: `/${ctx.route.bucket}` });
}

/** HEAD /bucket — 200 when it exists (with its region), 404 otherwise. */
export function headBucket(ctx: BucketContext): void {
  ctx.store.requireBucket(ctx.route.bucket);
  send(ctx.req, ctx.res, 200, { 'x-amz-bucket-region': ctx.region });
}

/** DELETE /bucket — deletes an empty bucket. */
export async function deleteBucket(ctx: BucketContext): Promise<void> {
  await ctx.store.deleteBucket(ctx.route.bucket);
  send(ctx.req, ctx.res, 204);
}

/** GET /bucket?location — the region (empty for us-east-1, as S3 answers). */
export function getBucketLocation(ctx: BucketContext): void {
  ctx.store.requireBucket(ctx.route.bucket);
  const region = ctx.region === 'us-east-1' ? '' : ctx.region;
  sendXml(
    ctx.req,
    ctx.res,
    `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_XML_NAMESPACE}">${escapeXml(region)}</LocationConstraint>`,
  );
}
