import { describe, expect, it } from 'vitest';
import {
  duplicateError,
  fieldErrorBody,
  forbiddenError,
  invalidError,
  notSupportedError,
  renderFieldError,
  requiredError,
  tooLongError,
  tooManyError,
  typeInvalidError,
} from './field-error.js';
import { goFloat, goQuote, goSyntax, goValue } from './go-format.js';

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

describe('Go formatting', () => {
  it('quotes like strconv.Quote', () => {
    expect(goQuote('a"b\\c\n\t')).toBe('"a\\"b\\\\c\\n\\t"');
    expect(goQuote('\u0001é')).toBe('"\\x01é"');
  });

  it('prints float64 with %v rules', () => {
    expect(goFloat(1)).toBe('1');
    expect(goFloat(0.5)).toBe('0.5');
    expect(goFloat(123456)).toBe('123456');
    expect(goFloat(1000000)).toBe('1e+06');
    expect(goFloat(1234567.5)).toBe('1.2345675e+06');
    expect(goFloat(0.00001)).toBe('1e-05');
  });

  it('prints maps and slices with %#v', () => {
    expect(goSyntax({ b: [1, 'x'], a: null })).toBe(
      'map[string]interface {}{"a":interface {}(nil), "b":[]interface {}{1, "x"}}',
    );
    expect(goValue(['a'])).toBe('[]interface {}{"a"}');
  });
});
