import { describe, expect, it } from 'vitest';
import { aggregateFieldErrors, fieldError, fieldErrorBody, fieldErrorMessage } from './field-error.js';

describe('fieldErrorBody', () => {
  it.each([
    [fieldError.required('spec.drPolicyRef'), 'Required value'],
    [fieldError.required('spec.size', 'must be set for async'), 'Required value: must be set for async'],
    [fieldError.invalid('spec.size', -1, 'must be positive'), 'Invalid value: -1: must be positive'],
    [fieldError.invalid('spec.ratio', 0.00001, 'too small'), 'Invalid value: 1e-05: too small'],
    [
      fieldError.invalid('metadata.name', 'Bad_Name', 'a lowercase RFC 1123 subdomain'),
      'Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain',
    ],
    [fieldError.invalid('spec.flag', true), 'Invalid value: true'],
    [fieldError.invalid('spec.x', null, 'must not be null'), 'Invalid value: "null": must not be null'],
    [
      fieldError.invalid('spec.labels', { b: 1, a: 'x' }),
      'Invalid value: map[string]interface {}{"a":"x", "b":1}',
    ],
    [
      fieldError.typeInvalid('spec.size', 'three', 'must be of type integer'),
      'Invalid value: "three": must be of type integer',
    ],
    [
      fieldError.notSupported('spec.action', 'Jump', ['Failover', 'Relocate']),
      'Unsupported value: "Jump": supported values: "Failover", "Relocate"',
    ],
    [fieldError.duplicate('spec.items[1]', 'a'), 'Duplicate value: "a"'],
    [fieldError.notFound('spec.ref', 'p1'), 'Not found: "p1"'],
    [fieldError.forbidden('spec.replicationState', 'may not be changed'), 'Forbidden: may not be changed'],
    [fieldError.tooLong('metadata.name', 63), 'Too long: may not be more than 63 bytes'],
    [fieldError.tooMany('spec.items', 5, 3), 'Too many: 5: must have at most 3 items'],
    [fieldError.tooMany('spec.items', -1, 1), 'Too many: must have at most 1 item'],
    [fieldError.internal('spec', 'boom'), 'Internal error: boom'],
  ])('%j', (error, body) => {
    expect(fieldErrorBody(error)).toBe(body);
  });

  it('prefixes the field in the full message', () => {
    expect(fieldErrorMessage(fieldError.invalid('spec.size', -1, 'must be positive'))).toBe(
      'spec.size: Invalid value: -1: must be positive',
    );
  });
});

describe('aggregateFieldErrors', () => {
  it('keeps one message bare and brackets several, without duplicates', () => {
    const a = fieldError.required('spec.a');
    const b = fieldError.invalid('spec.b', 2, 'odd');
    expect(aggregateFieldErrors([a])).toBe('spec.a: Required value');
    expect(aggregateFieldErrors([a, b, a])).toBe('[spec.a: Required value, spec.b: Invalid value: 2: odd]');
    expect(aggregateFieldErrors([a, a])).toBe('spec.a: Required value');
  });
});
