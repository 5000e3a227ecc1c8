/**
 * URL routing of the API server as a pure function: a request method and path become a `Route`, with no knowledge of
 * which resources exist (the handler resolves the resource against the registry afterwards). Keeping it pure makes
 * the path grammar of kube-api.md §5.1 testable on its own.
 */
import type { Subresource } from '../registry/index.js';

/** The Kubernetes verbs a resource request maps to (the names RBAC and discovery use). */
export type ResourceVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection';

/** The health endpoints, answered `ok` without authentication. */
export type HealthCheck = 'healthz' | 'livez' | 'readyz';

/** A request for a resource, a collection or a subresource. */
export interface ResourceRoute {
  kind: 'resource';
  verb: ResourceVerb;
  /** '' for the core group (`/api/v1`). */
  group: string;
  version: string;
  /** Undefined for cluster-scoped objects and for lists across all namespaces. */
  namespace?: string;
  resource: string;
  name?: string;
  /** The subresource segment as written; the handler checks it against the resource's subresources. */
  subresource?: string;
}

/** Every endpoint the server serves. */
export type Route =
  | { kind: 'root' }
  | { kind: 'version' }
  | { kind: 'health'; check: HealthCheck }
  /** `GET /api`: legacy `APIVersions` or aggregated discovery of the core group. */
  | { kind: 'core-versions' }
  /** `GET /apis`: legacy `APIGroupList` or aggregated discovery of the named groups. */
  | { kind: 'group-list' }
  /** `GET /apis/{group}`. */
  | { kind: 'group'; group: string }
  /** `GET /api/v1`, `GET /apis/{group}/{version}`: the `APIResourceList`. */
  | { kind: 'resource-list'; group: string; version: string }
  | { kind: 'openapi-v3-index' }
  /** `GET /openapi/v3/{api/v1 | apis/g/v}`; `path` is the index key. */
  | { kind: 'openapi-v3-document'; path: string }
  | { kind: 'openapi-v2' }
  | ResourceRoute
  /** A known path with a method it does not allow (405). */
  | { kind: 'method-not-allowed' }
  /** No such path (404). */
  | { kind: 'not-found' };

/** The subresources of the `namespaces` object itself, which share the shape of a namespaced collection path. */
const NAMESPACE_SUBRESOURCES: ReadonlySet<string> = new Set<Subresource>(['status', 'finalize']);

/** Query parameter values that turn a collection GET into a watch, as the real server parses booleans. */
const TRUE_VALUES: ReadonlySet<string> = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

/**
 * Routes a request.
 * @param method the HTTP method (upper case).
 * @param pathname the URL path, not yet percent-decoded.
 * @param query the parsed query string (only `watch` is read here).
 */
export function routeRequest(method: string, pathname: string, query: URLSearchParams): Route {
  const segments = splitPath(pathname);
  if (segments === undefined) return { kind: 'not-found' };
  const [head, ...rest] = segments;
  if (head === undefined) return onlyGet(method, { kind: 'root' });
  switch (head) {
    case 'version':
      return rest.length === 0 ? onlyGet(method, { kind: 'version' }) : { kind: 'not-found' };
    case 'healthz':
    case 'livez':
    case 'readyz':
      return onlyGet(method, { kind: 'health', check: head });
    case 'openapi':
      return onlyGet(method, routeOpenApi(rest));
    case 'api':
      return routeCore(method, rest, query);
    case 'apis':
      return routeGroups(method, rest, query);
    default:
      return { kind: 'not-found' };
  }
}

/** Splits a path into decoded segments; undefined when a segment does not decode or is empty inside the path. */
function splitPath(pathname: string): string[] | undefined {
  const trimmed = pathname.replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return [];
  const segments: string[] = [];
  for (const raw of trimmed.split('/')) {
    if (raw === '') return undefined;
    try {
      segments.push(decodeURIComponent(raw));
    } catch {
      return undefined;
    }
  }
  return segments;
}

function onlyGet(method: string, route: Route): Route {
  if (route.kind === 'not-found') return route;
  return method === 'GET' || method === 'HEAD' ? route : { kind: 'method-not-allowed' };
}

function routeOpenApi(rest: readonly string[]): Route {
  const [version, ...path] = rest;
  if (version === 'v2' && path.length === 0) return { kind: 'openapi-v2' };
  if (version !== 'v3') return { kind: 'not-found' };
  if (path.length === 0) return { kind: 'openapi-v3-index' };
  const valid = (path[0] === 'api' && path.length === 2) || (path[0] === 'apis' && path.length === 3);
  return valid ? { kind: 'openapi-v3-document', path: path.join('/') } : { kind: 'not-found' };
}

function routeCore(method: string, rest: readonly string[], query: URLSearchParams): Route {
  const [version, ...resourcePath] = rest;
  if (version === undefined) return onlyGet(method, { kind: 'core-versions' });
  if (resourcePath.length === 0) return onlyGet(method, { kind: 'resource-list', group: '', version });
  return routeResource(method, '', version, resourcePath, query);
}

function routeGroups(method: string, rest: readonly string[], query: URLSearchParams): Route {
  const [group, version, ...resourcePath] = rest;
  if (group === undefined) return onlyGet(method, { kind: 'group-list' });
  if (version === undefined) return onlyGet(method, { kind: 'group', group });
  if (resourcePath.length === 0) return onlyGet(method, { kind: 'resource-list', group, version });
  return routeResource(method, group, version, resourcePath, query);
}

/** Where a path points inside a group version, before the method picks the verb. */
interface Target {
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

function routeResource(
  method: string,
  group: string,
  version: string,
  path: readonly string[],
  query: URLSearchParams,
): Route {
  // The deprecated watch prefix (`/api/v1/watch/...`) only allows GET on collections and objects.
  const legacyWatch = path[0] === 'watch';
  const target = parseTarget(group, legacyWatch ? path.slice(1) : path);
  if (target === undefined) return { kind: 'not-found' };
  const verb = legacyWatch ? legacyWatchVerb(method, target) : verbFor(method, target, query);
  if (verb === undefined) return { kind: 'method-not-allowed' };
  const route: ResourceRoute = { kind: 'resource', verb, group, version, resource: target.resource };
  if (target.namespace !== undefined) route.namespace = target.namespace;
  if (target.name !== undefined) route.name = target.name;
  if (target.subresource !== undefined) route.subresource = target.subresource;
  return route;
}

/** Reads `[namespaces/{ns}/]{resource}[/{name}[/{subresource}]]`. */
function parseTarget(group: string, path: readonly string[]): Target | undefined {
  const [first, second, third, fourth, fifth, ...extra] = path;
  if (first === undefined || extra.length > 0) return undefined;
  const namespacedPath = first === 'namespaces' && third !== undefined;
  const namespaceObject =
    group === '' && namespacedPath && fourth === undefined && NAMESPACE_SUBRESOURCES.has(third);
  if (!namespacedPath || namespaceObject) {
    if (fourth !== undefined) return undefined;
    return withOptional({ resource: first }, second, third);
  }
  return withOptional({ namespace: second as string, resource: third }, fourth, fifth);
}

function withOptional(target: Target, name: string | undefined, subresource: string | undefined): Target {
  if (name !== undefined) target.name = name;
  if (subresource !== undefined) target.subresource = subresource;
  return target;
}

function verbFor(method: string, target: Target, query: URLSearchParams): ResourceVerb | undefined {
  if (target.name === undefined) {
    switch (method) {
      case 'GET':
      case 'HEAD':
        return TRUE_VALUES.has(query.get('watch') ?? '') ? 'watch' : 'list';
      case 'POST':
        return 'create';
      case 'DELETE':
        return 'deletecollection';
      default:
        return undefined;
    }
  }
  switch (method) {
    case 'GET':
    case 'HEAD':
      return 'get';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return target.subresource === undefined ? 'delete' : undefined;
    default:
      return undefined;
  }
}

function legacyWatchVerb(method: string, target: Target): ResourceVerb | undefined {
  if (method !== 'GET' || target.subresource !== undefined) return undefined;
  return 'watch';
}
