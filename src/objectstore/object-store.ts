/**
 * The object store the operators keep cluster data in (PV/PVC metadata, the VRG itself): a flat key space of byte
 * objects. Two implementations exist, S3 (any S3-compatible endpoint, through the AWS SDK) and a directory on the
 * local file system for single-machine use; both pass the same conformance suite, so the managed-cluster operator
 * cannot tell them apart. Failures are `ObjectStoreError`s whose reason says what kind of trouble it is.
 */

/** An object as a listing describes it. */
export interface ObjectSummary {
  readonly key: string;
  /** Bytes. */
  readonly size: number;
  readonly lastModified: Date;
}

/** An object's attributes, as HeadObject returns them. */
export interface ObjectHead extends ObjectSummary {
  /** The hex MD5 of the bytes (S3's ETag for single-part uploads, without quotes). */
  readonly etag: string;
}

/** An object with its bytes. */
export interface StoredObject extends ObjectHead {
  readonly body: Buffer;
}

/** A store of byte objects under string keys. */
export interface ObjectStore {
  /** Says which store this is in messages, e.g. `S3 profile "s3-east" (bucket "ramen" at http://...)`. */
  readonly description: string;
  /** Writes `body` under `key`, replacing any object there. */
  put(key: string, body: Uint8Array | string): Promise<void>;
  /** Reads the object at `key`; undefined when there is none. */
  get(key: string): Promise<StoredObject | undefined>;
  /** Reads the attributes of the object at `key`; undefined when there is none. */
  head(key: string): Promise<ObjectHead | undefined>;
  /** Every object whose key starts with `prefix`, in key order (UTF-8 bytes), however many pages that takes. */
  list(prefix: string): Promise<ObjectSummary[]>;
  /** Deletes the object at `key`; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Deletes every object whose key starts with `prefix`; returns how many there were. An empty prefix is refused
   * (`InvalidKey`): wiping a whole store is never what a caller computing a VRG prefix meant.
   */
  deletePrefix(prefix: string): Promise<number>;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}
