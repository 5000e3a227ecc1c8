import { describe, expect, it } from 'vitest';
import { humanDuration } from '../wire/index.js';
import { builtinResources } from './index.js';

const byKey = new Map(builtinResources.map((r) => [`${r.group}/${r.plural}`, r]));
const get = (group: string, plural: string) => {
  const resource = byKey.get(`${group}/${plural}`);
  if (!resource) throw new Error(`no built-in ${group}/${plural}`);
  return resource;
};

describe('builtinResources', () => {
  it('lists each group/plural once, with the expected kinds', () => {
    expect(byKey.size).toBe(builtinResources.length);
    expect(builtinResources.map((r) => `${r.apiVersion} ${r.kind}`)).toEqual([
      'v1 Namespace',
      'v1 ConfigMap',
      'v1 Secret',
      'v1 Event',
      'v1 Pod',
      'v1 PersistentVolume',
      'v1 PersistentVolumeClaim',
      'v1 Service',
      'v1 ServiceAccount',
      'apps/v1 Deployment',
      'apps/v1 StatefulSet',
      'apps/v1 ReplicaSet',
      'events.k8s.io/v1 Event',
      'coordination.k8s.io/v1 Lease',
      'storage.k8s.io/v1 StorageClass',
      'storage.k8s.io/v1 VolumeAttachment',
      'apiextensions.k8s.io/v1 CustomResourceDefinition',
      'authorization.k8s.io/v1 SelfSubjectAccessReview',
    ]);
  });

  it('carries the discovery facts kubectl resolves names and categories with', () => {
    const facts = (group: string, plural: string) => {
      const r = get(group, plural);
      return {
        shortNames: r.shortNames,
        categories: r.categories,
        namespaced: r.namespaced,
        singular: r.singular,
      };
    };
    expect(facts('', 'pods')).toEqual({
      shortNames: ['po'],
      categories: ['all'],
      namespaced: true,
      singular: 'pod',
    });
    expect(facts('', 'persistentvolumeclaims')).toMatchObject({ shortNames: ['pvc'], categories: [] });
    expect(facts('', 'namespaces')).toMatchObject({ shortNames: ['ns'], namespaced: false });
    expect(facts('apps', 'statefulsets')).toMatchObject({ shortNames: ['sts'], categories: ['all'] });
    expect(facts('', 'services')).toMatchObject({ shortNames: ['svc'], categories: ['all'] });
    expect(facts('apiextensions.k8s.io', 'customresourcedefinitions')).toMatchObject({
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
    });
    expect(get('coordination.k8s.io', 'leases').shortNames).toEqual([]);
    expect(get('', 'pods').subresources.map((s) => s.name)).toEqual(['status', 'log']);
    expect(get('apps', 'deployments').subresources.find((s) => s.name === 'scale')?.responseKind).toEqual({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
  });

  it('tracks generation only where the real server does', () => {
    const tracked = builtinResources.filter((r) => r.generation).map((r) => r.kind);
    expect(tracked).toEqual(['Deployment', 'StatefulSet', 'ReplicaSet', 'CustomResourceDefinition']);
  });

  it('publishes plain structural schemas that keep large subtrees as sent', () => {
    for (const resource of builtinResources) {
      const schema = resource.definition.openAPIV3Schema;
      expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
      expect(schema.type).toBe('object');
    }
    const podSpec = get('', 'pods').definition.openAPIV3Schema.properties?.spec?.properties;
    expect(podSpec?.affinity?.['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(podSpec?.containers?.items?.properties?.image?.type).toBe('string');
  });

  it('gives every listable kind a Table with an Age or date column and cells of the right count', () => {
    const context = { now: new Date('2024-05-01T12:00:00Z'), humanDuration };
    for (const resource of builtinResources.filter((r) => r.verbs.includes('list'))) {
      const names = resource.printerColumns.map((c) => c.name);
      expect(names.some((n) => n === 'Age' || n === 'Last Seen' || n === 'Created At')).toBe(true);
      const empty = { apiVersion: resource.apiVersion, kind: resource.kind, metadata: { name: 'x' } };
      const cells = resource.printerColumns.map((column) => column.cell(empty, context));
      expect(cells).toHaveLength(names.length);
    }
  });

  it('declares strategic-merge keys for pod templates and metadata', () => {
    const deployment = get('apps', 'deployments').patchMeta;
    const containers = deployment.fields?.spec?.fields?.template?.fields?.spec?.fields?.containers;
    expect(containers).toMatchObject({ strategy: 'merge', mergeKey: 'name' });
    expect(deployment.fields?.metadata?.fields?.finalizers).toEqual({ strategy: 'merge' });
    expect(get('', 'services').patchMeta.fields?.spec?.fields?.ports).toEqual({
      strategy: 'merge',
      mergeKey: 'port',
    });
  });
});
