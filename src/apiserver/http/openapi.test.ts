import { describe, expect, it } from 'vitest';
import type { GroupVersionInfo, ResourceInfo } from '../registry/index.js';
import { buildOpenApiDocument, OpenApiCatalog, schemaName } from './openapi.js';

const widget: ResourceInfo = {
  group: 'example.com',
  version: 'v1',
  resource: 'widgets',
  singular: 'widget',
  kind: 'Widget',
  listKind: 'WidgetList',
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  shortNames: [],
  categories: [],
  subresources: ['status'],
  columns: [],
  custom: true,
  openAPIV3Schema: {
    type: 'object',
    description: 'A widget.',
    properties: {
      metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10 } } },
      spec: { type: 'object', properties: { size: { type: 'integer', description: 'How big.' } } },
    },
  },
};

const configMap: ResourceInfo = {
  ...widget,
  group: '',
  resource: 'configmaps',
  kind: 'ConfigMap',
  listKind: 'ConfigMapList',
  subresources: [],
  custom: false,
  openAPIV3Schema: undefined,
};

type Doc = {
  paths: Record<
    string,
    Record<string, { operationId: string; parameters: { name: string }[]; requestBody?: { content: object } }>
  >;
  components: { schemas: Record<string, { properties: Record<string, object> } & object> };
};

describe('buildOpenApiDocument', () => {
  const gv: GroupVersionInfo = { group: 'example.com', version: 'v1', resources: [widget] };
  const doc = buildOpenApiDocument(gv) as Doc;

  it('has PATCH operations that make kubectl validate on the server', () => {
    const patch = doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}']?.patch;
    expect(patch).toMatchObject({
      operationId: 'patchExampleComV1NamespacedWidget',
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': { group: 'example.com', version: 'v1', kind: 'Widget' },
    });
    expect(patch?.parameters.map((p) => p.name)).toEqual([
      'dryRun',
      'fieldManager',
      'fieldValidation',
      'force',
    ]);
    expect(Object.keys(patch?.requestBody?.content ?? {})).toEqual([
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
    ]);
    expect(
      doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status']?.patch,
    ).toMatchObject({
      operationId: 'patchExampleComV1NamespacedWidgetStatus',
    });
    expect(doc.paths['/apis/example.com/v1/widgets']?.get).toMatchObject({
      operationId: 'listExampleComV1WidgetForAllNamespaces',
    });
  });

  it('publishes the kind schema with the GVK and standard metadata for kubectl explain', () => {
    const schema = doc.components.schemas['com.example.v1.Widget'];
    expect(schema).toMatchObject({
      type: 'object',
      description: 'A widget.',
      'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
    });
    expect(Object.keys(schema?.properties ?? {})).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(schema?.properties.metadata).toMatchObject({
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }],
    });
    expect(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
    expect(doc.components.schemas['com.example.v1.WidgetList']).toMatchObject({
      'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'WidgetList' }],
    });
  });

  it('offers strategic merge for built-in kinds only', () => {
    const core = buildOpenApiDocument({ group: '', version: 'v1', resources: [configMap] }) as Doc;
    const patch = core.paths['/api/v1/namespaces/{namespace}/configmaps/{name}']?.patch;
    expect(patch?.operationId).toBe('patchCoreV1NamespacedConfigMap');
    expect(Object.keys(patch?.requestBody?.content ?? {})).toContain(
      'application/strategic-merge-patch+json',
    );
    expect(core.components.schemas['io.k8s.api.core.v1.ConfigMap']).toMatchObject({
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });
});

describe('schemaName', () => {
  it('names schemas as real servers do', () => {
    expect(schemaName(widget, 'Widget')).toBe('com.example.v1.Widget');
    expect(schemaName(configMap, 'ConfigMap')).toBe('io.k8s.api.core.v1.ConfigMap');
    expect(schemaName({ ...configMap, group: 'storage.k8s.io' }, 'StorageClass')).toBe(
      'io.k8s.api.storage.v1.StorageClass',
    );
    expect(schemaName({ ...configMap, group: 'apps' }, 'Deployment')).toBe('io.k8s.api.apps.v1.Deployment');
  });
});

describe('OpenApiCatalog', () => {
  it('indexes documents by content hash and rebuilds after invalidation', () => {
    let gvs: GroupVersionInfo[] = [{ group: 'example.com', version: 'v1', resources: [widget] }];
    const catalog = new OpenApiCatalog(() => gvs);
    const index = catalog.index() as { paths: Record<string, { serverRelativeURL: string }> };
    const url = index.paths['apis/example.com/v1']?.serverRelativeURL ?? '';
    const hash = catalog.document('apis/example.com/v1')?.hash ?? '';
    expect(url).toBe(`/openapi/v3/apis/example.com/v1?hash=${hash}`);
    expect(hash).toMatch(/^[0-9A-F]{32}$/);

    gvs = [
      { group: 'example.com', version: 'v1', resources: [{ ...widget, shortNames: ['wd'], categories: [] }] },
    ];
    expect(catalog.document('apis/example.com/v1')?.hash).toBe(hash);
    gvs = [
      { group: 'example.com', version: 'v1', resources: [{ ...widget, subresources: [] }] },
      { group: '', version: 'v1', resources: [configMap] },
    ];
    catalog.invalidate();
    expect(catalog.document('apis/example.com/v1')?.hash).not.toBe(hash);
    expect(Object.keys((catalog.index() as { paths: object }).paths)).toEqual([
      'apis/example.com/v1',
      'api/v1',
    ]);
    expect(catalog.document('apis/nope/v1')).toBeUndefined();
  });
});
