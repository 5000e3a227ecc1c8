/**
 * API discovery documents (kube-api.md §3): the legacy documents (`APIVersions`, `APIGroupList`, `APIGroup`,
 * `APIResourceList`, one request per group version) and aggregated discovery (`APIGroupDiscoveryList`, everything
 * in two requests). kubectl 1.32 asks for aggregated discovery first and decides by the response content type;
 * client-node's `KubernetesObjectApi` reads the legacy per-group-version lists, so both are served. Every document
 * is computed from the registry's current group versions, so CRDs appear as soon as they are established.
 */
import { createHash } from 'node:crypto';
import type { GroupVersionInfo, ResourceInfo, Subresource } from '../registry/index.js';
import type { DiscoveryVersion } from './negotiation.js';
import { compareVersionPriority } from './version-priority.js';

/** A `groupVersion`/`version` pair of `APIGroup`. */
export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

/** `APIGroup`: one named group, its versions and the preferred one. */
export interface ApiGroup {
  kind?: 'APIGroup';
  apiVersion?: 'v1';
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion: GroupVersionForDiscovery;
}

/** How a subresource appears in discovery: its verbs and, when it differs, the kind it answers with. */
interface SubresourceShape {
  verbs: string[];
  kind?: { group: string; version: string; kind: string };
}

/** The shape of each subresource the server serves; `scale` answers with `autoscaling/v1` Scale. */
function subresourceShape(info: ResourceInfo, subresource: Subresource): SubresourceShape {
  switch (subresource) {
    case 'status':
      return { verbs: ['get', 'patch', 'update'] };
    case 'scale':
      return {
        verbs: ['get', 'patch', 'update'],
        kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      };
    case 'log':
      return { verbs: ['get'], kind: { group: '', version: 'v1', kind: 'Pod' } };
    case 'finalize':
      return { verbs: ['update'], kind: { group: info.group, version: info.version, kind: info.kind } };
  }
}

function groupVersionString(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** The 8-byte storage version hash clients use to notice storage migrations. */
function storageVersionHash(info: ResourceInfo): string {
  return createHash('sha256')
    .update(`${info.group}/${info.version}/${info.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
}

/** Named groups in registry order, each with its versions most preferred first. */
function namedGroups(groupVersions: readonly GroupVersionInfo[]): Map<string, GroupVersionInfo[]> {
  const groups = new Map<string, GroupVersionInfo[]>();
  for (const gv of groupVersions) {
    if (gv.group === '') continue;
    const versions = groups.get(gv.group) ?? [];
    versions.push(gv);
    groups.set(gv.group, versions);
  }
  for (const versions of groups.values())
    versions.sort((a, b) => compareVersionPriority(a.version, b.version));
  return groups;
}

function apiGroup(name: string, versions: readonly GroupVersionInfo[]): ApiGroup {
  const entries = versions.map((gv) => ({
    groupVersion: groupVersionString(name, gv.version),
    version: gv.version,
  }));
  return { name, versions: entries, preferredVersion: entries[0] as GroupVersionForDiscovery };
}

/** `GET /api`: the core group's versions and the address clients reach the server at. */
export function coreVersions(groupVersions: readonly GroupVersionInfo[], serverAddress: string): object {
  const versions = groupVersions
    .filter((gv) => gv.group === '')
    .map((gv) => gv.version)
    .sort(compareVersionPriority);
  return {
    kind: 'APIVersions',
    versions,
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `GET /apis`: every named group. */
export function groupList(groupVersions: readonly GroupVersionInfo[]): object {
  const groups = [...namedGroups(groupVersions)].map(([name, versions]) => apiGroup(name, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** `GET /apis/{group}`; undefined when the group is not served (404). */
export function groupDocument(
  groupVersions: readonly GroupVersionInfo[],
  group: string,
): ApiGroup | undefined {
  const versions = namedGroups(groupVersions).get(group);
  if (versions === undefined) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) };
}

/** `GET /api/v1`, `GET /apis/{group}/{version}`; undefined when the group version is not served (404). */
export function resourceList(
  groupVersions: readonly GroupVersionInfo[],
  group: string,
  version: string,
): object | undefined {
  const gv = groupVersions.find((candidate) => candidate.group === group && candidate.version === version);
  if (gv === undefined) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersionString(group, version),
    resources: gv.resources.flatMap(legacyResourceEntries),
  };
}

/** One `APIResource` for the resource and one per subresource. */
function legacyResourceEntries(info: ResourceInfo): object[] {
  const main: Record<string, unknown> = {
    name: info.resource,
    singularName: info.singular,
    namespaced: info.namespaced,
    kind: info.kind,
    verbs: [...info.verbs],
  };
  if (info.shortNames.length > 0) main.shortNames = [...info.shortNames];
  if (info.categories.length > 0) main.categories = [...info.categories];
  main.storageVersionHash = storageVersionHash(info);
  const subresources = info.subresources.map((subresource) => {
    const shape = subresourceShape(info, subresource);
    const entry: Record<string, unknown> = {
      name: `${info.resource}/${subresource}`,
      singularName: '',
      namespaced: info.namespaced,
    };
    if (
      shape.kind !== undefined &&
      (shape.kind.group !== info.group || shape.kind.version !== info.version)
    ) {
      entry.group = shape.kind.group;
      entry.version = shape.kind.version;
    }
    entry.kind = shape.kind?.kind ?? info.kind;
    entry.verbs = shape.verbs;
    return entry;
  });
  return [main, ...subresources];
}

/** Which half of aggregated discovery: `/api` (the core group) or `/apis` (named groups). */
export type DiscoveryScope = 'core' | 'named';

/**
 * `APIGroupDiscoveryList` for `/api` (one item named "") or `/apis` (one item per named group), in the requested
 * `apidiscovery.k8s.io` version.
 */
export function aggregatedDiscovery(
  groupVersions: readonly GroupVersionInfo[],
  scope: DiscoveryScope,
  version: DiscoveryVersion,
): object {
  const groups =
    scope === 'core'
      ? coreGroup(groupVersions)
      : [...namedGroups(groupVersions)].map(([name, versions]) => ({ name, versions }));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map(({ name, versions }) => ({
      metadata: { name },
      versions: versions.map((gv) => ({
        version: gv.version,
        resources: gv.resources.map(aggregatedResource),
        freshness: 'Current',
      })),
    })),
  };
}

function coreGroup(
  groupVersions: readonly GroupVersionInfo[],
): { name: string; versions: GroupVersionInfo[] }[] {
  const versions = groupVersions
    .filter((gv) => gv.group === '')
    .sort((a, b) => compareVersionPriority(a.version, b.version));
  return versions.length === 0 ? [] : [{ name: '', versions }];
}

function aggregatedResource(info: ResourceInfo): object {
  const entry: Record<string, unknown> = {
    resource: info.resource,
    responseKind: { group: info.group, version: info.version, kind: info.kind },
    scope: info.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: info.singular,
    verbs: [...info.verbs],
  };
  if (info.shortNames.length > 0) entry.shortNames = [...info.shortNames];
  if (info.categories.length > 0) entry.categories = [...info.categories];
  if (info.subresources.length > 0) {
    entry.subresources = info.subresources.map((subresource) => {
      const shape = subresourceShape(info, subresource);
      return {
        subresource,
        responseKind: shape.kind ?? { group: info.group, version: info.version, kind: info.kind },
        verbs: shape.verbs,
      };
    });
  }
  return entry;
}
