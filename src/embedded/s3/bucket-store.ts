/**
 * The server's storage on disk: one directory per bucket, and per object a data file plus a small JSON metadata
 * file, so everything survives a restart of the server (the embedded environment resumes after `env down`).
 *
 * Layout under the state directory:
 *
 *     buckets/<bucket>/bucket.json                      the bucket exists iff this file does
 *     buckets/<bucket>/objects/<hh>/<sha256(key)>.json  the object's metadata (its key, size, ETag, headers, data file)
 *     buckets/<bucket>/objects/<hh>/<sha256(key)>.<id>.data   the bytes
 *     tmp/                                              uploads in progress (emptied at start)
 *
 * Keys are hashed into file names because S3 keys may hold anything (`..`, `//`, 1024 bytes) that a file system
 * path cannot. Writes are atomic: the bytes go to a new data file, then the metadata file is replaced by rename (the
 * commit point), then the old data file is removed; a crash at any step leaves the old or the new object, and data
 * files no metadata refers to are deleted at start. Commits run one at a time so the in-memory index and the files
 * always agree.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { KeyIndex } from './key-index.js';
import { S3Error } from './s3-error.js';

/** What is stored about one object besides its bytes. */
export interface ObjectRecord {
  readonly key: string;
  readonly size: number;
  /** Hex MD5 of the bytes (the ETag, unquoted). */
  readonly etag: string;
  /** ISO 8601. */
  readonly lastModified: string;
  /** The data file, relative to the bucket's `objects` directory. */
  readonly dataFile: string;
  /** Response headers stored with the object: Content-Type, Content-Encoding, x-amz-meta-*, ... */
  readonly headers: Readonly<Record<string, string>>;
}

/** A bucket and its objects. */
export interface Bucket {
  readonly name: string;
  /** ISO 8601. */
  readonly creationDate: string;
  readonly objects: KeyIndex<ObjectRecord>;
}

/** An object opened for reading: its record and an open handle on its bytes. */
export interface OpenedObject {
  readonly record: ObjectRecord;
  readonly handle: FileHandle;
}

/** The attributes of a new object, besides its key and bytes. */
export interface NewObject {
  readonly size: number;
  readonly etag: string;
  readonly headers: Readonly<Record<string, string>>;
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

/** The buckets and objects of one server, persisted under a directory. */
export class BucketStore {
  private readonly buckets = new Map<string, Bucket>();
  private commits: Promise<unknown> = Promise.resolve();

  private constructor(private readonly dir: string) {}

  /** Opens (creating if needed) the store under `dir`, loading every bucket and object record. */
  static async open(dir: string): Promise<BucketStore> {
    const store = new BucketStore(dir);
    await rm(store.tmpDir, { recursive: true, force: true });
    await mkdir(store.tmpDir, { recursive: true });
    await mkdir(store.bucketsDir, { recursive: true });
    for (const entry of await readdir(store.bucketsDir, { withFileTypes: true })) {
      if (entry.isDirectory()) await store.loadBucket(entry.name);
    }
    return store;
  }

  private get bucketsDir(): string {
    return join(this.dir, 'buckets');
  }

  private get tmpDir(): string {
    return join(this.dir, 'tmp');
  }

  private objectsDir(bucket: string): string {
    return join(this.bucketsDir, bucket, 'objects');
  }

  private async loadBucket(name: string): Promise<void> {
    let creationDate: string;
    try {
      creationDate = (
        JSON.parse(await readFile(join(this.bucketsDir, name, 'bucket.json'), 'utf8')) as Bucket
      ).creationDate;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return; // a creation or deletion that did not finish: not a bucket
      throw error;
    }
    const bucket: Bucket = { name, creationDate, objects: new KeyIndex() };
    const objectsDir = this.objectsDir(name);
    await mkdir(objectsDir, { recursive: true });
    for (const shard of await readdir(objectsDir)) {
      const files = await readdir(join(objectsDir, shard));
      const referenced = new Set<string>();
      for (const file of files.filter((name) => name.endsWith('.json'))) {
        const record = JSON.parse(await readFile(join(objectsDir, shard, file), 'utf8')) as ObjectRecord;
        bucket.objects.set(record.key, record);
        referenced.add(record.dataFile);
      }
      for (const file of files.filter((name) => name.endsWith('.data'))) {
        if (!referenced.has(`${shard}/${file}`)) await unlinkIfPresent(join(objectsDir, shard, file));
      }
    }
    this.buckets.set(name, bucket);
  }

  /** Runs `step` after every earlier commit, so commits never interleave. */
  private serialize<T>(step: () => Promise<T>): Promise<T> {
    const result = this.commits.then(step);
    // The chain only orders commits; each caller gets its own failure through `result`.
    this.commits = result.catch(() => undefined);
    return result;
  }

  /** Every bucket, by name. */
  listBuckets(): Bucket[] {
    return [...this.buckets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The bucket called `name`, if it exists. */
  bucket(name: string): Bucket | undefined {
    return this.buckets.get(name);
  }

  /** The bucket called `name`, or `NoSuchBucket`. */
  requireBucket(name: string): Bucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new S3Error('NoSuchBucket', undefined, { BucketName: name });
    return bucket;
  }

  /** Creates a bucket; `BucketAlreadyOwnedByYou` when it exists. */
  createBucket(name: string, now: Date): Promise<Bucket> {
    return this.serialize(async () => {
      if (this.buckets.has(name))
        throw new S3Error('BucketAlreadyOwnedByYou', undefined, { BucketName: name });
      await mkdir(this.objectsDir(name), { recursive: true });
      const bucket: Bucket = { name, creationDate: now.toISOString(), objects: new KeyIndex() };
      await this.writeAtomically(
        join(this.bucketsDir, name, 'bucket.json'),
        JSON.stringify({ name, creationDate: bucket.creationDate }),
      );
      this.buckets.set(name, bucket);
      return bucket;
    });
  }

  /** Deletes an empty bucket; `NoSuchBucket` or `BucketNotEmpty` otherwise. */
  deleteBucket(name: string): Promise<void> {
    return this.serialize(async () => {
      const bucket = this.requireBucket(name);
      if (bucket.objects.size > 0) throw new S3Error('BucketNotEmpty', undefined, { BucketName: name });
      await unlink(join(this.bucketsDir, name, 'bucket.json'));
      this.buckets.delete(name);
      await rm(join(this.bucketsDir, name), { recursive: true, force: true });
    });
  }

  /** A fresh path in the temporary directory for an upload in progress. */
  tempPath(): string {
    return join(this.tmpDir, `${randomUUID()}.upload`);
  }

  /** Makes the uploaded file at `tempPath` the object `key` of `bucketName`, replacing any previous object. */
  commitObject(
    bucketName: string,
    key: string,
    tempPath: string,
    object: NewObject,
    now: Date,
  ): Promise<ObjectRecord> {
    return this.serialize(async () => {
      const bucket = this.requireBucket(bucketName);
      const hash = createHash('sha256').update(key, 'utf8').digest('hex');
      const shard = hash.slice(0, 2);
      const record: ObjectRecord = {
        key,
        size: object.size,
        etag: object.etag,
        lastModified: now.toISOString(),
        dataFile: `${shard}/${hash}.${randomUUID()}.data`,
        headers: object.headers,
      };
      const objectsDir = this.objectsDir(bucketName);
      await mkdir(join(objectsDir, shard), { recursive: true });
      await rename(tempPath, join(objectsDir, record.dataFile));
      await this.writeAtomically(join(objectsDir, shard, `${hash}.json`), JSON.stringify(record));
      const previous = bucket.objects.set(key, record);
      if (previous) await unlinkIfPresent(join(objectsDir, previous.dataFile));
      return record;
    });
  }

  /** Deletes object `key`; returns whether it existed. */
  deleteObject(bucketName: string, key: string): Promise<boolean> {
    return this.serialize(async () => {
      const bucket = this.requireBucket(bucketName);
      const record = bucket.objects.get(key);
      if (!record) return false;
      const hash = createHash('sha256').update(key, 'utf8').digest('hex');
      const objectsDir = this.objectsDir(bucketName);
      await unlink(join(objectsDir, hash.slice(0, 2), `${hash}.json`));
      bucket.objects.delete(key);
      await unlinkIfPresent(join(objectsDir, record.dataFile));
      return true;
    });
  }

  /** Opens object `key` for reading; undefined when it does not exist. Safe against a concurrent overwrite. */
  async openObject(bucketName: string, key: string): Promise<OpenedObject | undefined> {
    for (let attempt = 0; ; attempt++) {
      const record = this.requireBucket(bucketName).objects.get(key);
      if (!record) return undefined;
      try {
        return { record, handle: await open(join(this.objectsDir(bucketName), record.dataFile), 'r') };
      } catch (error) {
        // The object was replaced or deleted between the lookup and the open: look again.
        if (!isErrno(error, 'ENOENT') || attempt >= 3) throw error;
      }
    }
  }

  /** Waits for every commit in flight. */
  async flush(): Promise<void> {
    await this.commits;
  }

  /** Writes `content` to `path` so that readers see the old or the new file, never a partial one. */
  private async writeAtomically(path: string, content: string): Promise<void> {
    const temp = join(this.tmpDir, `${randomUUID()}.json`);
    await writeFile(temp, content);
    await rename(temp, path);
  }
}
