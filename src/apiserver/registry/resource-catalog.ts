/**
 * Everything the API server serves: the built-in kinds plus the resources of every established CRD. Lookups by
 * URL (group/version/resource) and by apiVersion/kind (owner references), the group versions discovery lists,
 * and a change signal for discovery whenever the set of served resources actually changes (a CRD established,
 * renamed or removed — not a status-only CRD write).
 */
import { type ResourceKey, resourceKeyId } from '../store/index.js';
import type { GroupVersionInfo, ResourceInfo } from './contract.js';
import { type ServedResource, servedKey } from './served-resource.js';

/** The served resources and their indexes; rebuilt when CRDs change. */
export class ResourceCatalog {
  readonly #builtins: readonly ServedResource[];
  readonly #custom = new Map<string, readonly ServedResource[]>();
  readonly #signatures = new Map<string, string>();
  readonly #listeners = new Set<() => void>();
  #byPath = new Map<string, ServedResource>();
  #byKind = new Map<string, ServedResource>();
  #all: readonly ServedResource[] = [];
  #owners = new Map<string, ServedResource>();

  constructor(builtins: readonly ServedResource[]) {
    this.#builtins = builtins;
    this.#reindex();
  }

  /** Every served resource: built-ins first (in their order), then custom resources by group and version. */
  get all(): readonly ServedResource[] {
    return this.#all;
  }

  /** The resource served at `/apis/<group>/<version>/<resource>` (or `/api/v1/<resource>`). */
  resolve(group: string, version: string, resource: string): ServedResource | undefined {
    return this.#byPath.get(servedKey(group, version, resource));
  }

  /** The served resource an HTTP-layer `ResourceInfo` stands for (undefined if it is no longer served). */
  lookup(info: ResourceInfo): ServedResource | undefined {
    return this.resolve(info.group, info.version, info.resource);
  }

  /** The resource serving `kind` in `apiVersion` (`v1`, `apps/v1`), as owner references name owners. */
  byKind(apiVersion: string, kind: string): ServedResource | undefined {
    return this.#byKind.get(`${apiVersion}/${kind}`);
  }

  /**
   * One served resource per stored collection: the resource whose strategy stores in its own collection (not a
   * view of another kind's storage, like events.k8s.io Events), for scanning every object once.
   */
  storageOwners(): ServedResource[] {
    return [...this.#owners.values()];
  }

  /** The storage owner of a stored collection (see `storageOwners`). */
  storageOwner(storage: ResourceKey): ServedResource | undefined {
    return this.#owners.get(resourceKeyId(storage));
  }

  /** Replaces the resources served for one CRD; notifies listeners when discovery changes. */
  setCustom(crdName: string, resources: readonly ServedResource[]): void {
    const signature = JSON.stringify(resources.map((r) => r.info));
    if (resources.length === 0) {
      this.removeCustom(crdName);
      return;
    }
    const changed = this.#signatures.get(crdName) !== signature;
    this.#custom.set(crdName, resources);
    this.#signatures.set(crdName, signature);
    this.#reindex();
    if (changed) this.#emit();
  }

  /** Stops serving a CRD's resources. */
  removeCustom(crdName: string): void {
    if (!this.#custom.delete(crdName)) return;
    this.#signatures.delete(crdName);
    this.#reindex();
    this.#emit();
  }

  /** The served group versions in discovery order. */
  groupVersions(): GroupVersionInfo[] {
    const versions = new Map<string, GroupVersionInfo & { resources: ResourceInfo[] }>();
    for (const served of this.#all) {
      const { group, version } = served.info;
      const key = `${group}/${version}`;
      let entry = versions.get(key);
      if (entry === undefined) {
        entry = { group, version, resources: [] };
        versions.set(key, entry);
      }
      entry.resources.push(served.info);
    }
    return [...versions.values()];
  }

  /** Subscribes to discovery changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #reindex(): void {
    const custom = [...this.#custom.values()]
      .flat()
      .sort((a, b) => compare(a.info.group, b.info.group) || compareVersions(a.info.version, b.info.version));
    const all = [...this.#builtins, ...custom];
    const byPath = new Map<string, ServedResource>();
    const byKind = new Map<string, ServedResource>();
    for (const served of all) {
      const { group, version, resource, kind } = served.info;
      const path = servedKey(group, version, resource);
      if (!byPath.has(path)) byPath.set(path, served);
      const apiVersion = group === '' ? version : `${group}/${version}`;
      if (!byKind.has(`${apiVersion}/${kind}`)) byKind.set(`${apiVersion}/${kind}`, served);
    }
    this.#all = all;
    this.#byPath = byPath;
    this.#byKind = byKind;
    this.#owners = storageOwnersOf(all);
  }

  #emit(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

function storageOwnersOf(all: readonly ServedResource[]): Map<string, ServedResource> {
  const owners = new Map<string, ServedResource>();
  for (const served of all) {
    const key = resourceKeyId(served.strategy.storage);
    const known = owners.get(key);
    if (known === undefined || (isOwnStorage(served) && !isOwnStorage(known))) owners.set(key, served);
  }
  return owners;
}

function isOwnStorage(served: ServedResource): boolean {
  const { storage } = served.strategy;
  return storage.group === served.info.group && storage.resource === served.info.resource;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const KUBE_VERSION = /^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$/;

/**
 * apimachinery's `CompareKubeAwareVersionStrings` order: GA before beta before alpha, higher numbers first, and
 * non-Kubernetes version names last in alphabetical order; discovery lists a group's preferred version first.
 */
export function compareVersions(a: string, b: string): number {
  const rank = (version: string): [number, number, number] | undefined => {
    const match = KUBE_VERSION.exec(version);
    if (match === null) return undefined;
    const stability = match[2] === undefined ? 3 : match[2] === 'beta' ? 2 : 1;
    return [stability, Number(match[1]), Number(match[3] ?? 0)];
  };
  const left = rank(a);
  const right = rank(b);
  if (left === undefined || right === undefined) {
    if (left !== undefined) return -1;
    if (right !== undefined) return 1;
    return compare(a, b);
  }
  return right[0] - left[0] || right[1] - left[1] || right[2] - left[2];
}
