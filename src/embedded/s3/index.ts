/**
 * @module embedded/s3
 *
 * The embedded S3-compatible server: path-style buckets and objects over HTTP on loopback, SigV4-authenticated,
 * persisted under a directory, with a switch to make it unreachable for fault drills. It implements the operations
 * Ramen's S3 use needs (bucket create/head/list/delete, PutObject including aws-chunked bodies, GetObject with
 * Range, HeadObject, ListObjects/ListObjectsV2 with paging, DeleteObject, DeleteObjects) and answers with S3's XML
 * error codes.
 *
 * @example
 * const s3 = await startS3Server({
 *   dir: '.ramen/env/s3',
 *   credentials: { accessKeyId: 'minio', secretAccessKey: 'minio123' },
 *   buckets: ['bucket'],
 * });
 * // s3.endpoint is the s3CompatibleEndpoint of a RamenConfig S3 profile
 * await s3.setReachable(false); // `ramen env s3 down`
 * await s3.setReachable(true); // `ramen env s3 up`
 * await s3.stop();
 */
export { S3Error, type S3ErrorCode, S3ErrorCodes } from './s3-error.js';
export { type S3Server, type S3ServerOptions, startS3Server } from './s3-server.js';
export type { SigV4Credentials } from './sigv4.js';
