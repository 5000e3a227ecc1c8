/**
 * The S3 store profiles of the environment: one object store per managed cluster, named as Ramen's own test
 * environments name theirs (`minio-on-<cluster>`), with the credentials Secret every cluster holds in the operator
 * namespace (keys `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`, as Ramen's s3utils reads them).
 */
import { RAMEN_SYSTEM_NAMESPACE } from '../../api/index.js';
import { type ClusterClient, type Secret, SecretResource } from '../../kube/index.js';
import type { SigV4Credentials } from '../s3/index.js';
import { createOrApply } from './cluster-bootstrap.js';

/** The bucket every profile uses. */
export const S3_BUCKET = 'bucket';
/** The region every profile reports. */
export const S3_REGION = 'us-east-1';

/** One S3 profile as the environment publishes it. */
export interface S3Profile {
  /** `minio-on-<cluster>`. */
  readonly name: string;
  /** The managed cluster whose object store this is. */
  readonly cluster: string;
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  /** The Secret (in `ramen-system`) holding the credentials. */
  readonly secretName: string;
  readonly credentials: SigV4Credentials;
}

/** The profile name of a managed cluster's object store. */
export function s3ProfileName(cluster: string): string {
  return `minio-on-${cluster}`;
}

/** The name of the Secret holding the credentials of a managed cluster's object store. */
export function s3SecretName(cluster: string): string {
  return `ramen-s3-secret-${cluster}`;
}

/** The credentials Secret of one profile, in the operator namespace. */
export function s3Secret(profile: S3Profile): Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: profile.secretName, namespace: RAMEN_SYSTEM_NAMESPACE },
    type: 'Opaque',
    data: {
      AWS_ACCESS_KEY_ID: Buffer.from(profile.credentials.accessKeyId).toString('base64'),
      AWS_SECRET_ACCESS_KEY: Buffer.from(profile.credentials.secretAccessKey).toString('base64'),
    },
  };
}

/** Writes the credentials Secrets of every profile to one cluster. */
export async function applyS3Secrets(client: ClusterClient, profiles: readonly S3Profile[]): Promise<void> {
  await Promise.all(profiles.map((profile) => createOrApply(client, SecretResource, s3Secret(profile))));
}
