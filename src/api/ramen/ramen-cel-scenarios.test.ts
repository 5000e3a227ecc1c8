/**
 * Ramen's CEL and schema scenarios (ramen-behavior.md §6.3, #35 and #38–#40; DRPolicy's #36–#37 are in
 * validation/admission.test.ts): valid objects are admitted, immutable fields refuse updates with Ramen's messages
 * in the exact Kubernetes shape.
 */
import { describe, expect, it } from 'vitest';
import { kindSchema } from '../kind-schema.js';
import type { KindDefinition } from '../schema/index.js';
import { InvalidObjectError } from '../validation/index.js';
import { DRClusterKind } from './drcluster.js';
import { DRClusterConfigKind } from './drclusterconfig.js';
import { DRPlacementControlKind } from './drplacementcontrol.js';
import { DRPolicyKind } from './drpolicy.js';

type Obj = Record<string, unknown>;

function object(kind: KindDefinition, spec: Obj, namespace?: string): Obj {
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    metadata: { name: 'x', ...(namespace ? { namespace } : {}) },
    spec,
  };
}

/** The 422 message for admitting `next` (an update when `previous` is given), or 'admitted'. */
function outcome(kind: KindDefinition, next: Obj, previous?: Obj): string {
  try {
    kindSchema(kind).admit(next, { fieldValidation: 'Strict', ...(previous ? { oldObject: previous } : {}) });
    return 'admitted';
  } catch (error) {
    if (error instanceof InvalidObjectError) return error.message;
    throw error;
  }
}

const drcluster = { s3ProfileName: 's3-east', region: 'east' };
const drpc = {
  placementRef: { kind: 'Placement', name: 'app-placement' },
  drPolicyRef: { name: 'dr-policy' },
  pvcSelector: { matchLabels: { appclass: 'gold' } },
  preferredCluster: 'east',
};

describe('#35 valid objects are created', () => {
  it.each([
    [DRPolicyKind, { drClusters: ['east', 'west'], schedulingInterval: '5m' }],
    [DRClusterKind, drcluster],
    [DRPlacementControlKind, drpc],
    [DRClusterConfigKind, { clusterID: 'd2c5b8f0-uid' }],
  ] as const)('%s', (kind, spec) => {
    expect(outcome(kind, object(kind, spec))).toBe('admitted');
  });
});

describe('#38 DRCluster s3ProfileName and region are immutable', () => {
  it('refuses a new s3ProfileName', () => {
    const before = object(DRClusterKind, drcluster);
    expect(
      outcome(DRClusterKind, object(DRClusterKind, { ...drcluster, s3ProfileName: 's3-west' }), before),
    ).toBe(
      'DRCluster.ramendr.openshift.io "x" is invalid: spec.s3ProfileName: Invalid value: "string": s3ProfileName is immutable',
    );
  });

  it('refuses a new region', () => {
    const before = object(DRClusterKind, drcluster);
    expect(outcome(DRClusterKind, object(DRClusterKind, { ...drcluster, region: 'west' }), before)).toBe(
      'DRCluster.ramendr.openshift.io "x" is invalid: spec.region: Invalid value: "string": region is immutable',
    );
  });

  it('allows changing the mutable fields', () => {
    const before = object(DRClusterKind, drcluster);
    expect(
      outcome(DRClusterKind, object(DRClusterKind, { ...drcluster, clusterFence: 'Fenced' }), before),
    ).toBe('admitted');
  });

  it('refuses a clusterFence outside its enum', () => {
    expect(outcome(DRClusterKind, object(DRClusterKind, { ...drcluster, clusterFence: 'Maybe' }))).toBe(
      'DRCluster.ramendr.openshift.io "x" is invalid: [spec.clusterFence: Unsupported value: "Maybe": supported ' +
        'values: "Unfenced", "Fenced", "ManuallyFenced", "ManuallyUnfenced", <nil>: Invalid value: "null": some ' +
        'validation rules were not checked because the object was invalid; correct the existing errors to complete ' +
        'validation]',
    );
  });
});

describe('#39 DRPC placementRef, drPolicyRef and pvcSelector are immutable', () => {
  const before = object(DRPlacementControlKind, drpc, 'app');
  it.each([
    ['placementRef', { kind: 'Placement', name: 'other' }],
    ['drPolicyRef', { name: 'other-policy' }],
    ['pvcSelector', { matchLabels: { appclass: 'silver' } }],
  ])('refuses a new %s', (field, value) => {
    expect(
      outcome(
        DRPlacementControlKind,
        object(DRPlacementControlKind, { ...drpc, [field]: value }, 'app'),
        before,
      ),
    ).toBe(
      `DRPlacementControl.ramendr.openshift.io "x" is invalid: spec.${field}: Invalid value: "object": ${field} is immutable`,
    );
  });

  it('allows a failover request', () => {
    const failover = { ...drpc, action: 'Failover', failoverCluster: 'west' };
    expect(outcome(DRPlacementControlKind, object(DRPlacementControlKind, failover, 'app'), before)).toBe(
      'admitted',
    );
  });

  it('requires the three references on create', () => {
    expect(
      outcome(DRPlacementControlKind, object(DRPlacementControlKind, { preferredCluster: 'east' }, 'app')),
    ).toBe(
      'DRPlacementControl.ramendr.openshift.io "x" is invalid: [spec.drPolicyRef: Required value, ' +
        'spec.placementRef: Required value, spec.pvcSelector: Required value]',
    );
  });
});

describe('#40 DRClusterConfig clusterID is required and immutable', () => {
  it('requires clusterID', () => {
    expect(outcome(DRClusterConfigKind, object(DRClusterConfigKind, {}))).toBe(
      'DRClusterConfig.ramendr.openshift.io "x" is invalid: spec.clusterID: Required value',
    );
  });

  it('refuses a new clusterID', () => {
    const before = object(DRClusterConfigKind, { clusterID: 'a' });
    expect(outcome(DRClusterConfigKind, object(DRClusterConfigKind, { clusterID: 'b' }), before)).toBe(
      'DRClusterConfig.ramendr.openshift.io "x" is invalid: spec.clusterID: Invalid value: "string": ClusterID is immutable',
    );
  });
});
