/**
 * How the work agent names what a manifest applies: a manifest's REST address and key on the cluster, its
 * `resourceMeta` in the ManifestWork status, and matching against OCM resource identifiers (manifest configs and
 * orphaning rules, with `*` wildcards for name and namespace as OCM allows).
 */
import type { ManifestCondition } from '../../api/index.js';
import type { ObjectKey, ResourceRef } from '../../kube/index.js';

/** `status.resourceStatus.manifests[].resourceMeta`. */
export type ResourceMeta = NonNullable<ManifestCondition['resourceMeta']>;

/** OCM's resource identifier (manifest configs, orphaning rules). */
export interface ResourceIdentifier {
  group?: string;
  resource: string;
  name: string;
  namespace?: string;
}

/** One manifest resolved against the cluster. */
export interface ManifestTarget {
  ordinal: number;
  ref: ResourceRef;
  key: ObjectKey;
}

/** The key a manifest's object has on the cluster (namespaced kinds default to `default`). */
export function targetKey(ref: ResourceRef, metadata: Record<string, unknown> | undefined): ObjectKey {
  const name = typeof metadata?.name === 'string' ? metadata.name : '';
  if (ref.scope === 'Cluster') return { name };
  const namespace =
    typeof metadata?.namespace === 'string' && metadata.namespace ? metadata.namespace : 'default';
  return { namespace, name };
}

/** The status `resourceMeta` of a target. */
export function resourceMetaOf(target: ManifestTarget): ResourceMeta {
  return {
    ordinal: target.ordinal,
    group: target.ref.group,
    version: target.ref.version,
    kind: target.ref.kind,
    resource: target.ref.plural,
    name: target.key.name,
    namespace: target.key.namespace ?? '',
  };
}

/** A stable string for an applied object: group, resource, namespace and name. */
export function metaKey(meta: ResourceMeta): string {
  return `${meta.group ?? ''}/${meta.resource ?? ''}/${meta.namespace ?? ''}/${meta.name ?? ''}`;
}

function fits(pattern: string | undefined, value: string | undefined): boolean {
  return pattern === '*' || (pattern ?? '') === (value ?? '');
}

/** Whether an identifier names the object of `meta`. */
export function identifies(identifier: ResourceIdentifier, meta: ResourceMeta): boolean {
  return (
    (identifier.group ?? '') === (meta.group ?? '') &&
    identifier.resource === meta.resource &&
    fits(identifier.name, meta.name) &&
    fits(identifier.namespace, meta.namespace)
  );
}
