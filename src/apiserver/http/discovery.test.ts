import { describe, expect, it } from 'vitest';
import type { GroupVersionInfo, ResourceInfo } from '../registry/index.js';
import { aggregatedDiscovery, coreVersions, groupDocument, groupList, resourceList } from './discovery.js';
import { resourceInfo } from './testing/http-test-support.js';
import { compareVersionPriority } from './version-priority.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function info(overrides: Partial<ResourceInfo>): ResourceInfo {
  return resourceInfo({ verbs: VERBS, ...overrides });
}

const widget = info({
  group: 'example.com',
  resource: 'widgets',
  singular: 'widget',
  kind: 'Widget',
  listKind: 'WidgetList',
  shortNames: ['wd'],
  categories: ['all', 'dr'],
  subresources: ['status', 'scale'],
  custom: true,
});

const groupVersions: GroupVersionInfo[] = [
  {
    group: '',
    version: 'v1',
    resources: [
      info({}),
      info({
        resource: 'namespaces',
        kind: 'Namespace',
        namespaced: false,
        subresources: ['status', 'finalize'],
      }),
    ],
  },
  { group: 'example.com', version: 'v1alpha1', resources: [{ ...widget, version: 'v1alpha1' }] },
  { group: 'example.com', version: 'v1', resources: [widget] },
  {
    group: 'apps',
    version: 'v1',
    resources: [info({ group: 'apps', resource: 'deployments', kind: 'Deployment' })],
  },
];

describe('compareVersionPriority', () => {
  it('orders GA, beta, alpha, then other strings', () => {
    const versions = ['v1alpha1', 'foo', 'v2beta1', 'v1', 'v1beta2', 'v2', 'v1beta1', 'bar', 'v10alpha3'];
    expect(versions.sort(compareVersionPriority)).toEqual([
      'v2',
      'v1',
      'v2beta1',
      'v1beta2',
      'v1beta1',
      'v10alpha3',
      'v1alpha1',
      'bar',
      'foo',
    ]);
  });
});

describe('legacy discovery', () => {
  it('lists the core versions with the server address', () => {
    expect(coreVersions(groupVersions, '127.0.0.1:6443')).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
    });
  });

  it('lists named groups with the preferred version first', () => {
    expect(groupList(groupVersions)).toEqual({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [
        {
          name: 'example.com',
          versions: [
            { groupVersion: 'example.com/v1', version: 'v1' },
            { groupVersion: 'example.com/v1alpha1', version: 'v1alpha1' },
          ],
          preferredVersion: { groupVersion: 'example.com/v1', version: 'v1' },
        },
        {
          name: 'apps',
          versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
          preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
        },
      ],
    });
    expect(groupDocument(groupVersions, 'apps')).toMatchObject({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'apps',
    });
    expect(groupDocument(groupVersions, 'nope')).toBeUndefined();
  });

  it('lists resources and their subresources', () => {
    const list = resourceList(groupVersions, 'example.com', 'v1') as { resources: object[] };
    expect(list).toMatchObject({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'example.com/v1' });
    expect(list.resources).toEqual([
      {
        name: 'widgets',
        singularName: 'widget',
        namespaced: true,
        kind: 'Widget',
        verbs: VERBS,
        shortNames: ['wd'],
        categories: ['all', 'dr'],
        storageVersionHash: expect.stringMatching(/^[A-Za-z0-9+/]{11}=$/),
      },
      {
        name: 'widgets/status',
        singularName: '',
        namespaced: true,
        kind: 'Widget',
        verbs: ['get', 'patch', 'update'],
      },
      {
        name: 'widgets/scale',
        singularName: '',
        namespaced: true,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      },
    ]);
    const core = resourceList(groupVersions, '', 'v1') as {
      groupVersion: string;
      resources: { name: string }[];
    };
    expect(core.groupVersion).toBe('v1');
    expect(core.resources.map((r) => r.name)).toEqual([
      'configmaps',
      'namespaces',
      'namespaces/status',
      'namespaces/finalize',
    ]);
    expect(resourceList(groupVersions, 'example.com', 'v9')).toBeUndefined();
  });
});

describe('aggregated discovery', () => {
  it('serves the core group as one unnamed item', () => {
    const doc = aggregatedDiscovery(groupVersions, 'core', 'v2') as { items: { metadata: object }[] };
    expect(doc).toMatchObject({
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
    });
    expect(doc.items).toHaveLength(1);
    expect(doc.items[0]?.metadata).toEqual({ name: '' });
  });

  it('serves named groups with versions by preference and subresources', () => {
    const doc = aggregatedDiscovery(groupVersions, 'named', 'v2beta1') as {
      apiVersion: string;
      items: {
        metadata: { name: string };
        versions: { version: string; resources: object[]; freshness: string }[];
      }[];
    };
    expect(doc.apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
    expect(doc.items.map((item) => item.metadata.name)).toEqual(['example.com', 'apps']);
    const example = doc.items[0];
    expect(example?.versions.map((v) => v.version)).toEqual(['v1', 'v1alpha1']);
    expect(example?.versions[0]?.freshness).toBe('Current');
    expect(example?.versions[0]?.resources[0]).toEqual({
      resource: 'widgets',
      responseKind: { group: 'example.com', version: 'v1', kind: 'Widget' },
      scope: 'Namespaced',
      singularResource: 'widget',
      verbs: VERBS,
      shortNames: ['wd'],
      categories: ['all', 'dr'],
      subresources: [
        {
          subresource: 'status',
          responseKind: { group: 'example.com', version: 'v1', kind: 'Widget' },
          verbs: ['get', 'patch', 'update'],
        },
        {
          subresource: 'scale',
          responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
          verbs: ['get', 'patch', 'update'],
        },
      ],
    });
  });
});
