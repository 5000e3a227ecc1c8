/**
 * Ramen's own sample objects (../shared/ramen-reference/samples) against our CRDs, through the validation library
 * the API server uses. Ramen's DRPC and VRG samples still carry `kubeObjectProtection.captureOrder`/`recoverOrder`,
 * which Ramen's current CRDs no longer define: strict field validation reports exactly those, other modes prune them.
 * Two samples are stale upstream (Ramen's own CRDs refuse them on a real API server): for those we check that ours
 * refuses them with exactly the message Ramen's CRD produces.
 */
import { describe, expect, it } from 'vitest';
import { readReferenceYaml, skipReason } from '../../../test/support/ramen-reference.js';
import { kindSchema } from '../kind-schema.js';
import type { CustomResourceDefinition } from '../schema/index.js';
import { compileSchema, StrictDecodingError } from '../validation/index.js';
import { ramenKinds } from './index.js';

type Sample = {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
};

const samples = readReferenceYaml('samples')
  .map(({ file, doc }) => ({ file, sample: doc as Sample }))
  .filter(({ sample }) => sample.kind !== 'RamenConfig'); // a ConfigMap payload, not a CRD: see ramen-config.test.ts

const obsoleteFields = ['spec.kubeObjectProtection.captureOrder', 'spec.kubeObjectProtection.recoverOrder'];

function schemaOf(sample: Sample) {
  const kind = ramenKinds.find((k) => k.kind === sample.kind && k.apiVersion === sample.apiVersion);
  if (!kind) throw new Error(`no Ramen kind for ${sample.apiVersion} ${sample.kind}`);
  return kindSchema(kind);
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

const ramenCrds = readReferenceYaml('crds').map(({ doc }) => doc as CustomResourceDefinition);

/** Ramen's own CRD for the sample's kind, compiled by the same validation library. */
function ramenSchemaOf(sample: Sample) {
  const crd = ramenCrds.find((c) => c.spec.names.kind === sample.kind);
  if (!crd) throw new Error(`no Ramen CRD for ${sample.kind}`);
  return compileSchema(crd.spec.versions[0]?.schema.openAPIV3Schema ?? {}, {
    group: crd.spec.group,
    version: 'v1alpha1',
    kind: sample.kind,
  });
}

function verdict(schema: ReturnType<typeof schemaOf>, sample: Sample, mode: 'Strict' | 'Ignore'): string {
  const error = caught(() => schema.admit(sample, { fieldValidation: mode }));
  return error instanceof Error ? `${error.name}: ${error.message}` : 'accepted';
}

describe.skipIf(samples.length === 0)(`Ramen samples against our CRDs${skipReason}`, () => {
  const staleUpstream = samples.filter(
    ({ sample }) => verdict(ramenSchemaOf(sample), sample, 'Ignore') !== 'accepted',
  );
  const withObsoleteFields = samples.filter(({ sample }) =>
    ['DRPlacementControl', 'VolumeReplicationGroup'].includes(sample.kind),
  );
  const current = samples.filter((s) => !withObsoleteFields.includes(s) && !staleUpstream.includes(s));

  it('sorts the samples as expected: two stale upstream, two with obsolete fields, the rest current', () => {
    expect(staleUpstream.map(({ file }) => file)).toEqual([
      'ramendr_v1alpha1_metrodr_drpolicy.yaml',
      'ramendr_v1alpha1_protectedvolumereplicationgrouplist.yaml',
    ]);
    expect(withObsoleteFields.map(({ sample }) => sample.kind).sort()).toEqual([
      'DRPlacementControl',
      'VolumeReplicationGroup',
    ]);
    expect(current.length).toBeGreaterThanOrEqual(5);
  });

  it.each(samples.map(({ file, sample }) => [file, sample] as const))(
    '%s gets the same verdict from our CRD as from Ramen’s, in Strict and Ignore modes',
    (_f, sample) => {
      for (const mode of ['Strict', 'Ignore'] as const) {
        expect(verdict(schemaOf(sample), sample, mode)).toBe(verdict(ramenSchemaOf(sample), sample, mode));
      }
    },
  );

  it.each(current.map(({ file, sample }) => [file, sample] as const))(
    '%s is accepted under Strict as is',
    (_f, sample) => {
      const result = schemaOf(sample).admit(sample, { fieldValidation: 'Strict' });
      expect(result.warnings).toEqual([]);
      expect(result.object.spec ?? null).toEqual(sample.spec ?? null);
    },
  );

  it.each(withObsoleteFields.map(({ file, sample }) => [file, sample] as const))(
    '%s: Strict reports exactly captureOrder and recoverOrder as unknown fields',
    (_f, sample) => {
      const error = caught(() => schemaOf(sample).admit(sample, { fieldValidation: 'Strict' }));
      expect(error).toBeInstanceOf(StrictDecodingError);
      expect((error as StrictDecodingError).message).toBe(
        `${sample.kind} in version "v1alpha1" cannot be handled as a ${sample.kind}: strict decoding error: ` +
          obsoleteFields.map((field) => `unknown field "${field}"`).join(', '),
      );
    },
  );

  it.each(withObsoleteFields.map(({ file, sample }) => [file, sample] as const))(
    '%s: Warn prunes the two fields with a warning each, keeping everything else',
    (_f, sample) => {
      const { object, warnings } = schemaOf(sample).admit(sample, { fieldValidation: 'Warn' });
      expect(warnings).toEqual(obsoleteFields.map((field) => `unknown field "${field}"`));
      const protection = object.spec?.kubeObjectProtection as Record<string, unknown>;
      expect(Object.keys(protection)).toEqual(['captureInterval']);
      const { kubeObjectProtection: _k, ...restOfSpec } = object.spec ?? {};
      const { kubeObjectProtection: _s, ...restOfSample } = sample.spec ?? {};
      expect(restOfSpec).toEqual(restOfSample);
    },
  );

  it('refuses the stale samples with the messages a Kubernetes API server gives for Ramen’s CRDs', () => {
    const messages = staleUpstream.map(({ sample }) => verdict(schemaOf(sample), sample, 'Ignore'));
    expect(messages).toEqual([
      'InvalidObjectError: DRPolicy.ramendr.openshift.io "metrodr-drpolicy-sample" is invalid: [' +
        'spec.schedulingInterval: Invalid value: "object": spec.schedulingInterval in body must be of type string: ' +
        '"object", <nil>: Invalid value: "null": some validation rules were not checked because the object was ' +
        'invalid; correct the existing errors to complete validation]',
      'InvalidObjectError: ProtectedVolumeReplicationGroupList.ramendr.openshift.io ' +
        '"protectedvolumereplicationgrouplist-sample" is invalid: spec.s3ProfileName: Required value',
    ]);
  });
});
