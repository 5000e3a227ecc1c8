/**
 * `ObjectStore` over S3 with the AWS SDK v3, built from a resolved RamenConfig S3 profile and its credentials. One
 * store is one bucket; keys are Ramen's keys unchanged. Listing follows continuation tokens to the end, bulk deletes
 * go out 1000 keys per DeleteObjects, and every failure becomes an `ObjectStoreError`.
 */
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { ResolvedS3StoreProfile } from '../api/index.js';
import { checkObjectKey, checkPrefixToDelete } from './object-key.js';
import type { ObjectHead, ObjectStore, ObjectSummary, StoredObject } from './object-store.js';
import {
  ObjectStoreError,
  type ObjectStoreErrorContext,
  type ObjectStoreOperation,
} from './object-store-error.js';
import { type S3RequestTuning, s3ClientConfig } from './s3-client-config.js';
import type { S3Credentials } from './s3-credentials.js';
import { type S3Target, toObjectStoreError } from './s3-error-mapping.js';

/** The most keys one DeleteObjects request may carry. */
const DELETE_BATCH = 1000;

/** How to open an S3 store. */
export interface S3ObjectStoreOptions extends S3RequestTuning {
  /** The RamenConfig profile (endpoint, bucket, region, CA bundle). */
  readonly profile: ResolvedS3StoreProfile;
  /** The key pair from the profile's Secret (see `s3CredentialsFromSecret`). */
  readonly credentials: S3Credentials;
  /** Keys asked for per ListObjectsV2 page. @default 1000 */
  readonly listPageSize?: number;
}

/** Strips the quotes S3 puts around ETags. */
function unquote(etag: string | undefined): string {
  return (etag ?? '').replace(/^"|"$/g, '');
}

/** An object store in one S3 bucket. */
export class S3ObjectStore implements ObjectStore {
  readonly description: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly target: S3Target;
  private readonly listPageSize: number;

  constructor(options: S3ObjectStoreOptions) {
    const { profile } = options;
    this.bucket = profile.s3Bucket;
    this.description = `S3 profile "${profile.s3ProfileName}" (bucket "${profile.s3Bucket}" at ${profile.s3CompatibleEndpoint})`;
    this.target = {
      profileName: profile.s3ProfileName,
      bucket: profile.s3Bucket,
      endpoint: profile.s3CompatibleEndpoint,
      ...(profile.s3SecretRef
        ? { credentialsSource: `Secret ${profile.s3SecretRef.namespace}/${profile.s3SecretRef.name}` }
        : {}),
    };
    this.listPageSize = options.listPageSize ?? 1000;
    this.client = new S3Client(s3ClientConfig(profile, options.credentials, options));
  }

  /** Runs one SDK call, turning its failures into `ObjectStoreError`s. */
  private async call<T>(operation: ObjectStoreOperation, key: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toObjectStoreError(error, this.context(operation, key), this.target);
    }
  }

  private context(operation: ObjectStoreOperation, key: string): ObjectStoreErrorContext {
    return { operation, store: this.description, key };
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    checkObjectKey(key, 'put', this.description);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    await this.call('put', key, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.length,
        }),
      ),
    );
  }

  async get(key: string): Promise<StoredObject | undefined> {
    checkObjectKey(key, 'get', this.description);
    try {
      return await this.call('get', key, async () => {
        const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
        const body = Buffer.from((await response.Body?.transformToByteArray()) ?? new Uint8Array());
        return {
          key,
          body,
          size: body.length,
          etag: unquote(response.ETag),
          lastModified: response.LastModified ?? new Date(0),
        };
      });
    } catch (error) {
      if (error instanceof ObjectStoreError && error.reason === 'NotFound') return undefined;
      throw error;
    }
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    checkObjectKey(key, 'head', this.description);
    try {
      return await this.call('head', key, async () => {
        const response = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
        return {
          key,
          size: response.ContentLength ?? 0,
          etag: unquote(response.ETag),
          lastModified: response.LastModified ?? new Date(0),
        };
      });
    } catch (error) {
      if (error instanceof ObjectStoreError && error.reason === 'NotFound') return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<ObjectSummary[]> {
    const objects: ObjectSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('list', prefix, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            MaxKeys: this.listPageSize,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        ),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        objects.push({
          key: object.Key,
          size: object.Size ?? 0,
          lastModified: object.LastModified ?? new Date(0),
        });
      }
      if (page.IsTruncated && !page.NextContinuationToken) {
        throw new ObjectStoreError(
          'Failed',
          this.context('list', prefix),
          `${this.description} returned a truncated listing without a continuation token; the S3 server does not ` +
            'implement ListObjectsV2 paging correctly',
        );
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  async delete(key: string): Promise<void> {
    checkObjectKey(key, 'delete', this.description);
    await this.call('delete', key, () =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })),
    );
  }

  async deletePrefix(prefix: string): Promise<number> {
    checkPrefixToDelete(prefix, this.description);
    const keys = (await this.list(prefix)).map((object) => object.key);
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      const result = await this.call('deletePrefix', prefix, () =>
        this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        ),
      );
      const [failed] = result.Errors ?? [];
      if (failed) {
        throw toObjectStoreError(
          Object.assign(new Error(failed.Message ?? 'delete failed'), { name: failed.Code ?? 'Error' }),
          this.context('deletePrefix', prefix),
          this.target,
        );
      }
    }
    return keys.length;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
