/**
 * DRPlacementControl declaration: the TypeScript type accepts the fields of Ramen's sample DRPC and rejects
 * wrong values, the CRD carries the columns `kubectl get drpc -o wide` relies on, and the immutable references
 * keep their CEL rules.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { toCustomResourceDefinition } from '../schema/index.js';
import { DRState, ProgressionStatus } from './constants/drpc-state.js';
import { type DRPlacementControl, DRPlacementControlKind } from './drplacementcontrol.js';
import { RAMEN_API_VERSION } from './group.js';

/** Ramen's sample DRPC, less the capture/recover orders its sample still shows but its CRD no longer has. */
const sample = {
  apiVersion: RAMEN_API_VERSION,
  kind: 'DRPlacementControl',
  metadata: { name: 'drplacementcontrol-sample', namespace: 'application-namespace' },
  spec: {
    preferredCluster: 'east',
    drPolicyRef: { apiVersion: RAMEN_API_VERSION, kind: 'DRPolicy', name: 'drpolicy-sample' },
    placementRef: { kind: 'PlacementRule', name: 'application-placement-rule' },
    pvcSelector: { matchLabels: { 'any-pvc-label': 'value' } },
    kubeObjectProtection: { captureInterval: '1m' },
    retainNamespaceSCCAcrossPeers: false,
  },
  status: {
    phase: DRState.Deployed,
    progression: ProgressionStatus.CleaningUp,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        reason: 'Deployed',
        message: 'done',
        lastTransitionTime: '2024-01-01T00:00:00Z',
      },
      {
        type: 'PeerReady',
        status: 'True',
        reason: 'Success',
        message: 'Ready',
        lastTransitionTime: '2024-01-01T00:00:00Z',
      },
    ],
  },
} satisfies DRPlacementControl;

const crd = toCustomResourceDefinition(DRPlacementControlKind);
const version = crd.spec.versions[0];
const specSchema = version?.schema.openAPIV3Schema.properties?.spec;

describe('DRPlacementControl', () => {
  it('types the sample and its state fields precisely', () => {
    expectTypeOf(sample).toExtend<DRPlacementControl>();
    expectTypeOf<NonNullable<DRPlacementControl['spec']>['action']>().toEqualTypeOf<
      'Failover' | 'Relocate' | undefined
    >();
    expect(sample.status.progression).toBe('Cleaning Up');
  });

  it("reads 'peer ready' from the second condition, where Ramen keeps PeerReady", () => {
    const column = version?.additionalPrinterColumns?.find((c) => c.name === 'peer ready');
    expect(column).toEqual({
      name: 'peer ready',
      type: 'string',
      jsonPath: '.status.conditions[1].status',
      priority: 2,
    });
    expect(sample.status.conditions[1]?.type).toBe('PeerReady');
  });

  it('requires and freezes the policy, placement and PVC selector', () => {
    expect(specSchema?.required).toEqual(['drPolicyRef', 'placementRef', 'pvcSelector']);
    for (const field of ['drPolicyRef', 'placementRef', 'pvcSelector']) {
      expect(specSchema?.properties?.[field]?.['x-kubernetes-validations']).toEqual([
        { rule: 'self == oldSelf', message: `${field} is immutable` },
      ]);
    }
  });

  it('registers under the drpc short name', () => {
    expect(crd.metadata.name).toBe('drplacementcontrols.ramendr.openshift.io');
    expect(crd.spec.names.shortNames).toEqual(['drpc']);
  });
});
