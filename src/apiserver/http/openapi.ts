/**
 * OpenAPI v3 (kube-api.md §4): an index of per-group-version documents, each with the operations of its resources and
 * the component schemas of its kinds. kubectl needs the PATCH operations (with `x-kubernetes-group-version-kind` and a
 * `fieldValidation` parameter) to validate on the server instead of aborting `apply`/`create`/`edit`, and the
 * component schemas for `kubectl explain`. Documents are addressed by a content hash so kubectl's cache notices
 * changes; they are rebuilt lazily after a discovery change.
 */
import { createHash } from 'node:crypto';
import type { GroupVersionInfo, ResourceInfo, Subresource } from '../registry/index.js';
import { LIST_META, metaComponentSchemas, OBJECT_META } from './openapi-meta-schemas.js';
import { KUBERNETES_VERSION } from './server-version.js';

/** One rendered document and the hash that addresses it. */
export interface OpenApiDocument {
  /** The serialized document. */
  body: string;
  /** Content hash used in `serverRelativeURL` (`?hash=`). */
  hash: string;
}

/** The index key of a group version: `api/v1` or `apis/{group}/{version}`. */
export function openApiPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/**
 * The documents of all served group versions, built on first use and dropped by `invalidate()` (call it on
 * discovery changes).
 */
export class OpenApiCatalog {
  readonly #groupVersions: () => readonly GroupVersionInfo[];
  #documents: Map<string, OpenApiDocument> | undefined;

  /** @param groupVersions the registry's current group versions. */
  constructor(groupVersions: () => readonly GroupVersionInfo[]) {
    this.#groupVersions = groupVersions;
  }

  /** Forgets the built documents; the next request rebuilds them. */
  invalidate(): void {
    this.#documents = undefined;
  }

  /** `GET /openapi/v3`. */
  index(): object {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const [path, document] of this.#build()) {
      paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${document.hash}` };
    }
    return { paths };
  }

  /** `GET /openapi/v3/{path}`; undefined when no such group version is served. */
  document(path: string): OpenApiDocument | undefined {
    return this.#build().get(path);
  }

  #build(): Map<string, OpenApiDocument> {
    if (this.#documents !== undefined) return this.#documents;
    const documents = new Map<string, OpenApiDocument>();
    for (const gv of this.#groupVersions()) {
      const body = JSON.stringify(buildOpenApiDocument(gv));
      const hash = createHash('sha512').update(body).digest('hex').slice(0, 32).toUpperCase();
      documents.set(openApiPath(gv.group, gv.version), { body, hash });
    }
    this.#documents = documents;
    return documents;
  }
}

/** The OpenAPI v3 document of one group version. */
export function buildOpenApiDocument(gv: GroupVersionInfo): object {
  const paths: Record<string, object> = {};
  const schemas: Record<string, object> = metaComponentSchemas();
  for (const info of gv.resources) {
    Object.assign(paths, resourcePaths(info));
    schemas[schemaName(info, info.kind)] = kindSchema(info);
    schemas[schemaName(info, info.listKind)] = listSchema(info);
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION.gitVersion },
    paths,
    components: { schemas },
  };
}

/** The component-schema name of a kind, in the style real servers use (`io.k8s.api.core.v1.ConfigMap`, ...). */
export function schemaName(info: ResourceInfo, kind: string): string {
  if (info.custom) return [...info.group.split('.').reverse(), info.version, kind].join('.');
  if (info.group === 'apiextensions.k8s.io') {
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${info.version}.${kind}`;
  }
  const short = info.group === '' ? 'core' : info.group.replace(/\.k8s\.io$/, '');
  return `io.k8s.api.${short}.${info.version}.${kind}`;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function gvk(info: ResourceInfo, kind = info.kind) {
  return { group: info.group, version: info.version, kind };
}

/** The kind's schema: the registry's structural schema with standard apiVersion/kind/metadata and the GVK. */
function kindSchema(info: ResourceInfo): object {
  const source = structuredClone(info.openAPIV3Schema ?? { 'x-kubernetes-preserve-unknown-fields': true });
  const { properties: ownProperties, ...rest } = source as { properties?: Record<string, unknown> };
  const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...fields } = ownProperties ?? {};
  return {
    ...rest,
    type: 'object',
    properties: {
      apiVersion: {
        type: 'string',
        description: 'The versioned schema of this representation of the object.',
      },
      kind: { type: 'string', description: 'The REST resource this object represents.' },
      metadata: { allOf: [ref(OBJECT_META)], default: {}, description: 'Standard object metadata.' },
      ...fields,
    },
    'x-kubernetes-group-version-kind': [gvk(info)],
  };
}

function listSchema(info: ResourceInfo): object {
  return {
    type: 'object',
    description: `A list of ${info.kind} objects.`,
    required: ['items'],
    properties: {
      apiVersion: {
        type: 'string',
        description: 'The versioned schema of this representation of the object.',
      },
      items: { type: 'array', items: ref(schemaName(info, info.kind)), description: `The ${info.resource}.` },
      kind: { type: 'string', description: 'The REST resource this object represents.' },
      metadata: { allOf: [ref(LIST_META)], default: {}, description: 'Standard list metadata.' },
    },
    'x-kubernetes-group-version-kind': [gvk(info, info.listKind)],
  };
}

/** A query or path parameter. */
function parameter(name: string, location: 'query' | 'path', type: 'string' | 'boolean' | 'integer'): object {
  return { name, in: location, ...(location === 'path' && { required: true }), schema: { type } };
}

const WRITE_QUERY = ['dryRun', 'fieldManager', 'fieldValidation'].map((name) =>
  parameter(name, 'query', 'string'),
);
const READ_QUERY = [
  parameter('labelSelector', 'query', 'string'),
  parameter('fieldSelector', 'query', 'string'),
  parameter('resourceVersion', 'query', 'string'),
  parameter('resourceVersionMatch', 'query', 'string'),
  parameter('limit', 'query', 'integer'),
  parameter('continue', 'query', 'string'),
  parameter('watch', 'query', 'boolean'),
  parameter('allowWatchBookmarks', 'query', 'boolean'),
  parameter('timeoutSeconds', 'query', 'integer'),
];
const DELETE_QUERY = [
  parameter('dryRun', 'query', 'string'),
  parameter('gracePeriodSeconds', 'query', 'integer'),
  parameter('propagationPolicy', 'query', 'string'),
];

function pascal(text: string): string {
  return text
    .split(/[.-]/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** The patch content types a resource accepts: no strategic merge for custom resources. */
function patchContentTypes(info: ResourceInfo): string[] {
  const types = ['application/json-patch+json', 'application/merge-patch+json'];
  if (!info.custom) types.push('application/strategic-merge-patch+json');
  types.push('application/apply-patch+yaml');
  return types;
}

/** Builds operations of one resource; operation ids follow the real server's `verbGroupVersion[Namespaced]Kind`. */
class OperationBuilder {
  readonly #info: ResourceInfo;
  readonly #groupVersion: string;

  constructor(info: ResourceInfo) {
    this.#info = info;
    this.#groupVersion = `${info.group === '' ? 'Core' : pascal(info.group)}${pascal(info.version)}`;
  }

  /**
   * One operation.
   * @param responseKind the kind of the response body (the list kind for list operations).
   */
  operation(
    verb: string,
    action: string,
    responseKind: string,
    options: {
      subresource?: Subresource;
      query?: object[];
      body?: string[];
      created?: boolean;
      allNamespaces?: boolean;
    },
  ): object {
    const info = this.#info;
    const scope = info.namespaced && options.allNamespaces !== true ? 'Namespaced' : '';
    const suffix =
      options.subresource !== undefined
        ? pascal(options.subresource)
        : options.allNamespaces
          ? 'ForAllNamespaces'
          : '';
    const responseSchema = { schema: ref(schemaName(info, responseKind)) };
    const responses: Record<string, object> = {
      '200': { description: 'OK', content: { 'application/json': responseSchema } },
      '401': { description: 'Unauthorized' },
    };
    if (options.created === true) {
      responses['201'] = { description: 'Created', content: { 'application/json': responseSchema } };
    }
    const operation: Record<string, unknown> = {
      operationId: `${verb}${this.#groupVersion}${scope}${info.kind}${suffix}`,
      parameters: options.query ?? [],
      responses,
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk(info),
    };
    if (options.body !== undefined) {
      const bodySchema = action === 'patch' ? { schema: { type: 'object' } } : responseSchema;
      operation.requestBody = {
        required: true,
        content: Object.fromEntries(options.body.map((type) => [type, bodySchema])),
      };
    }
    return operation;
  }
}

/** The collection, object and subresource paths of one resource with their operations. */
function resourcePaths(info: ResourceInfo): Record<string, object> {
  const prefix = `/${info.group === '' ? 'api' : `apis/${info.group}`}/${info.version}`;
  const scope = info.namespaced
    ? `${prefix}/namespaces/{namespace}/${info.resource}`
    : `${prefix}/${info.resource}`;
  const pathParams = info.namespaced ? [parameter('namespace', 'path', 'string')] : [];
  const nameParams = [parameter('name', 'path', 'string'), ...pathParams];
  const ops = new OperationBuilder(info);
  const can = (verb: string) => info.verbs.includes(verb);
  const paths: Record<string, object> = {};
  const collection: Record<string, unknown> = { parameters: pathParams };
  if (can('list')) collection.get = ops.operation('list', 'list', info.listKind, { query: READ_QUERY });
  if (can('create')) {
    collection.post = ops.operation('create', 'post', info.kind, {
      query: WRITE_QUERY,
      body: ['application/json', 'application/yaml'],
      created: true,
    });
  }
  if (can('deletecollection')) {
    collection.delete = ops.operation('deleteCollection', 'deletecollection', info.listKind, {
      query: [...READ_QUERY, ...DELETE_QUERY],
    });
  }
  paths[scope] = collection;
  const item: Record<string, unknown> = { parameters: nameParams };
  if (can('get')) item.get = ops.operation('read', 'get', info.kind, {});
  if (can('update')) {
    item.put = ops.operation('replace', 'put', info.kind, { query: WRITE_QUERY, body: ['application/json'] });
  }
  if (can('patch')) {
    item.patch = ops.operation('patch', 'patch', info.kind, {
      query: [...WRITE_QUERY, parameter('force', 'query', 'boolean')],
      body: patchContentTypes(info),
      created: true,
    });
  }
  if (can('delete')) item.delete = ops.operation('delete', 'delete', info.kind, { query: DELETE_QUERY });
  paths[`${scope}/{name}`] = item;
  for (const subresource of info.subresources) {
    if (subresource === 'status') paths[`${scope}/{name}/status`] = statusPath(info, ops, nameParams);
  }
  if (info.namespaced && can('list')) {
    paths[`${prefix}/${info.resource}`] = {
      get: ops.operation('list', 'list', info.listKind, { query: READ_QUERY, allNamespaces: true }),
    };
  }
  return paths;
}

function statusPath(info: ResourceInfo, ops: OperationBuilder, nameParams: object[]): object {
  return {
    parameters: nameParams,
    get: ops.operation('read', 'get', info.kind, { subresource: 'status' }),
    put: ops.operation('replace', 'put', info.kind, {
      subresource: 'status',
      query: WRITE_QUERY,
      body: ['application/json'],
    }),
    patch: ops.operation('patch', 'patch', info.kind, {
      subresource: 'status',
      query: [...WRITE_QUERY, parameter('force', 'query', 'boolean')],
      body: patchContentTypes(info),
      created: true,
    }),
  };
}
