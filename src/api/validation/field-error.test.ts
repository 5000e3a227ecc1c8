import { describe, expect, it } from 'vitest';
import {
  duplicateError,
  fieldErrorBody,
  forbiddenError,
  internalError,
  invalidError,
  notFoundError,
  notSupportedError,
  renderFieldError,
  requiredError,
  tooLongError,
  tooManyError,
  typeInvalidError,
} from './field-error.js';
import { aggregateFieldErrors } from './invalid-error.js';

describe('field error text', () => {
  it('renders each error type as Kubernetes does', () => {
    expect(renderFieldError(requiredError('spec.drClusters'))).toBe('spec.drClusters: Required value');
    expect(
      renderFieldError(
        invalidError(
          'spec.schedulingInterval',
          '3s',
          "spec.schedulingInterval in body should match '^(|\\d+[mhd])$'",
        ),
      ),
    ).toBe(
      'spec.schedulingInterval: Invalid value: "3s": spec.schedulingInterval in body should match \'^(|\\d+[mhd])$\'',
    );
    expect(renderFieldError(notSupportedError('spec.action', 'Foo', ['Failover', 'Relocate']))).toBe(
      'spec.action: Unsupported value: "Foo": supported values: "Failover", "Relocate"',
    );
    expect(
      renderFieldError(
        typeInvalidError('spec.x', 'string', 'spec.x in body must be of type integer: "string"'),
      ),
    ).toBe('spec.x: Invalid value: "string": spec.x in body must be of type integer: "string"');
    expect(renderFieldError(tooLongError('spec.name', 63))).toBe(
      'spec.name: Too long: may not be more than 63 bytes',
    );
    expect(renderFieldError(tooLongError('spec.c', 1))).toBe('spec.c: Too long: may not be more than 1 byte');
    expect(renderFieldError(tooManyError('spec.items', 3, 2))).toBe(
      'spec.items: Too many: 3: must have at most 2 items',
    );
    expect(renderFieldError(duplicateError('spec.tags[2]', 'a'))).toBe('spec.tags[2]: Duplicate value: "a"');
    expect(renderFieldError(forbiddenError('spec.x', 'may not be set'))).toBe(
      'spec.x: Forbidden: may not be set',
    );
  });

  it('never prints the value of required, forbidden and too-long errors', () => {
    expect(fieldErrorBody({ type: 'FieldValueRequired', field: 'a', badValue: 'x', detail: '' })).toBe(
      'Required value',
    );
    expect(fieldErrorBody({ type: 'FieldValueTooLong', field: 'a', badValue: 'x', detail: 'd' })).toBe(
      'Too long: d',
    );
  });

  it('prints bad values with Go formatting', () => {
    expect(fieldErrorBody(invalidError('a', null, 'd'))).toBe('Invalid value: "null": d');
    expect(fieldErrorBody(invalidError('a', 5, 'd'))).toBe('Invalid value: 5: d');
    expect(fieldErrorBody(invalidError('a', 1.5, 'd'))).toBe('Invalid value: 1.5: d');
    expect(fieldErrorBody(invalidError('a', true, 'd'))).toBe('Invalid value: true: d');
    expect(fieldErrorBody(duplicateError('a', { name: 'x', port: 80 }))).toBe(
      'Duplicate value: map[string]interface {}{"name":"x", "port":80}',
    );
  });
});

describe('fieldErrorBody', () => {
  it.each([
    [requiredError('spec.drPolicyRef'), 'Required value'],
    [requiredError('spec.size', 'must be set for async'), 'Required value: must be set for async'],
    [invalidError('spec.size', -1, 'must be positive'), 'Invalid value: -1: must be positive'],
    [invalidError('spec.ratio', 0.00001, 'too small'), 'Invalid value: 1e-05: too small'],
    [
      invalidError('metadata.name', 'Bad_Name', 'a lowercase RFC 1123 subdomain'),
      'Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain',
    ],
    [invalidError('spec.flag', true), 'Invalid value: true'],
    [invalidError('spec.x', null, 'must not be null'), 'Invalid value: "null": must not be null'],
    [invalidError('spec.labels', { b: 1, a: 'x' }), 'Invalid value: map[string]interface {}{"a":"x", "b":1}'],
    [
      typeInvalidError('spec.size', 'three', 'must be of type integer'),
      'Invalid value: "three": must be of type integer',
    ],
    [
      notSupportedError('spec.action', 'Jump', ['Failover', 'Relocate']),
      'Unsupported value: "Jump": supported values: "Failover", "Relocate"',
    ],
    [duplicateError('spec.items[1]', 'a'), 'Duplicate value: "a"'],
    [notFoundError('spec.ref', 'p1'), 'Not found: "p1"'],
    [forbiddenError('spec.replicationState', 'may not be changed'), 'Forbidden: may not be changed'],
    [tooLongError('metadata.name', 63), 'Too long: may not be more than 63 bytes'],
    [tooManyError('spec.items', 5, 3), 'Too many: 5: must have at most 3 items'],
    [tooManyError('spec.items', -1, 1), 'Too many: must have at most 1 item'],
    [internalError('spec', 'boom'), 'Internal error: boom'],
  ])('%j', (error, body) => {
    expect(fieldErrorBody(error)).toBe(body);
  });

  it('prefixes the field in the full message', () => {
    expect(renderFieldError(invalidError('spec.size', -1, 'must be positive'))).toBe(
      'spec.size: Invalid value: -1: must be positive',
    );
  });
});

describe('aggregateFieldErrors', () => {
  it('keeps one message bare and brackets several, without duplicates', () => {
    const a = requiredError('spec.a');
    const b = invalidError('spec.b', 2, 'odd');
    expect(aggregateFieldErrors([a])).toBe('spec.a: Required value');
    expect(aggregateFieldErrors([a, b, a])).toBe('[spec.a: Required value, spec.b: Invalid value: 2: odd]');
    expect(aggregateFieldErrors([a, a])).toBe('spec.a: Required value');
  });
});
