/**
 * The AWS SDK client settings for one RamenConfig S3 profile, chosen for S3-compatible servers (MinIO, Ceph RGW,
 * the embedded server) as much as for AWS: path-style addressing (Ramen's choice), checksums only where an operation
 * requires them (the default aws-chunked uploads are stored corrupted by some servers), and connect/request
 * timeouts so an unreachable endpoint fails within seconds instead of hanging a reconcile.
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { ResolvedS3StoreProfile } from '../api/index.js';
import type { S3Credentials } from './s3-credentials.js';

/** The region used when a profile names none (the SDK needs one to sign). */
export const DEFAULT_S3_REGION = 'us-east-1';

/** Timeouts and retries of S3 requests. */
export interface S3RequestTuning {
  /** How long to wait for a TCP (and TLS) connection. @default 5000 */
  readonly connectTimeoutMs?: number;
  /** How long one request may take from send to the end of the response. @default 30000 */
  readonly requestTimeoutMs?: number;
  /** Attempts per operation, the first included (retries back off). @default 3 */
  readonly maxAttempts?: number;
}

/** The CA bundle of a profile: Ramen stores PEM bytes, which YAML carries base64-encoded; plain PEM is accepted too. */
export function caBundleOf(caCertificates: string): string {
  if (caCertificates.includes('-----BEGIN')) return caCertificates;
  return Buffer.from(caCertificates, 'base64').toString('utf8');
}

/** The S3Client configuration for `profile`. */
export function s3ClientConfig(
  profile: ResolvedS3StoreProfile,
  credentials: S3Credentials,
  tuning: S3RequestTuning = {},
): S3ClientConfig {
  return {
    endpoint: profile.s3CompatibleEndpoint,
    region: profile.s3Region || DEFAULT_S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: tuning.maxAttempts ?? 3,
    requestHandler: {
      connectionTimeout: tuning.connectTimeoutMs ?? 5_000,
      requestTimeout: tuning.requestTimeoutMs ?? 30_000,
      // Without this the SDK only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
      ...(profile.caCertificates ? { httpsAgent: { ca: caBundleOf(profile.caCertificates) } } : {}),
    },
  };
}
