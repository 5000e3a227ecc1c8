import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../schema/index.js';
import { renderFieldError } from './field-error.js';
import { compileSchemaNode } from './schema-node.js';
import { validateAgainstSchema } from './schema-validator.js';

/** Validates `{spec: value}` against `{spec: schema}` and returns the rendered errors. */
function check(schema: JSONSchemaProps, value: unknown, old?: unknown): string[] {
  const root = compileSchemaNode({ type: 'object', properties: { spec: schema } });
  const wrap = (v: unknown) => (v === undefined ? undefined : { spec: v });
  return validateAgainstSchema(wrap(value), root, wrap(old)).map(renderFieldError);
}

function field(schema: JSONSchemaProps, value: unknown): string[] {
  return check({ type: 'object', properties: { x: schema } }, { x: value });
}

describe('type', () => {
  it('rejects values of another JSON type with the value type as bad value', () => {
    expect(field({ type: 'integer' }, 'a')).toEqual([
      'spec.x: Invalid value: "string": spec.x in body must be of type integer: "string"',
    ]);
    expect(field({ type: 'integer' }, 1.5)).toEqual([
      'spec.x: Invalid value: "number": spec.x in body must be of type integer: "number"',
    ]);
    expect(field({ type: 'string' }, { a: 1 })).toEqual([
      'spec.x: Invalid value: "object": spec.x in body must be of type string: "object"',
    ]);
    expect(field({ type: 'boolean' }, [])).toEqual([
      'spec.x: Invalid value: "array": spec.x in body must be of type boolean: "array"',
    ]);
  });

  it('accepts integers for number fields', () => {
    expect(field({ type: 'number' }, 3)).toEqual([]);
    expect(field({ type: 'number' }, 3.25)).toEqual([]);
  });

  it('rejects null unless nullable', () => {
    expect(field({ type: 'string' }, null)).toEqual([
      'spec.x: Invalid value: "null": spec.x in body must be of type string: "null"',
    ]);
    expect(field({ type: 'string', nullable: true }, null)).toEqual([]);
  });

  it('accepts an integer or a string for int-or-string', () => {
    const schema = { 'x-kubernetes-int-or-string': true };
    expect(field(schema, 80)).toEqual([]);
    expect(field(schema, 'http')).toEqual([]);
    expect(field(schema, true)).toEqual([
      'spec.x: Invalid value: "boolean": spec.x in body must be of type integer,string: "boolean"',
    ]);
  });

  it('ignores numeric formats as the API server does (int32 is not range checked)', () => {
    expect(field({ type: 'integer', format: 'int32' }, 2 ** 40)).toEqual([]);
    expect(field({ type: 'integer', format: 'int64' }, 'x')).toEqual([
      'spec.x: Invalid value: "string": spec.x in body must be of type integer: "string"',
    ]);
  });
});

describe('string keywords', () => {
  it('checks maxLength in characters, not bytes', () => {
    expect(field({ type: 'string', maxLength: 3 }, 'ééé')).toEqual([]);
    expect(field({ type: 'string', maxLength: 3 }, 'abcd')).toEqual([
      'spec.x: Too long: may not be more than 3 bytes',
    ]);
  });

  it('checks minLength', () => {
    expect(field({ type: 'string', minLength: 1 }, '')).toEqual([
      'spec.x: Invalid value: "": spec.x in body should be at least 1 chars long',
    ]);
  });

  it('checks pattern (unanchored, as Go regexp.MatchString)', () => {
    expect(field({ type: 'string', pattern: '^(|\\d+[mhd])$' }, '3s')).toEqual([
      'spec.x: Invalid value: "3s": spec.x in body should match \'^(|\\d+[mhd])$\'',
    ]);
    expect(field({ type: 'string', pattern: '[0-9]' }, 'a1b')).toEqual([]);
    expect(field({ type: 'string', pattern: '(?i)^abc$' }, 'ABC')).toEqual([]);
  });

  it('reports only the first string failure', () => {
    expect(field({ type: 'string', maxLength: 1, pattern: '^a$' }, 'bbb')).toEqual([
      'spec.x: Too long: may not be more than 1 byte',
    ]);
  });
});

describe('formats', () => {
  const cases: [string, string, string][] = [
    ['date-time', '2024-05-01T10:00:00Z', '2024-05-01 10:00'],
    ['date-time', '2024-05-01T10:00:00.5+02:00', '2024-13-01T10:00:00Z'],
    ['date', '2024-02-29', '2023-02-29'],
    ['duration', '1h30m', '5 parsecs'],
    ['duration', '3 days', 'soon'],
    ['byte', 'aGVsbG8=', 'not base64!'],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', '123e4567'],
    ['ipv4', '10.0.0.1', '10.0.0.256'],
    ['ipv6', 'fe80::1', '10.0.0.1'],
    ['cidr', '10.0.0.0/8', '10.0.0.0/33'],
    ['hostname', 'example.com', 'exa mple'],
  ];
  it.each(cases)('%s accepts %s and rejects %s', (format, good, bad) => {
    expect(field({ type: 'string', format }, good)).toEqual([]);
    expect(field({ type: 'string', format }, bad)).toEqual([
      `spec.x: Invalid value: "${bad}": spec.x in body must be of type ${format}: "${bad}"`,
    ]);
  });

  it('ignores formats the API server does not know', () => {
    expect(field({ type: 'string', format: 'k8s-banana' }, 'anything')).toEqual([]);
  });
});

describe('number keywords', () => {
  it('checks minimum and maximum, inclusive and exclusive', () => {
    expect(field({ type: 'integer', minimum: 1 }, 0)).toEqual([
      'spec.x: Invalid value: 0: spec.x in body should be greater than or equal to 1',
    ]);
    expect(field({ type: 'integer', maximum: 10, exclusiveMaximum: true }, 10)).toEqual([
      'spec.x: Invalid value: 10: spec.x in body should be less than 10',
    ]);
    expect(field({ type: 'number', minimum: 0.5, exclusiveMinimum: true }, 0.5)).toEqual([
      'spec.x: Invalid value: 0.5: spec.x in body should be greater than 0.5',
    ]);
    expect(field({ type: 'number', maximum: 1000000 }, 1000000.5)).toEqual([
      'spec.x: Invalid value: 1.0000005e+06: spec.x in body should be less than or equal to 1e+06',
    ]);
  });

  it('checks multipleOf', () => {
    expect(field({ type: 'integer', multipleOf: 3 }, 9)).toEqual([]);
    expect(field({ type: 'integer', multipleOf: 3 }, 10)).toEqual([
      'spec.x: Invalid value: 10: spec.x in body should be a multiple of 3',
    ]);
    expect(field({ type: 'number', multipleOf: 0.1 }, 0.3)).toEqual([]);
    expect(field({ type: 'number', multipleOf: 0.5 }, 0.7)).toEqual([
      'spec.x: Invalid value: 0.7: spec.x in body should be a multiple of 0.5',
    ]);
  });
});

describe('enum', () => {
  it('lists the supported values', () => {
    expect(field({ type: 'string', enum: ['Failover', 'Relocate'] }, 'Foo')).toEqual([
      'spec.x: Unsupported value: "Foo": supported values: "Failover", "Relocate"',
    ]);
    expect(field({ type: 'integer', enum: [1, 2] }, 3)).toEqual([
      'spec.x: Unsupported value: 3: supported values: "1", "2"',
    ]);
    expect(field({ type: 'string', enum: ['', 'Failover'] }, '')).toEqual([]);
  });
});

describe('array keywords', () => {
  it('checks minItems and maxItems', () => {
    const schema = { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 3 };
    expect(field(schema, ['a'])).toEqual([
      'spec.x: Invalid value: 1: spec.x in body should have at least 2 items',
    ]);
    expect(field(schema, ['a', 'b', 'c', 'd'])).toEqual(['spec.x: Too many: 4: must have at most 3 items']);
  });

  it('validates every item with its index in the path', () => {
    const schema = {
      type: 'array',
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    };
    expect(field(schema, [{ name: 'a' }, {}, { name: 1 }])).toEqual([
      'spec.x[1].name: Required value',
      'spec.x[2].name: Invalid value: "integer": spec.x[2].name in body must be of type string: "integer"',
    ]);
  });
});

describe('object keywords', () => {
  it('checks required properties', () => {
    expect(
      check({ type: 'object', required: ['a', 'b'], properties: { a: { type: 'string' } } }, { a: 'x' }),
    ).toEqual(['spec.b: Required value']);
  });

  it('checks minProperties and maxProperties', () => {
    const schema = {
      type: 'object',
      additionalProperties: { type: 'string' },
      minProperties: 1,
      maxProperties: 2,
    };
    expect(check(schema, {})).toEqual([
      'spec: Invalid value: 0: spec in body should have at least 1 properties',
    ]);
    expect(check(schema, { a: '1', b: '2', c: '3' })).toEqual([
      'spec: Too many: 3: must have at most 2 items',
    ]);
  });

  it('validates map values with dotted key paths', () => {
    const schema = { type: 'object', additionalProperties: { type: 'string' } };
    expect(check(schema, { app: 1 })).toEqual([
      'spec.app: Invalid value: "integer": spec.app in body must be of type string: "integer"',
    ]);
  });
});

describe('value validation branches', () => {
  it('reports anyOf with the failing branch', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      anyOf: [{ required: ['a'] }, { required: ['b'] }],
    };
    expect(check(schema, { a: 'x' })).toEqual([]);
    expect(check(schema, {})).toEqual([
      '<nil>: Invalid value: "": "spec" must validate at least one schema (anyOf)',
      'spec.a: Required value',
    ]);
  });

  it('reports oneOf, allOf and not', () => {
    const props = { a: { type: 'string' }, b: { type: 'string' } };
    expect(
      check(
        { type: 'object', properties: props, oneOf: [{ required: ['a'] }, { required: ['b'] }] },
        { a: '', b: '' },
      ),
    ).toEqual([
      '<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives',
    ]);
    expect(check({ type: 'object', properties: props, allOf: [{ required: ['a'] }] }, {})).toEqual([
      'spec.a: Required value',
      '<nil>: Invalid value: "": "spec" must validate all the schemas (allOf). None validated',
    ]);
    expect(check({ type: 'object', properties: props, not: { required: ['a'] } }, { a: '' })).toEqual([
      '<nil>: Invalid value: "": "spec" must not validate the schema (not)',
    ]);
  });
});

describe('ratcheting on update', () => {
  const schema = {
    type: 'object',
    properties: { a: { type: 'string', maxLength: 2 }, b: { type: 'string', maxLength: 2 } },
  };

  it('drops errors of unchanged fields and keeps those of changed ones', () => {
    expect(check(schema, { a: 'long', b: 'x' }, { a: 'long', b: 'y' })).toEqual([]);
    expect(check(schema, { a: 'long', b: 'xyz' }, { a: 'long', b: 'y' })).toEqual([
      'spec.b: Too long: may not be more than 2 bytes',
    ]);
    expect(check(schema, { a: 'long' })).toEqual(['spec.a: Too long: may not be more than 2 bytes']);
  });
});
