/**
 * How a kind is addressed on an API server: group, version, plural and scope. Every `KindDefinition` from the API
 * module is a `ResourceRef` as it stands; built-in kinds, whose schemas the API module does not declare, get a
 * `ResourceRef` from `defineResource` (see builtin-resources.ts). The object type rides along as a type parameter
 * so that client and cache calls return typed plain JSON.
 */
import type { KindDefinition, KindObject } from '../api/index.js';
import type { KubeObject } from './kube-object.js';

/** A kind's address on the API server; `T` is the TypeScript type of its objects. */
export interface ResourceRef<T extends KubeObject = KubeObject> {
  /** The API group; '' for the core group. */
  readonly group: string;
  readonly version: string;
  /** The resource name in URLs, e.g. `configmaps`. */
  readonly plural: string;
  readonly kind: string;
  /** `group/version`, or `version` for the core group. */
  readonly apiVersion: string;
  readonly scope: 'Namespaced' | 'Cluster';
  /** Carries the object type for the compiler only; never set. */
  readonly __object?: T;
}

/** The object type of a resource: `KindObject` for declared kinds, the type parameter for other refs. */
export type ObjectOf<R extends ResourceRef> = R extends KindDefinition
  ? KindObject<R>
  : R extends ResourceRef<infer T>
    ? T
    : KubeObject;

/** What `defineResource` takes. */
export interface ResourceOptions {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  kind: string;
  scope: 'Namespaced' | 'Cluster';
}

/** Declares the address of a kind the API module does not declare (a built-in kind). */
export function defineResource<T extends KubeObject>(options: ResourceOptions): ResourceRef<T> {
  const apiVersion = options.group ? `${options.group}/${options.version}` : options.version;
  return Object.freeze({ ...options, apiVersion });
}

/** A short, unique name of a resource for map keys and logs: `plural.group/version` (`plural/version` for core). */
export function resourceId(ref: ResourceRef): string {
  return ref.group ? `${ref.plural}.${ref.group}/${ref.version}` : `${ref.plural}/${ref.version}`;
}

/** Whether an object with this apiVersion and kind belongs to the resource (any served version of the group). */
export function isKindOf(
  ref: ResourceRef,
  apiVersion: string | undefined,
  kind: string | undefined,
): boolean {
  if (kind !== ref.kind || apiVersion === undefined) return false;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return group === ref.group;
}

/**
 * The URL path of a collection (no `name`), an object, or an object's subresource. Namespaced resources without a
 * namespace address all namespaces (lists and watches only).
 */
export function resourcePath(
  ref: ResourceRef,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const root = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
  const scope = ref.scope === 'Namespaced' && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const object = name === undefined ? '' : `/${encodeURIComponent(name)}`;
  const sub = subresource === undefined ? '' : `/${subresource}`;
  return `${root}${scope}/${ref.plural}${object}${sub}`;
}
