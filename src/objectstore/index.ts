/**
 * @module objectstore
 *
 * Where the operators keep cluster data: the `ObjectStore` interface with an S3 implementation (AWS SDK v3, built
 * from a RamenConfig S3 profile and its Secret) and a filesystem implementation for single-machine mode, typed
 * `ObjectStoreError`s, and Ramen's key layout and gzip+JSON object format so data is interchangeable with Ramen.
 *
 * @example
 * const store = new S3ObjectStore({ profile: config.s3StoreProfiles[0], credentials: s3CredentialsFromSecret(secret) });
 * const vrgObjects = new VrgS3Objects(store, vrg.metadata.namespace, vrg.metadata.name);
 * await vrgObjects.uploadPV(pv);
 * const pvs = await vrgObjects.downloadPVs();
 */
export { FilesystemObjectStore } from './fs-object-store.js';
export { checkObjectKey, compareObjectKeys, MAX_OBJECT_KEY_BYTES } from './object-key.js';
export type { ObjectHead, ObjectStore, ObjectSummary, StoredObject } from './object-store.js';
export {
  isObjectStoreError,
  ObjectStoreError,
  type ObjectStoreErrorContext,
  type ObjectStoreErrorReason,
  type ObjectStoreOperation,
  objectNotFound,
} from './object-store-error.js';
export {
  decodeRamenObject,
  downloadRamenObject,
  downloadRamenObjects,
  encodeRamenObject,
  type RamenObjectSource,
  requireRamenObject,
  uploadRamenObject,
} from './ramen-object-format.js';
export { caBundleOf, DEFAULT_S3_REGION, type S3RequestTuning, s3ClientConfig } from './s3-client-config.js';
export { type S3Credentials, type S3CredentialsSecret, s3CredentialsFromSecret } from './s3-credentials.js';
export { S3ObjectStore, type S3ObjectStoreOptions } from './s3-object-store.js';
export { type StorableObject, VrgS3Objects } from './vrg-s3-objects.js';
