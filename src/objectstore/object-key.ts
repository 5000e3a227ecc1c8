/**
 * Keys valid in every implementation: what S3 accepts (1 to 1024 bytes of UTF-8), checked up front so both stores
 * refuse the same keys with the same error instead of one failing deep inside.
 */
import { ObjectStoreError, type ObjectStoreOperation } from './object-store-error.js';

/** The most bytes an S3 key may have. */
export const MAX_OBJECT_KEY_BYTES = 1024;

/** Throws `InvalidKey` unless `key` is 1 to 1024 bytes of well-formed UTF-16 (so it encodes to UTF-8). */
export function checkObjectKey(key: string, operation: ObjectStoreOperation, store: string): void {
  const problem =
    key === ''
      ? 'is empty'
      : Buffer.from(key, 'utf8').toString('utf8') !== key
        ? 'contains an unpaired surrogate, which has no UTF-8 form'
        : Buffer.byteLength(key, 'utf8') > MAX_OBJECT_KEY_BYTES
          ? `is longer than ${MAX_OBJECT_KEY_BYTES} bytes`
          : undefined;
  if (problem !== undefined) {
    throw new ObjectStoreError(
      'InvalidKey',
      { operation, store, key },
      `object key "${key.slice(0, 80)}" ${problem}; use 1 to ${MAX_OBJECT_KEY_BYTES} bytes of UTF-8`,
    );
  }
}

/** Orders keys as S3 lists them: by UTF-8 bytes (code points), not UTF-16 code units. */
export function compareObjectKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Lifts UTF-16 surrogates above U+E000–U+FFFF so code units compare in code point order. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** Throws `InvalidKey` for an empty prefix: `deletePrefix('')` would wipe the whole store. */
export function checkPrefixToDelete(prefix: string, store: string): void {
  if (prefix !== '') return;
  throw new ObjectStoreError(
    'InvalidKey',
    { operation: 'deletePrefix', store, key: prefix },
    `refusing to delete every object in ${store}: deletePrefix needs a non-empty prefix`,
  );
}
