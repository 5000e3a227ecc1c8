/**
 * Finds the REST address of a kind on one cluster, as a real agent's RESTMapper does through discovery: the
 * built-in kinds by a fixed table, custom kinds from the cluster's CustomResourceDefinitions (re-read when a kind is
 * not known yet, so a CRD installed later is found). The work agent maps manifests (apiVersion + kind) this way, the
 * view agent its scopes (group + resource, or group + version + kind).
 */
import {
  type ClusterClient,
  type CustomResourceDefinitionObject,
  CustomResourceDefinitionResource,
  defineResource,
  type ResourceRef,
} from '../../kube/index.js';

/** No served kind matches. */
export class UnknownResourceError extends Error {
  override readonly name = 'UnknownResourceError';
}

type Scope = ResourceRef['scope'];

function builtin(group: string, version: string, plural: string, kind: string, scope: Scope): ResourceRef {
  return defineResource({ group, version, plural, kind, scope });
}

/** The built-in kinds a manifest or a view may name. */
const BUILTIN_RESOURCES: readonly ResourceRef[] = [
  builtin('', 'v1', 'namespaces', 'Namespace', 'Cluster'),
  builtin('', 'v1', 'configmaps', 'ConfigMap', 'Namespaced'),
  builtin('', 'v1', 'secrets', 'Secret', 'Namespaced'),
  builtin('', 'v1', 'services', 'Service', 'Namespaced'),
  builtin('', 'v1', 'serviceaccounts', 'ServiceAccount', 'Namespaced'),
  builtin('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', 'Namespaced'),
  builtin('', 'v1', 'persistentvolumes', 'PersistentVolume', 'Cluster'),
  builtin('', 'v1', 'pods', 'Pod', 'Namespaced'),
  builtin('', 'v1', 'events', 'Event', 'Namespaced'),
  builtin('apps', 'v1', 'deployments', 'Deployment', 'Namespaced'),
  builtin('apps', 'v1', 'statefulsets', 'StatefulSet', 'Namespaced'),
  builtin('apps', 'v1', 'replicasets', 'ReplicaSet', 'Namespaced'),
  builtin('apps', 'v1', 'daemonsets', 'DaemonSet', 'Namespaced'),
  builtin('batch', 'v1', 'jobs', 'Job', 'Namespaced'),
  builtin('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', 'Cluster'),
  builtin('storage.k8s.io', 'v1', 'volumeattachments', 'VolumeAttachment', 'Cluster'),
  builtin('coordination.k8s.io', 'v1', 'leases', 'Lease', 'Namespaced'),
  builtin('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', 'Cluster'),
  builtin('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', 'Namespaced'),
  builtin('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', 'Namespaced'),
  builtin('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', 'Cluster'),
  builtin('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', 'Cluster'),
];

/** What identifies a kind: group and version plus either kind or plural resource name. */
export interface ResourceQuery {
  group: string;
  /** Absent: the preferred (storage) version. */
  version?: string;
  kind?: string;
  resource?: string;
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function matches(ref: ResourceRef, query: ResourceQuery): boolean {
  if (ref.group !== query.group) return false;
  if (query.version !== undefined && query.version !== '' && ref.version !== query.version) return false;
  if (query.kind) return ref.kind === query.kind;
  return ref.plural === query.resource;
}

function crdResources(crd: CustomResourceDefinitionObject): ResourceRef[] {
  const spec = crd.spec;
  const names = spec?.names;
  if (!spec || !names?.plural || !names.kind) return [];
  const served = (spec.versions ?? []).filter((v) => v.served !== false);
  const ordered = [...served.filter((v) => v.storage), ...served.filter((v) => !v.storage)];
  return ordered.map((version) =>
    builtin(spec.group, version.name, names.plural as string, names.kind as string, spec.scope as Scope),
  );
}

/** Maps kinds to REST addresses on one cluster; see the module comment. */
export class ResourceMapper {
  readonly #client: ClusterClient;
  #custom: ResourceRef[] = [];

  constructor(client: ClusterClient) {
    this.#client = client;
  }

  /** The address of a manifest's kind. */
  forObject(apiVersion: string, kind: string): Promise<ResourceRef> {
    return this.resolve({ ...splitApiVersion(apiVersion), kind });
  }

  /** The address a query names; `UnknownResourceError` when the cluster serves no such kind. */
  async resolve(query: ResourceQuery): Promise<ResourceRef> {
    const known = this.#find(query);
    if (known) return known;
    const crds = await this.#client.list(CustomResourceDefinitionResource);
    this.#custom = crds.items.flatMap(crdResources);
    const found = this.#find(query);
    if (found) return found;
    const what = query.kind ?? query.resource ?? '?';
    throw new UnknownResourceError(
      `the server doesn't have a resource type "${what}" in group "${query.group}"${query.version ? ` version "${query.version}"` : ''}`,
    );
  }

  #find(query: ResourceQuery): ResourceRef | undefined {
    return (
      BUILTIN_RESOURCES.find((ref) => matches(ref, query)) ?? this.#custom.find((ref) => matches(ref, query))
    );
  }
}
