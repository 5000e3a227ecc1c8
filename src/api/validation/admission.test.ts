import { describe, expect, it } from 'vitest';
import { DRPolicyKind } from '../ramen/index.js';
import type { JSONSchemaProps } from '../schema/index.js';
import { compileSchema } from './admission.js';
import { InvalidObjectError, StrictDecodingError } from './invalid-error.js';

const drpolicies = compileSchema(DRPolicyKind.openAPIV3Schema, {
  group: DRPolicyKind.group,
  version: DRPolicyKind.version,
  kind: DRPolicyKind.kind,
});

function policy(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'ramendr.openshift.io/v1alpha1', kind: 'DRPolicy', metadata: { name: 'p' }, spec };
}

const valid = { drClusters: ['east', 'west'], schedulingInterval: '5m' };

/** The InvalidObjectError message of admitting `object`, or undefined when it is admitted. */
function rejection(object: Record<string, unknown>, oldObject?: Record<string, unknown>): string | undefined {
  try {
    drpolicies.admit(object, { fieldValidation: 'Strict', ...(oldObject ? { oldObject } : {}) });
    return undefined;
  } catch (error) {
    if (error instanceof InvalidObjectError) return error.message;
    throw error;
  }
}

describe('DRPolicy (Ramen CEL/schema scenarios #35-#37)', () => {
  it('admits a valid policy and defaults its class selectors', () => {
    const { object, warnings } = drpolicies.admit(policy(valid), { fieldValidation: 'Strict' });
    expect(warnings).toEqual([]);
    expect(object.spec).toEqual({ ...valid, replicationClassSelector: {}, volumeSnapshotClassSelector: {} });
  });

  it('rejects a nil drClusters as a required field', () => {
    expect(rejection(policy({ schedulingInterval: '5m' }))).toBe(
      'DRPolicy.ramendr.openshift.io "p" is invalid: spec.drClusters: Required value',
    );
    expect(rejection(policy({ drClusters: null, schedulingInterval: '5m' }))).toBe(
      'DRPolicy.ramendr.openshift.io "p" is invalid: spec.drClusters: Required value',
    );
  });

  it.each([[[]], [['east']], [['a', 'b', 'c']]])('rejects drClusters %j', (drClusters) => {
    expect(rejection(policy({ drClusters, schedulingInterval: '5m' }))).toBe(
      'DRPolicy.ramendr.openshift.io "p" is invalid: spec.drClusters: Invalid value: "array": drClusters requires a list of 2 clusters',
    );
  });

  it.each(['3s', '0'])('rejects schedulingInterval %s with the pattern error', (schedulingInterval) => {
    expect(rejection(policy({ drClusters: ['a', 'b'], schedulingInterval }))).toBe(
      `DRPolicy.ramendr.openshift.io "p" is invalid: spec.schedulingInterval: Invalid value: "${schedulingInterval}": ` +
        "spec.schedulingInterval in body should match '^(|\\d+[mhd])$'",
    );
  });

  it('accepts an empty schedulingInterval (Metro DR)', () => {
    expect(rejection(policy({ drClusters: ['a', 'b'], schedulingInterval: '' }))).toBeUndefined();
  });

  it('rejects updating drClusters', () => {
    expect(rejection(policy({ ...valid, drClusters: ['east', 'north'] }), policy(valid))).toBe(
      'DRPolicy.ramendr.openshift.io "p" is invalid: spec.drClusters: Invalid value: "array": drClusters is immutable',
    );
  });

  it('rejects updating schedulingInterval', () => {
    expect(rejection(policy({ ...valid, schedulingInterval: '6m' }), policy(valid))).toBe(
      'DRPolicy.ramendr.openshift.io "p" is invalid: spec.schedulingInterval: Invalid value: "string": schedulingInterval is immutable',
    );
  });

  it('rejects changing the replicationClassSelector', () => {
    const before = policy({ ...valid, replicationClassSelector: { matchLabels: { a: 'b' } } });
    const after = policy({ ...valid, replicationClassSelector: { matchLabels: { a: 'c' } } });
    expect(rejection(after, before)).toBe(
      'DRPolicy.ramendr.openshift.io "p" is invalid: spec.replicationClassSelector: Invalid value: "object": replicationClassSelector is immutable',
    );
  });

  it('defaults the stored old object before transition rules, so an unchanged update passes', () => {
    expect(rejection(policy(valid), policy(valid))).toBeUndefined();
    expect(rejection(policy({ ...valid, replicationClassSelector: {} }), policy(valid))).toBeUndefined();
  });

  it('lists several errors and gives every cause', () => {
    try {
      drpolicies.admit(policy({ drClusters: ['a'], schedulingInterval: '3s' }), {
        fieldValidation: 'Strict',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidObjectError);
      const status = (error as InvalidObjectError).status;
      expect(status.message).toBe(
        'DRPolicy.ramendr.openshift.io "p" is invalid: [' +
          'spec.schedulingInterval: Invalid value: "3s": spec.schedulingInterval in body should match \'^(|\\d+[mhd])$\', ' +
          'spec.drClusters: Invalid value: "array": drClusters requires a list of 2 clusters]',
      );
      expect(status.details?.causes.map((cause) => [cause.reason, cause.field])).toEqual([
        ['FieldValueInvalid', 'spec.schedulingInterval'],
        ['FieldValueInvalid', 'spec.drClusters'],
      ]);
    }
  });
});

describe('fieldValidation', () => {
  const object = policy({ ...valid, foo: 1, bar: { baz: true } });

  it('Strict refuses unknown fields with a 400', () => {
    expect(() => drpolicies.admit(object, { fieldValidation: 'Strict' })).toThrow(StrictDecodingError);
    expect(() => drpolicies.admit(object, { fieldValidation: 'Strict' })).toThrow(
      'DRPolicy in version "v1alpha1" cannot be handled as a DRPolicy: strict decoding error: ' +
        'unknown field "spec.bar", unknown field "spec.foo"',
    );
  });

  it('Warn prunes them and warns', () => {
    const result = drpolicies.admit(object, { fieldValidation: 'Warn' });
    expect(result.warnings).toEqual(['unknown field "spec.bar"', 'unknown field "spec.foo"']);
    expect(result.object.spec).not.toHaveProperty('foo');
  });

  it('Ignore prunes them silently', () => {
    const result = drpolicies.admit(object, { fieldValidation: 'Ignore' });
    expect(result.warnings).toEqual([]);
    expect(result.object.spec).not.toHaveProperty('bar');
  });

  it('never modifies the request body', () => {
    const snapshot = structuredClone(object);
    const result = drpolicies.admit(object, { fieldValidation: 'Warn' });
    expect(object).toEqual(snapshot);
    expect(result.object).not.toBe(object);
  });
});

describe('CompiledSchema on a generic CRD', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        'x-kubernetes-validations': [
          { rule: 'self.replicas <= self.max', message: 'replicas must not exceed max' },
        ],
        properties: {
          replicas: { type: 'integer', default: 1 },
          max: { type: 'integer', default: 3 },
          mode: { type: 'string', enum: ['a', 'b'] },
        },
      },
    },
  };
  const widgets = compileSchema(schema, { group: 'example.com', version: 'v1', kind: 'Widget' });
  const widget = (spec: Record<string, unknown>) => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w1' },
    spec,
  });

  it('validates after defaulting', () => {
    expect(widgets.admit(widget({}), { fieldValidation: 'Strict' }).object.spec).toEqual({
      replicas: 1,
      max: 3,
    });
    expect(() => widgets.admit(widget({ replicas: 5 }), { fieldValidation: 'Strict' })).toThrow(
      'Widget.example.com "w1" is invalid: spec: Invalid value: "object": replicas must not exceed max',
    );
  });

  it('does not run CEL rules on an object with type or enum errors', () => {
    expect(() => widgets.admit(widget({ replicas: 'x', mode: 'c' }), { fieldValidation: 'Strict' })).toThrow(
      'Widget.example.com "w1" is invalid: [' +
        'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string", ' +
        'spec.mode: Unsupported value: "c": supported values: "a", "b", ' +
        '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; ' +
        'correct the existing errors to complete validation]',
    );
  });

  it('applies defaults to objects read back from storage, copy-on-write', () => {
    const stored = widget({ replicas: 2 });
    const read = widgets.applyDefaults(stored);
    expect(read.spec).toEqual({ replicas: 2, max: 3 });
    expect(stored.spec).toEqual({ replicas: 2 });
    const complete = widget({ replicas: 2, max: 4 });
    expect(widgets.applyDefaults(complete)).toBe(complete);
  });
});
