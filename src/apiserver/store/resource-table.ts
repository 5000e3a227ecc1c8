/**
 * The committed objects of one resource, filed by namespace then name. Listing one namespace touches only that
 * namespace, and sorted key arrays are cached until the next create or delete, so a list of 10,000 objects is a
 * walk rather than a sort.
 */
import type { KubeObject } from './kube-object.js';

/** A committed object with its revision (the number behind `metadata.resourceVersion`). */
export interface TableEntry {
  readonly object: KubeObject;
  readonly revision: number;
}

/** One object in key order, as a scan yields it. */
export interface KeyedEntry {
  readonly namespace: string;
  readonly name: string;
  readonly entry: TableEntry;
}

/** Where a scan starts: strictly after this key. */
export interface ScanStart {
  readonly namespace: string;
  readonly name: string;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first index in a sorted array whose value is greater than `value`. */
function upperBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class NamespaceBucket {
  readonly objects = new Map<string, TableEntry>();
  #sorted: string[] | undefined;

  sortedNames(): readonly string[] {
    this.#sorted ??= [...this.objects.keys()].sort(compare);
    return this.#sorted;
  }

  put(name: string, entry: TableEntry): void {
    if (!this.objects.has(name)) this.#sorted = undefined;
    this.objects.set(name, entry);
  }

  remove(name: string): void {
    if (this.objects.delete(name)) this.#sorted = undefined;
  }
}

/** The objects of one resource. */
export class ResourceTable {
  readonly #namespaces = new Map<string, NamespaceBucket>();
  #sortedNamespaces: string[] | undefined;
  #size = 0;

  /** How many objects the resource holds. */
  get size(): number {
    return this.#size;
  }

  /** One object, or undefined. */
  get(namespace: string, name: string): TableEntry | undefined {
    return this.#namespaces.get(namespace)?.objects.get(name);
  }

  /** Inserts or replaces an object. */
  put(namespace: string, name: string, entry: TableEntry): void {
    let bucket = this.#namespaces.get(namespace);
    if (bucket === undefined) {
      bucket = new NamespaceBucket();
      this.#namespaces.set(namespace, bucket);
      this.#sortedNamespaces = undefined;
    }
    if (!bucket.objects.has(name)) this.#size++;
    bucket.put(name, entry);
  }

  /** Removes an object if present. */
  remove(namespace: string, name: string): void {
    const bucket = this.#namespaces.get(namespace);
    if (bucket === undefined || !bucket.objects.has(name)) return;
    bucket.remove(name);
    this.#size--;
    if (bucket.objects.size === 0) {
      this.#namespaces.delete(namespace);
      this.#sortedNamespaces = undefined;
    }
  }

  /**
   * Yields objects in key order (namespace, then name), optionally in one namespace only, with one name only,
   * and strictly after `start`.
   */
  *scan(namespace: string | undefined, start?: ScanStart, onlyName?: string): Generator<KeyedEntry> {
    for (const ns of this.#namespacesFrom(namespace, start)) {
      const bucket = this.#namespaces.get(ns) as NamespaceBucket;
      if (onlyName !== undefined) {
        const entry = bucket.objects.get(onlyName);
        const after = start === undefined || ns !== start.namespace || onlyName > start.name;
        if (entry !== undefined && after) yield { namespace: ns, name: onlyName, entry };
        continue;
      }
      const names = bucket.sortedNames();
      const first = start !== undefined && ns === start.namespace ? upperBound(names, start.name) : 0;
      for (let i = first; i < names.length; i++) {
        const name = names[i] as string;
        yield { namespace: ns, name, entry: bucket.objects.get(name) as TableEntry };
      }
    }
  }

  #namespacesFrom(namespace: string | undefined, start: ScanStart | undefined): readonly string[] {
    if (namespace !== undefined) {
      const skip = !this.#namespaces.has(namespace) || (start !== undefined && start.namespace > namespace);
      return skip ? [] : [namespace];
    }
    this.#sortedNamespaces ??= [...this.#namespaces.keys()].sort(compare);
    if (start === undefined) return this.#sortedNamespaces;
    const sorted = this.#sortedNamespaces;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as string) < start.namespace) lo = mid + 1;
      else hi = mid;
    }
    return sorted.slice(lo);
  }
}
