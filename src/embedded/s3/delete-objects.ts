/**
 * POST /bucket?delete — DeleteObjects: up to 1000 keys in one XML document. Each key is reported as deleted (unless
 * `Quiet`) whether or not it existed, as in S3; a key that cannot be deleted is reported in an `<Error>` entry.
 */
import { type DeleteResult, parseDeleteRequest } from './delete-objects-document.js';
import { receiveSmallBody } from './request-body.js';
import type { BucketContext } from './request-context.js';
import { MAX_KEY_BYTES } from './request-route.js';
import { asS3Error, sendXml } from './responses.js';
import { leaf, node, xmlDocument } from './xml.js';

/** The largest DeleteObjects document accepted (1000 keys of 1024 bytes, escaped, with room to spare). */
const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

/** Deletes one key, turning a failure into a per-key result. */
async function deleteOne(ctx: BucketContext, key: string): Promise<DeleteResult> {
  if (key === '' || Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    return {
      key,
      error: { code: 'InvalidArgument', message: 'The key is empty or longer than 1024 bytes.' },
    };
  }
  try {
    await ctx.store.deleteObject(ctx.route.bucket, key);
    return { key };
  } catch (failure) {
    const error = asS3Error(failure);
    return { key, error: { code: error.code, message: error.message } };
  }
}

/** DeleteObjects. */
export async function deleteObjects(ctx: BucketContext): Promise<void> {
  ctx.store.requireBucket(ctx.route.bucket);
  const body = await receiveSmallBody(ctx.req, ctx.verified, MAX_DOCUMENT_BYTES);
  const request = parseDeleteRequest(body.toString('utf8'));
  const results: DeleteResult[] = [];
  for (const key of request.keys) results.push(await deleteOne(ctx, key));
  sendXml(
    ctx.req,
    ctx.res,
    xmlDocument('DeleteResult', [
      ...results
        .filter((result) => result.error === undefined && !request.quiet)
        .map((result) => node('Deleted', [leaf('Key', result.key)])),
      ...results
        .filter((result) => result.error !== undefined)
        .map((result) =>
          node('Error', [
            leaf('Key', result.key),
            leaf('Code', result.error?.code ?? ''),
            leaf('Message', result.error?.message ?? ''),
          ]),
        ),
    ]),
  );
}
