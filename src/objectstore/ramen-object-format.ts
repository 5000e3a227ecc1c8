/**
 * Ramen's object format: each Kubernetes object is stored as its JSON encoding (with the trailing newline Go's
 * `json.Encoder` writes), gzip-compressed, as one object. Reading and writing exactly this lets our operators
 * restore what Ramen uploaded and the other way round.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { ObjectStore } from './object-store.js';
import { ObjectStoreError, objectNotFound } from './object-store-error.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Encodes `value` as Ramen stores objects: gzip of its JSON plus a newline. */
export async function encodeRamenObject(value: unknown): Promise<Buffer> {
  return gzipAsync(Buffer.from(`${JSON.stringify(value)}\n`, 'utf8'));
}

/** Where the bytes being decoded came from, for error messages. */
export interface RamenObjectSource {
  readonly store: string;
  readonly key: string;
}

function invalidObject(source: RamenObjectSource, problem: string, cause: unknown): ObjectStoreError {
  return new ObjectStoreError(
    'InvalidObject',
    { operation: 'get', store: source.store, key: source.key },
    `object "${source.key}" in ${source.store} ${problem}, so it was not written by Ramen; delete it, or upload ` +
      'the object again from its cluster',
    { cause },
  );
}

/** Decodes bytes in Ramen's format into a JSON object; `InvalidObject` when they are not gzip JSON of an object. */
export async function decodeRamenObject<T extends object>(
  body: Uint8Array,
  source: RamenObjectSource,
): Promise<T> {
  let json: string;
  try {
    json = (await gunzipAsync(body)).toString('utf8');
  } catch (error) {
    throw invalidObject(source, 'is not gzip-compressed', error);
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw invalidObject(source, 'does not hold JSON', error);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidObject(source, 'holds JSON that is not an object', undefined);
  }
  return value as T;
}

/** Uploads `value` under `key` in Ramen's format. */
export async function uploadRamenObject(store: ObjectStore, key: string, value: object): Promise<void> {
  await store.put(key, await encodeRamenObject(value));
}

/** Downloads and decodes the object at `key`; undefined when there is none. */
export async function downloadRamenObject<T extends object>(
  store: ObjectStore,
  key: string,
): Promise<T | undefined> {
  const object = await store.get(key);
  return object ? decodeRamenObject<T>(object.body, { store: store.description, key }) : undefined;
}

/** Downloads and decodes the object at `key`; `NotFound` when there is none. */
export async function requireRamenObject<T extends object>(store: ObjectStore, key: string): Promise<T> {
  const value = await downloadRamenObject<T>(store, key);
  if (value === undefined) throw objectNotFound({ operation: 'get', store: store.description, key });
  return value;
}

/**
 * Downloads every object under `prefix` (Ramen's `DownloadTypedObjects`), in key order. An object deleted between
 * the listing and its download is skipped.
 */
export async function downloadRamenObjects<T extends object>(
  store: ObjectStore,
  prefix: string,
): Promise<T[]> {
  const values: T[] = [];
  for (const { key } of await store.list(prefix)) {
    const value = await downloadRamenObject<T>(store, key);
    if (value !== undefined) values.push(value);
  }
  return values;
}
