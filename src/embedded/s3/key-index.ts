/**
 * A map from object key to value kept in S3's listing order (UTF-8 byte order), so ListObjects can start at any key
 * with a binary search instead of scanning or sorting the bucket on every page.
 */

/** Orders strings by their UTF-8 bytes (code point order), which is how S3 sorts keys. */
export function compareUtf8(a: string, b: string): number {
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

/** A sorted map of keys to values. */
export class KeyIndex<T> {
  private readonly values = new Map<string, T>();
  private readonly keys: string[] = [];

  /** How many keys are held. */
  get size(): number {
    return this.values.size;
  }

  /** The value for `key`. */
  get(key: string): T | undefined {
    return this.values.get(key);
  }

  /** Sets `key` to `value`; returns the value it replaced. */
  set(key: string, value: T): T | undefined {
    const previous = this.values.get(key);
    if (previous === undefined) this.keys.splice(this.lowerBound(key), 0, key);
    this.values.set(key, value);
    return previous;
  }

  /** Removes `key`; returns the value it held. */
  delete(key: string): T | undefined {
    const previous = this.values.get(key);
    if (previous === undefined) return undefined;
    this.values.delete(key);
    this.keys.splice(this.lowerBound(key), 1);
    return previous;
  }

  /** Keys and values in order, from the first key that is strictly after `after` and not before `atLeast`. */
  *entries(bounds: { after?: string; atLeast?: string } = {}): Generator<[string, T]> {
    let index = Math.max(
      bounds.after === undefined ? 0 : this.upperBound(bounds.after),
      bounds.atLeast === undefined ? 0 : this.lowerBound(bounds.atLeast),
    );
    for (; index < this.keys.length; index++) {
      const key = this.keys[index] as string;
      yield [key, this.values.get(key) as T];
    }
  }

  /** The index of the first key ≥ `key`. */
  private lowerBound(key: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareUtf8(this.keys[middle] as string, key) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The index of the first key > `key`. */
  private upperBound(key: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareUtf8(this.keys[middle] as string, key) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
