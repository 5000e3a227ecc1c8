import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/index.js';
import { WidgetKind } from '../kube/testing/widget-kind.js';
import { enqueueRequestForObject, enqueueRequestForOwner, enqueueRequestsFromMapFunc } from './handlers.js';
import type { ObjectEvent } from './object-event.js';

function child(
  owners: NonNullable<KubeObject['metadata']['ownerReferences']>,
  labels?: Record<string, string>,
) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'child', namespace: 'ns', ownerReferences: owners, ...(labels ? { labels } : {}) },
  };
}

const widgetOwner = (name: string, controller?: boolean) => ({
  apiVersion: 'test.ramendr.io/v1',
  kind: 'Widget',
  name,
  uid: `uid-${name}`,
  ...(controller === undefined ? {} : { controller }),
});

describe('event handlers', () => {
  it('enqueueRequestForObject reconciles the object in its cluster', () => {
    const event: ObjectEvent = { type: 'create', cluster: 'dr1', object: child([]), isInInitialList: true };
    expect(enqueueRequestForObject()(event)).toEqual([{ cluster: 'dr1', namespace: 'ns', name: 'child' }]);
  });

  it('enqueueRequestForOwner maps to owners of the kind, old and new, optionally the controller only', () => {
    const old = child([widgetOwner('w1', true)]);
    const now = child([
      widgetOwner('w2', false),
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: 'u' },
      { apiVersion: 'other.io/v1', kind: 'Widget', name: 'w3', uid: 'u3' },
    ]);
    const event: ObjectEvent = { type: 'update', cluster: 'hub', oldObject: old, object: now };
    expect(enqueueRequestForOwner(WidgetKind)(event)).toEqual([
      { cluster: 'hub', namespace: 'ns', name: 'w1' },
      { cluster: 'hub', namespace: 'ns', name: 'w2' },
    ]);
    expect(enqueueRequestForOwner(WidgetKind, { onlyController: true })(event)).toEqual([
      { cluster: 'hub', namespace: 'ns', name: 'w1' },
    ]);
  });

  it('enqueueRequestsFromMapFunc maps across clusters', () => {
    const map = enqueueRequestsFromMapFunc((object, cluster) => [
      { cluster: 'hub', namespace: object.metadata.labels?.app ?? '', name: cluster },
    ]);
    const event: ObjectEvent = {
      type: 'delete',
      cluster: 'dr2',
      object: child([], { app: 'busybox' }),
      finalStateUnknown: false,
    };
    expect(map(event)).toEqual([{ cluster: 'hub', namespace: 'busybox', name: 'dr2' }]);
  });
});
