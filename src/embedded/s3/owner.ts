/** The owner S3 reports for buckets and objects: one per access key, as every key is its own account here. */
import { createHash } from 'node:crypto';
import { leaf, node } from './xml.js';

/** The `<Owner>` element for the account of `accessKeyId`. */
export function ownerElement(accessKeyId: string): string {
  const id = createHash('sha256').update(accessKeyId, 'utf8').digest('hex');
  return node('Owner', [leaf('ID', id), leaf('DisplayName', accessKeyId)]);
}
