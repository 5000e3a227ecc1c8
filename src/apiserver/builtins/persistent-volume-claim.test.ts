import { describe, expect, it } from 'vitest';
import { renderFieldError } from '../../api/index.js';
import { humanDuration } from '../wire/index.js';
import type { PrinterContext } from './builtin-resource.js';
import { type PersistentVolume, persistentVolumeResource as pvs } from './persistent-volume.js';
import {
  type PersistentVolumeClaim,
  PVC_PROTECTION_FINALIZER,
  PVC_SPEC_IMMUTABLE_MESSAGE,
  persistentVolumeClaimResource as pvcs,
} from './persistent-volume-claim.js';
import { type StorageClass, storageClassResource } from './storage-class.js';

const NOW = new Date('2024-05-01T12:00:00Z');
const context: PrinterContext = { now: NOW, humanDuration };

function claim(): PersistentVolumeClaim {
  const object: PersistentVolumeClaim = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'apps', creationTimestamp: '2024-05-01T11:59:30Z' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      storageClassName: 'rbd',
    },
  };
  pvcs.defaults?.(object);
  pvcs.prepareForCreate?.(object, { now: NOW });
  return object;
}

function bound(object: PersistentVolumeClaim): PersistentVolumeClaim {
  object.spec!.volumeName = 'pv-1';
  object.status = {
    phase: 'Bound',
    capacity: { storage: '10Gi' },
    accessModes: ['ReadWriteOnce', 'ReadWriteMany'],
  };
  return object;
}

const row = (object: PersistentVolumeClaim) =>
  Object.fromEntries(pvcs.printerColumns.map((column) => [column.name, column.cell(object, context)]));

describe('persistent volume claims', () => {
  it('defaults Filesystem mode, starts Pending and adds the protection finalizer', () => {
    const object = claim();
    expect(object.spec?.volumeMode).toBe('Filesystem');
    expect(object.status).toEqual({ phase: 'Pending' });
    expect(object.metadata.finalizers).toEqual([PVC_PROTECTION_FINALIZER]);
    expect(pvcs.validate?.(object)).toEqual([]);
  });

  it('requires access modes and a storage request', () => {
    const object = claim();
    object.spec = { volumeMode: 'Filesystem' };
    expect(pvcs.validate?.(object).map(renderFieldError)).toEqual([
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
  });

  it('forbids spec changes except growing a bound claim', () => {
    const old = bound(claim());
    const grown = structuredClone(old);
    grown.spec!.resources!.requests!.storage = '20Gi';
    expect(pvcs.validateUpdate?.(grown, old)).toEqual([]);

    const shrunk = structuredClone(old);
    shrunk.spec!.resources!.requests!.storage = '5Gi';
    expect(pvcs.validateUpdate?.(shrunk, old).map(renderFieldError)).toEqual([
      'spec.resources.requests.storage: Forbidden: field can not be less than previous value',
    ]);

    const reclassed = structuredClone(old);
    reclassed.spec!.storageClassName = 'cephfs';
    expect(pvcs.validateUpdate?.(reclassed, old).map(renderFieldError)).toEqual([
      `spec: Forbidden: ${PVC_SPEC_IMMUTABLE_MESSAGE}`,
    ]);
  });

  it('lets the binder set volumeName once and refuses resizing an unbound claim', () => {
    const old = claim();
    const binding = structuredClone(old);
    binding.spec!.volumeName = 'pv-1';
    expect(pvcs.validateUpdate?.(binding, old)).toEqual([]);
    const resized = structuredClone(old);
    resized.spec!.resources!.requests!.storage = '20Gi';
    expect(pvcs.validateUpdate?.(resized, old).map(renderFieldError)).toEqual([
      `spec: Forbidden: ${PVC_SPEC_IMMUTABLE_MESSAGE}`,
    ]);
  });

  it('prints an unbound and a bound claim like kubectl', () => {
    expect(row(claim())).toEqual({
      Name: 'data',
      Status: 'Pending',
      Volume: '',
      Capacity: '',
      'Access Modes': '',
      StorageClass: 'rbd',
      VolumeAttributesClass: '<unset>',
      Age: '30s',
      VolumeMode: 'Filesystem',
    });
    expect(row(bound(claim()))).toMatchObject({
      Status: 'Bound',
      Volume: 'pv-1',
      Capacity: '10Gi',
      'Access Modes': 'RWO,RWX',
    });
  });
});

function volume(): PersistentVolume {
  const object: PersistentVolume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv-1', creationTimestamp: '2024-05-01T11:00:00Z' },
    spec: {
      capacity: { storage: '10Gi' },
      accessModes: ['ReadWriteOnce'],
      csi: { driver: 'rbd.csi.ceph.com', volumeHandle: 'vol-1' },
      storageClassName: 'rbd',
      claimRef: { namespace: 'apps', name: 'data' },
    },
  };
  pvs.defaults?.(object);
  pvs.prepareForCreate?.(object, { now: NOW });
  return object;
}

describe('persistent volumes', () => {
  it('defaults Retain and Filesystem and stamps the phase transition', () => {
    const object = volume();
    expect(object.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' });
    expect(object.status).toEqual({ phase: 'Pending', lastPhaseTransitionTime: '2024-05-01T12:00:00Z' });
    expect(pvs.validate?.(object)).toEqual([]);
  });

  it('requires exactly one source and keeps it immutable', () => {
    const none = volume();
    delete none.spec!.csi;
    expect(pvs.validate?.(none).map(renderFieldError)).toEqual([
      'spec: Required value: must specify a volume type',
    ]);
    const moved = volume();
    moved.spec!.csi!.volumeHandle = 'vol-2';
    expect(pvs.validateUpdate?.(moved, volume()).map(renderFieldError)).toEqual([
      'spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation',
    ]);
  });

  it('prints the claim as namespace/name', () => {
    const cells = pvs.printerColumns.map((column) => column.cell(volume(), context));
    expect(cells).toEqual([
      'pv-1',
      '10Gi',
      'RWO',
      'Retain',
      'Pending',
      'apps/data',
      'rbd',
      '<unset>',
      '',
      '60m',
      'Filesystem',
    ]);
  });
});

describe('storage classes', () => {
  const storageClass = (): StorageClass => {
    const object: StorageClass = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'rbd', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'rbd.csi.ceph.com',
      parameters: { pool: 'replicapool' },
    };
    storageClassResource.defaults?.(object);
    return object;
  };

  it('defaults Delete and Immediate and refuses parameter or provisioner changes', () => {
    const old = storageClass();
    expect(old).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
    const changed = storageClass();
    changed.parameters = { pool: 'other' };
    changed.provisioner = 'other.csi';
    expect(storageClassResource.validateUpdate?.(changed, old).map(renderFieldError)).toEqual([
      'parameters: Forbidden: updates to parameters are forbidden.',
      'provisioner: Forbidden: updates to provisioner are forbidden.',
    ]);
  });

  it('marks the default class in the NAME column', () => {
    expect(storageClassResource.printerColumns[0]?.cell(storageClass(), context)).toBe('rbd (default)');
  });
});
