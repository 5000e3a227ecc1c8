import { describe, expect, it } from 'vitest';
import { invalidError, requiredError } from './field-error.js';
import { InvalidObjectError, StrictDecodingError } from './invalid-error.js';

const identity = { group: 'ramendr.openshift.io', version: 'v1alpha1', kind: 'DRPolicy' };

describe('InvalidObjectError', () => {
  it('carries the 422 Status of a single error', () => {
    const error = new InvalidObjectError(identity, 'p', [requiredError('spec.drClusters')]);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvalidObjectError');
    expect(error.code).toBe(422);
    expect(error.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'DRPolicy.ramendr.openshift.io "p" is invalid: spec.drClusters: Required value',
      reason: 'Invalid',
      details: {
        name: 'p',
        group: 'ramendr.openshift.io',
        kind: 'DRPolicy',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.drClusters' }],
      },
      code: 422,
    });
    expect(Object.keys(error.status)).toEqual([
      'kind',
      'apiVersion',
      'metadata',
      'status',
      'message',
      'reason',
      'details',
      'code',
    ]);
  });

  it('brackets several errors, drops duplicate messages but keeps every cause', () => {
    const errors = [requiredError('spec.a'), invalidError('spec.b', 'x', 'bad'), requiredError('spec.a')];
    const error = new InvalidObjectError(identity, 'p', errors);
    expect(error.message).toBe(
      'DRPolicy.ramendr.openshift.io "p" is invalid: [spec.a: Required value, spec.b: Invalid value: "x": bad]',
    );
    expect(error.status.details?.causes).toHaveLength(3);
    expect(error.status.details?.causes[1]).toEqual({
      reason: 'FieldValueInvalid',
      message: 'Invalid value: "x": bad',
      field: 'spec.b',
    });
  });

  it('omits the group of core kinds', () => {
    const error = new InvalidObjectError({ group: '', kind: 'ConfigMap' }, 'c', [requiredError('data')]);
    expect(error.message).toBe('ConfigMap "c" is invalid: data: Required value');
    expect(error.status.details).not.toHaveProperty('group');
  });
});

describe('StrictDecodingError', () => {
  it('carries the 400 BadRequest Status naming every unknown field', () => {
    const error = new StrictDecodingError(identity, ['spec.foo', 'spec.bar']);
    expect(error.name).toBe('StrictDecodingError');
    expect(error.code).toBe(400);
    expect(error.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'DRPolicy in version "v1alpha1" cannot be handled as a DRPolicy: strict decoding error: ' +
        'unknown field "spec.foo", unknown field "spec.bar"',
      reason: 'BadRequest',
      code: 400,
    });
  });
});
