/**
 * Which collection an object belongs to. The store files objects by group and resource (plural), not by kind or
 * version: every served version of a kind shares one collection, as in Kubernetes' own storage layout.
 */

/** A collection: API group (`''` for the core group) and resource plural, e.g. `{ group: 'apps', resource: 'deployments' }`. */
export interface ResourceKey {
  readonly group: string;
  readonly resource: string;
}

/** The map key for a collection, `group/resource` (`/configmaps` for the core group). */
export function resourceKeyId(key: ResourceKey): string {
  return `${key.group}/${key.resource}`;
}

/**
 * The resource as Kubernetes names it in error messages: `widgets.example.com`, or just `configmaps` for the core
 * group (apimachinery's `GroupResource.String()`).
 */
export function qualifiedResource(key: ResourceKey): string {
  return key.group === '' ? key.resource : `${key.resource}.${key.group}`;
}
