import { describe, expect, it } from 'vitest';
import { renderFieldError } from '../../api/index.js';
import { humanDuration } from '../wire/index.js';
import type { PrinterContext } from './builtin-resource.js';
import { type Deployment, deploymentResource } from './deployment.js';
import { replicaSetResource } from './replica-set.js';
import { type StatefulSet, statefulSetResource } from './stateful-set.js';

const context: PrinterContext = { now: new Date('2024-05-01T12:00:00Z'), humanDuration };

function deployment(): Deployment {
  const object: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'apps', creationTimestamp: '2024-05-01T09:00:00Z' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'web', image: 'nginx:1.27' },
            { name: 'proxy', image: 'envoy:1.30' },
          ],
        },
      },
    },
  };
  deploymentResource.defaults?.(object);
  return object;
}

describe('deployment defaults', () => {
  it('applies replicas, rolling update, history and progress deadline defaults', () => {
    const spec = deployment().spec;
    expect(spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(spec?.template?.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' });
    expect(spec?.template?.spec).not.toHaveProperty('enableServiceLinks');
  });

  it('leaves a Recreate strategy without rolling update parameters', () => {
    const object = deployment();
    object.spec!.strategy = { type: 'Recreate' };
    deploymentResource.defaults?.(object);
    expect(object.spec?.strategy).toEqual({ type: 'Recreate' });
  });
});

describe('deployment validation', () => {
  it('accepts the defaulted deployment', () => {
    expect(deploymentResource.validate?.(deployment())).toEqual([]);
  });

  it('reports a selector that does not match the template labels', () => {
    const object = deployment();
    object.spec!.template!.metadata = { labels: { app: 'api' } };
    expect(deploymentResource.validate?.(object).map(renderFieldError)).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
    ]);
  });

  it('forbids rollingUpdate parameters with a Recreate strategy', () => {
    const object = deployment();
    object.spec!.strategy!.type = 'Recreate';
    expect(deploymentResource.validate?.(object).map(renderFieldError)).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
  });

  it('keeps the selector immutable in apps/v1', () => {
    const old = deployment();
    const changed = deployment();
    changed.spec!.selector = { matchLabels: { app: 'web', tier: 'front' } };
    changed.spec!.template!.metadata = { labels: { app: 'web', tier: 'front' } };
    expect(deploymentResource.validateUpdate?.(changed, old).map(renderFieldError)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"front"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('requires a progress deadline above minReadySeconds', () => {
    const object = deployment();
    object.spec!.minReadySeconds = 600;
    expect(deploymentResource.validate?.(object).map(renderFieldError)).toEqual([
      'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
    ]);
  });
});

describe('deployment server behaviour', () => {
  it('tracks generation on spec and annotations, and scales through spec.replicas', () => {
    expect(deploymentResource.generation?.watched).toEqual(['spec', 'metadata.annotations']);
    expect(deploymentResource.subresources.map((s) => s.name)).toEqual(['status', 'scale']);
    expect(deploymentResource.scale?.selector(deployment())).toBe('app=web');
    expect(deploymentResource.categories).toEqual(['all']);
    expect(deploymentResource.shortNames).toEqual(['deploy']);
  });

  it('prints READY UP-TO-DATE AVAILABLE AGE and the wide columns', () => {
    const object = deployment();
    object.spec!.replicas = 3;
    object.status = { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 };
    const row = Object.fromEntries(
      deploymentResource.printerColumns.map((c) => [c.name, c.cell(object, context)]),
    );
    expect(row).toEqual({
      Name: 'web',
      Ready: '2/3',
      'Up-to-date': 3,
      Available: 2,
      Age: '3h',
      Containers: 'web,proxy',
      Images: 'nginx:1.27,envoy:1.30',
      Selector: 'app=web',
    });
    expect(deploymentResource.printerColumns.filter((c) => c.priority === 1).map((c) => c.name)).toEqual([
      'Containers',
      'Images',
      'Selector',
    ]);
  });
});

function statefulSet(): StatefulSet {
  const object: StatefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'apps' },
    spec: {
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' } },
        spec: { containers: [{ name: 'db', image: 'postgres:16' }] },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  };
  statefulSetResource.defaults?.(object);
  return object;
}

describe('statefulset', () => {
  it('defaults the update strategy, retention policy and claim templates', () => {
    const spec = statefulSet().spec;
    expect(spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      revisionHistoryLimit: 10,
    });
    expect(spec?.volumeClaimTemplates?.[0]).toMatchObject({
      spec: { volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
    expect(statefulSetResource.validate?.(statefulSet())).toEqual([]);
  });

  it('forbids changes outside the mutable spec fields', () => {
    const old = statefulSet();
    const scaled = statefulSet();
    scaled.spec!.replicas = 3;
    expect(statefulSetResource.validateUpdate?.(scaled, old)).toEqual([]);
    const renamed = statefulSet();
    renamed.spec!.serviceName = 'db-headless';
    expect(statefulSetResource.validateUpdate?.(renamed, old).map(renderFieldError)).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('uses DNS-label names and prints READY', () => {
    expect(statefulSetResource.nameRule).toBe('dns1123-label');
    const object = statefulSet();
    object.status = { readyReplicas: 1 };
    expect(statefulSetResource.printerColumns.find((c) => c.name === 'Ready')?.cell(object, context)).toBe(
      '1/1',
    );
  });
});

describe('replicaset', () => {
  it('reports an empty selector with the Go message and prints DESIRED/CURRENT/READY', () => {
    const set = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-1', namespace: 'apps' },
      spec: { selector: {}, template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }] } } },
      status: { replicas: 2, readyReplicas: 1 },
    };
    replicaSetResource.defaults?.(set);
    expect(replicaSetResource.validate?.(set).map(renderFieldError)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
    const row = replicaSetResource.printerColumns.slice(1, 4).map((c) => c.cell(set, context));
    expect(row).toEqual([1, 2, 1]);
  });
});
