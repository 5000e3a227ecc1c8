import { describe, expect, it } from 'vitest';
import { renderFieldError } from '../../api/index.js';
import { humanDuration } from '../wire/index.js';
import {
  type CustomResourceDefinition,
  customResourceDefinitionResource as crds,
} from './custom-resource-definition.js';
import { fieldSelectorValue } from './field-selectors.js';
import { type Lease, leaseResource } from './lease.js';
import { type Namespace, namespaceResource } from './namespace.js';
import { selfSubjectAccessReviewResource as reviews } from './self-subject-access-review.js';
import { type Service, serviceResource } from './service.js';
import { volumeAttachmentResource } from './volume-attachment.js';

const NOW = new Date('2024-05-01T12:00:00Z');
const context = { now: NOW, humanDuration };

describe('namespaces', () => {
  it('get the name label, the kubernetes finalizer and the Active phase', () => {
    const namespace: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } };
    namespaceResource.defaults?.(namespace);
    namespaceResource.prepareForCreate?.(namespace, { now: NOW });
    expect(namespace).toMatchObject({
      metadata: { labels: { 'kubernetes.io/metadata.name': 'apps' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    expect(fieldSelectorValue(namespaceResource, namespace, 'status.phase')).toBe('Active');
    expect(fieldSelectorValue(namespaceResource, namespace, 'metadata.namespace')).toBe('');
  });

  it('re-stamp the label for generated names and do not list deletecollection', () => {
    const namespace: Namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'gen-x7k2p', labels: {} },
    };
    namespaceResource.canonicalize?.(namespace);
    expect(namespace.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'gen-x7k2p' });
    expect(namespaceResource.verbs).not.toContain('deletecollection');
    expect(namespaceResource.subresources.find((s) => s.name === 'finalize')?.owns).toEqual([
      'spec.finalizers',
    ]);
    expect(namespaceResource.nameRule).toBe('dns1123-label');
  });
});

describe('services', () => {
  const service = (): Service => {
    const object: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'apps', creationTimestamp: '2024-05-01T11:00:00Z' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }], clusterIP: '10.96.0.10' },
    };
    serviceResource.defaults?.(object);
    serviceResource.prepareForCreate?.(object, { now: NOW });
    return object;
  };

  it('default to ClusterIP with TCP ports targeting themselves', () => {
    expect(service().spec).toMatchObject({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      clusterIPs: ['10.96.0.10'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
    expect(serviceResource.nameRule).toBe('dns1035-label');
  });

  it('keep allocated cluster IPs when an update omits them and refuse changing them', () => {
    const old = service();
    const applied: Service = structuredClone(old);
    delete applied.spec!.clusterIP;
    delete applied.spec!.clusterIPs;
    serviceResource.prepareForUpdate?.(applied, old, { now: NOW });
    expect(applied.spec?.clusterIPs).toEqual(['10.96.0.10']);

    const moved: Service = structuredClone(old);
    moved.spec!.clusterIP = '10.96.0.11';
    moved.spec!.clusterIPs = ['10.96.0.11'];
    expect(serviceResource.validateUpdate?.(moved, old).map(renderFieldError)).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set',
    ]);
  });

  it('print TYPE CLUSTER-IP EXTERNAL-IP PORT(S)', () => {
    expect(serviceResource.printerColumns.map((c) => c.cell(service(), context))).toEqual([
      'web',
      'ClusterIP',
      '10.96.0.10',
      '<none>',
      '80/TCP',
      '60m',
      'app=web',
    ]);
  });
});

describe('leases', () => {
  const lease = (renewTime: string): Lease => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'ramen-leader', namespace: 'ramen' },
    spec: { holderIdentity: 'pod-a', leaseDurationSeconds: 15, renewTime },
  });

  it('require a resourceVersion on PUT and six fractional digits in MicroTimes', () => {
    expect(leaseResource.allowUnconditionalUpdate).toBe(false);
    expect(leaseResource.decodeError?.(lease('2024-05-01T11:59:59.123456Z'))).toBeUndefined();
    expect(leaseResource.decodeError?.(lease('2024-05-01T11:59:59.123Z'))).toContain(
      'cannot parse ".123Z" as ".000000"',
    );
    expect(leaseResource.printerColumns[1]?.cell(lease('2024-05-01T11:59:59.123456Z'), context)).toBe(
      'pod-a',
    );
  });

  it('validate the duration', () => {
    const object = lease('2024-05-01T11:59:59.123456Z');
    object.spec!.leaseDurationSeconds = 0;
    expect(leaseResource.validate?.(object).map(renderFieldError)).toEqual([
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    ]);
  });
});

describe('custom resource definitions', () => {
  const crd = (): CustomResourceDefinition => {
    const object: CustomResourceDefinition = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } },
          },
        ],
      },
    };
    crds.defaults?.(object);
    crds.prepareForCreate?.(object, { now: NOW });
    return object;
  };

  it('default names and conversion and record the storage version', () => {
    expect(crd().spec).toMatchObject({
      names: { singular: 'widget', listKind: 'WidgetList' },
      conversion: { strategy: 'None' },
    });
    expect(crd().status).toEqual({ storedVersions: ['v1'] });
    expect(crds.validate?.(crd())).toEqual([]);
  });

  it('require the name to be plural.group and exactly one storage version', () => {
    const object = crd();
    object.metadata.name = 'widget.example.com';
    object.spec!.versions!.push({
      name: 'v2',
      served: true,
      storage: true,
      schema: { openAPIV3Schema: { type: 'object' } },
    });
    const messages = crds.validate?.(object).map(renderFieldError) ?? [];
    expect(messages[0]).toBe(
      'metadata.name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group',
    );
    expect(messages.some((m) => m.endsWith('must have exactly one version marked as storage version'))).toBe(
      true,
    );
  });

  it('keep the group immutable and track generation on spec changes', () => {
    const changed = crd();
    changed.spec!.group = 'example.org';
    changed.metadata.name = 'widgets.example.org';
    expect(crds.validateUpdate?.(changed, crd()).map(renderFieldError)).toContain(
      'spec.group: Invalid value: "example.org": field is immutable',
    );
    expect(crds.generation?.watched).toEqual(['spec']);
    expect(crds.allowUnconditionalUpdate).toBe(false);
    expect(crds.printerColumns.map((c) => c.cell(crd(), context))).toEqual(['widgets.example.com', null]);
  });
});

describe('review and attachment kinds', () => {
  it('answer every access review with allowed and store nothing', () => {
    const review = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { resourceAttributes: { verb: 'list', resource: 'pods' } },
    };
    reviews.prepareForCreate?.(review, { now: NOW });
    expect(review).toMatchObject({ status: { allowed: true } });
    expect(reviews.persisted).toBe(false);
    expect(reviews.verbs).toEqual(['create']);
    expect(reviews.validate?.({ ...review, spec: {} }).map(renderFieldError)).toEqual([
      'spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    ]);
  });

  it('keep a volume attachment spec immutable', () => {
    const attachment = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'VolumeAttachment',
      metadata: { name: 'csi-1' },
      spec: { attacher: 'rbd.csi.ceph.com', nodeName: 'node-1', source: { persistentVolumeName: 'pv-1' } },
    };
    expect(volumeAttachmentResource.validate?.(attachment)).toEqual([]);
    const moved = structuredClone(attachment);
    moved.spec.nodeName = 'node-2';
    expect(
      volumeAttachmentResource.validateUpdate?.(moved, attachment).map((e) => `${e.field}: ${e.detail}`),
    ).toEqual(['spec: field is immutable']);
  });
});
