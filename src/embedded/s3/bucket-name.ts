/** S3's bucket naming rules, so names that real S3 refuses are refused here too. */
import { S3Error } from './s3-error.js';

/** Throws `InvalidBucketName` unless `name` is a valid S3 bucket name. */
export function checkBucketName(name: string): void {
  const valid =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.endsWith('-s3alias');
  if (!valid) {
    throw new S3Error(
      'InvalidBucketName',
      'The specified bucket is not valid: use 3 to 63 lower-case letters, digits, dots and hyphens, ' +
        'starting and ending with a letter or digit.',
      { BucketName: name },
    );
  }
}
