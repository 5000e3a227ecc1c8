/**
 * `ObjectStore` in a local directory, for single-machine mode: one file per object at a readable path derived from
 * its key (see fs-key-path.ts). Writes are atomic (a temporary file renamed into place), so a reader or a crash never
 * sees half an object. Several processes may share the directory: nothing is cached in memory.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  decodeSegment,
  keyToPathSegments,
  OBJECT_FILE_SUFFIX,
  prefixDirectorySegments,
} from './fs-key-path.js';
import { checkObjectKey, checkPrefixToDelete, compareObjectKeys } from './object-key.js';
import type { ObjectHead, ObjectStore, ObjectSummary, StoredObject } from './object-store.js';
import {
  ObjectStoreError,
  type ObjectStoreErrorContext,
  type ObjectStoreOperation,
} from './object-store-error.js';

/** The directory (inside the store) holding writes in progress; its name is one keys can never map to. */
const TEMP_DIR = '.tmp';
/** How often a put retries when a concurrent delete removed the directory it was writing into. */
const RENAME_ATTEMPTS = 5;
/** Temporary files older than this were left by a process that died mid-put; open() removes them. */
const STALE_TEMP_MS = 60 * 60 * 1000;

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Whether `error` means "no such file" (including a path through a file, or a name too long to exist). */
function isMissing(error: unknown): boolean {
  return ['ENOENT', 'ENOTDIR', 'ENAMETOOLONG'].includes(errnoOf(error) ?? '');
}

/** An object store in a directory. */
export class FilesystemObjectStore implements ObjectStore {
  readonly description: string;

  private constructor(private readonly dir: string) {
    this.description = `filesystem object store at ${dir}`;
  }

  /**
   * Opens the store in `dir`, creating the directory if needed and removing temporary files that a crashed
   * writer left (old ones only: another process sharing the directory may be writing right now).
   */
  static async open(dir: string): Promise<FilesystemObjectStore> {
    const store = new FilesystemObjectStore(dir);
    try {
      const tempDir = join(dir, TEMP_DIR);
      await mkdir(tempDir, { recursive: true });
      for (const name of await readdir(tempDir)) {
        const info = await stat(join(tempDir, name)).catch(() => undefined);
        if (info && Date.now() - info.mtimeMs > STALE_TEMP_MS) await rm(join(tempDir, name), { force: true });
      }
    } catch (error) {
      throw store.failure(error, { operation: 'open', store: store.description });
    }
    return store;
  }

  /** The `ObjectStoreError` for a file system error. */
  private failure(error: unknown, context: ObjectStoreErrorContext): ObjectStoreError {
    if (error instanceof ObjectStoreError) return error;
    const code = errnoOf(error) ?? 'Error';
    const detail = `${code}: ${(error as Error | undefined)?.message ?? String(error)}`;
    const what = context.key === undefined ? context.operation : `${context.operation} of "${context.key}"`;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      return new ObjectStoreError(
        'AccessDenied',
        context,
        `${this.description} refused ${what} (${detail}); make ${this.dir} writable by this process`,
        { cause: error },
      );
    }
    const hint = code === 'ENOSPC' ? '; free space on that file system' : '';
    return new ObjectStoreError('Failed', context, `${this.description} failed ${what} (${detail})${hint}`, {
      cause: error,
    });
  }

  /** Runs a file system step, turning its failures into `ObjectStoreError`s. */
  private async step<T>(operation: ObjectStoreOperation, key: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.failure(error, { operation, store: this.description, key });
    }
  }

  /** The file of `key`, or `InvalidKey` when a segment is too long for a file name. */
  private pathOf(key: string, operation: ObjectStoreOperation): string {
    checkObjectKey(key, operation, this.description);
    const segments = keyToPathSegments(key);
    if (!segments) {
      throw new ObjectStoreError(
        'InvalidKey',
        { operation, store: this.description, key },
        `object key "${key.slice(0, 80)}" has a segment too long for a file name in ${this.description}; ` +
          'keep each "/"-separated part of the key under about 80 characters, or use an S3 store',
      );
    }
    return join(this.dir, ...segments);
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    const path = this.pathOf(key, 'put');
    await this.step('put', key, async () => {
      const temp = join(this.dir, TEMP_DIR, randomUUID());
      await writeFile(temp, body);
      for (let attempt = 1; ; attempt++) {
        await mkdir(dirname(path), { recursive: true });
        try {
          await rename(temp, path);
          return;
        } catch (error) {
          // A concurrent delete pruned the now-empty directory between mkdir and rename: make it again.
          if (errnoOf(error) !== 'ENOENT' || attempt >= RENAME_ATTEMPTS) {
            // The rename failure is what to report; a leftover temporary file is harmless.
            await rm(temp, { force: true }).catch(() => undefined);
            throw error;
          }
        }
      }
    });
  }

  async get(key: string): Promise<StoredObject | undefined> {
    const path = this.pathOf(key, 'get');
    return this.step('get', key, async () => {
      const file = await open(path, 'r').catch((error: unknown) => {
        if (isMissing(error)) return undefined;
        throw error;
      });
      if (!file) return undefined;
      try {
        const [info, body] = [await file.stat(), await file.readFile()];
        const etag = createHash('md5').update(body).digest('hex');
        return { key, body, size: body.length, etag, lastModified: info.mtime };
      } finally {
        await file.close();
      }
    });
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    const object = await this.get(key);
    if (!object) return undefined;
    const { body: _body, ...head } = object;
    return head;
  }

  async list(prefix: string): Promise<ObjectSummary[]> {
    const { dirs, keyPrefix, rest } = prefixDirectorySegments(prefix);
    const objects = await this.step('list', prefix, () =>
      this.walk(join(this.dir, ...dirs), keyPrefix, rest),
    );
    return objects
      .filter((object) => object.key.startsWith(prefix))
      .sort((a, b) => compareObjectKeys(a.key, b.key));
  }

  /** Every object under `dir`, whose keys start with `keyPrefix`; at this level only names starting with `rest`. */
  private async walk(dir: string, keyPrefix: string, rest = ''): Promise<ObjectSummary[]> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const found: ObjectSummary[] = [];
    for (const entry of entries) {
      if (entry.isDirectory()) {
        const segment = decodeSegment(entry.name);
        if (segment === undefined || !segment.startsWith(rest)) continue;
        found.push(...(await this.walk(join(dir, entry.name), `${keyPrefix}${segment}/`)));
      } else if (entry.isFile() && entry.name.endsWith(OBJECT_FILE_SUFFIX)) {
        const segment = decodeSegment(entry.name.slice(0, -OBJECT_FILE_SUFFIX.length));
        if (segment === undefined || !segment.startsWith(rest)) continue;
        const summary = await this.summarize(join(dir, entry.name), `${keyPrefix}${segment}`);
        if (summary) found.push(summary);
      }
    }
    return found;
  }

  /** Size and time of one object file; undefined when it was deleted meanwhile. */
  private async summarize(path: string, key: string): Promise<ObjectSummary | undefined> {
    try {
      const info = await stat(path);
      return { key, size: info.size, lastModified: info.mtime };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key, 'delete');
    await this.step('delete', key, async () => {
      try {
        await unlink(path);
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      await this.pruneEmptyDirectories(dirname(path));
    });
  }

  /** Removes `dir` and its parents up to the store root while they are empty. */
  private async pruneEmptyDirectories(dir: string): Promise<void> {
    for (
      let current = dir;
      current.length > this.dir.length && current.startsWith(this.dir);
      current = dirname(current)
    ) {
      try {
        await rmdir(current);
      } catch (error) {
        if (['ENOTEMPTY', 'EEXIST', 'ENOENT'].includes(errnoOf(error) ?? '')) return;
        throw error;
      }
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    checkPrefixToDelete(prefix, this.description);
    const objects = await this.list(prefix);
    for (const object of objects) await this.delete(object.key);
    return objects.length;
  }

  async close(): Promise<void> {
    // Nothing is held open between operations.
  }
}
