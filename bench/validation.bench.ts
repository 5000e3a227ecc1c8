/**
 * Validation throughput: how fast the validation library admits Ramen objects (prune, default, schema, CEL). The API
 * server runs it on every custom-resource write, so it bounds create throughput.
 */
import {
  compileSchema,
  DRPlacementControlKind,
  DRPolicyKind,
  kindSchema,
  VolumeReplicationGroupKind,
} from '../src/api/index.js';
import { atLeast, type BenchSuite, type Figure, medianMs, opsPerSecond } from './harness.js';

const drpc = {
  apiVersion: 'ramendr.openshift.io/v1alpha1',
  kind: 'DRPlacementControl',
  metadata: { name: 'app', namespace: 'app' },
  spec: {
    placementRef: { kind: 'Placement', name: 'app-placement' },
    drPolicyRef: { name: 'dr-policy' },
    pvcSelector: { matchLabels: { appclass: 'gold' } },
    preferredCluster: 'dr1',
    kubeObjectProtection: { captureInterval: '5m' },
  },
};

const drpolicy = {
  apiVersion: 'ramendr.openshift.io/v1alpha1',
  kind: 'DRPolicy',
  metadata: { name: 'dr-policy' },
  spec: { drClusters: ['dr1', 'dr2'], schedulingInterval: '1m' },
};

const vrg = {
  apiVersion: 'ramendr.openshift.io/v1alpha1',
  kind: 'VolumeReplicationGroup',
  metadata: { name: 'app', namespace: 'app' },
  spec: {
    replicationState: 'primary',
    pvcSelector: { matchLabels: { appclass: 'gold' } },
    s3Profiles: ['minio-on-dr1', 'minio-on-dr2'],
    async: { schedulingInterval: '1m', replicationClassSelector: {} },
  },
  status: {
    state: 'Primary',
    protectedPVCs: Array.from({ length: 20 }, (_, i) => ({
      name: `pvc-${i}`,
      namespace: 'app',
      storageClassName: 'rbd',
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      conditions: [
        {
          type: 'DataReady',
          status: 'True',
          reason: 'Ready',
          message: 'PVC in the VolumeReplicationGroup is ready for use',
          lastTransitionTime: '2026-11-26T10:00:00Z',
          observedGeneration: 1,
        },
      ],
    })),
  },
};

/** The validation suite. */
export const validationSuite: BenchSuite = {
  name: 'validation',
  async run(): Promise<Figure[]> {
    // A fresh compile each run: what installing a CRD costs the API server.
    const { group, version, kind, openAPIV3Schema } = DRPlacementControlKind;
    const compileMs = await medianMs(() => compileSchema(openAPIV3Schema, { group, version, kind }));
    const drpcs = kindSchema(DRPlacementControlKind);
    const policies = kindSchema(DRPolicyKind);
    const vrgs = kindSchema(VolumeReplicationGroupKind);
    const updated = { ...drpc, spec: { ...drpc.spec, action: 'Failover', failoverCluster: 'dr2' } };
    return [
      { metric: 'compile DRPC schema', value: compileMs, unit: 'ms' },
      atLeast(
        'admit DRPolicy (create)',
        await opsPerSecond(() => policies.admit(drpolicy, { fieldValidation: 'Strict' })),
        'ops/s',
        20_000,
      ),
      atLeast(
        'admit DRPC (create)',
        await opsPerSecond(() => drpcs.admit(drpc, { fieldValidation: 'Strict' })),
        'ops/s',
        20_000,
      ),
      atLeast(
        'admit DRPC (update, CEL transition rules)',
        await opsPerSecond(() => drpcs.admit(updated, { fieldValidation: 'Strict', oldObject: drpc })),
        'ops/s',
        10_000,
      ),
      atLeast(
        'admit VRG with 20 protected PVCs',
        await opsPerSecond(() => vrgs.admit(vrg, { fieldValidation: 'Strict' })),
        'ops/s',
        2_000,
      ),
    ];
  },
};
