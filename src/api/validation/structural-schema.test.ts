import { describe, expect, it } from 'vitest';
import { DRPolicyKind } from '../ramen/index.js';
import type { JSONSchemaProps } from '../schema/index.js';
import { renderFieldError } from './field-error.js';
import { validateStructuralSchema } from './structural-schema.js';

const P = 'spec.versions[0].schema.openAPIV3Schema';

function problems(spec: JSONSchemaProps): string[] {
  return validateStructuralSchema({ type: 'object', properties: { spec } }).map(renderFieldError);
}

describe('validateStructuralSchema', () => {
  it('accepts our DRPolicy schema', () => {
    expect(validateStructuralSchema(DRPolicyKind.openAPIV3Schema)).toEqual([]);
  });

  it('requires types and array items', () => {
    expect(problems({ properties: { a: { type: 'array' }, b: {} } })).toEqual([
      `${P}.properties[spec].properties[a].items: Required value: must be specified`,
      `${P}.properties[spec].properties[b].type: Required value: must not be empty for specified object fields`,
      `${P}.properties[spec].type: Required value: must not be empty for specified object fields`,
    ]);
    expect(validateStructuralSchema({ properties: {} }).map(renderFieldError)).toEqual([
      `${P}.type: Required value: must not be empty at the root`,
    ]);
  });

  it('allows untyped int-or-string and preserve-unknown-fields nodes', () => {
    expect(
      problems({
        type: 'object',
        properties: {
          port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
          raw: { 'x-kubernetes-preserve-unknown-fields': true },
        },
      }),
    ).toEqual([]);
  });

  it('rejects the OpenAPI constructs CRDs may not use', () => {
    expect(
      problems({
        type: 'object',
        properties: {
          a: { type: 'string', $ref: '#/x' },
          b: { type: 'array', items: { type: 'string' }, uniqueItems: true },
          c: {
            type: 'object',
            properties: { x: { type: 'string' } },
            additionalProperties: { type: 'string' },
          },
          d: { type: 'string', pattern: '(?=x)' },
          e: { type: 'object', additionalProperties: false },
        },
      }),
    ).toEqual([
      `${P}.properties[spec].properties[a].$ref: Forbidden: $ref is not supported`,
      `${P}.properties[spec].properties[b].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
      `${P}.properties[spec].properties[c].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
      expect.stringMatching(
        /^.*properties\[d\]\.pattern: Invalid value: "\(\?=x\)": must be a valid regular expression, but isn't: /,
      ),
      `${P}.properties[spec].properties[e].additionalProperties: Forbidden: additionalProperties cannot be set to false`,
    ]);
  });

  it('checks value validations only restate the structure', () => {
    expect(
      problems({
        type: 'object',
        properties: { a: { type: 'string' } },
        anyOf: [{ type: 'object', properties: { b: { description: 'x' } } }],
      }),
    ).toEqual([
      `${P}.properties[spec].anyOf[0].properties[b].description: Forbidden: must be empty to be structural`,
      `${P}.properties[spec].anyOf[0].type: Forbidden: must be empty to be structural`,
      `${P}.properties[spec].properties[b]: Required value: because it is defined in ${P}.properties[spec].anyOf[0].properties[b]`,
    ]);
  });

  it('restricts metadata at the root to name and generateName', () => {
    const schema = {
      type: 'object',
      properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } },
    };
    expect(validateStructuralSchema(schema).map(renderFieldError)).toEqual([
      `${P}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
    ]);
    const allowed = {
      type: 'object',
      properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10 } } } },
    };
    expect(validateStructuralSchema(allowed)).toEqual([]);
  });

  it('checks list and map types', () => {
    expect(
      problems({
        type: 'object',
        properties: {
          a: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'bag' },
          b: { type: 'array', items: { type: 'object' }, 'x-kubernetes-list-type': 'map' },
          c: {
            type: 'array',
            items: { type: 'object', properties: { k: { type: 'string' } } },
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['k'],
          },
        },
      }),
    ).toEqual([
      `${P}.properties[spec].properties[a].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"`,
      `${P}.properties[spec].properties[b].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`,
      `${P}.properties[spec].properties[c].items.properties[k].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
    ]);
  });

  it('validates defaults against their schema', () => {
    expect(problems({ type: 'object', properties: { n: { type: 'integer', default: 'x' } } })).toEqual([
      `${P}.properties[spec].properties[n].default: Invalid value: "string":  in body must be of type integer: "string"`,
    ]);
    expect(
      problems({ type: 'object', default: { unknown: 1 }, properties: { n: { type: 'integer' } } }),
    ).toEqual([
      `${P}.properties[spec].default: Invalid value: map[string]interface {}{"unknown":1}: must not have unknown fields`,
    ]);
  });

  it('compiles CEL rules and checks their options', () => {
    const errors = problems({
      type: 'object',
      properties: {
        list: {
          type: 'array',
          items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] },
        },
      },
      'x-kubernetes-validations': [
        { rule: 'self.a ==' },
        { rule: 'has(self.list)', optionalOldSelf: true },
        { rule: 'true', reason: 'Nope' as 'FieldValueInvalid' },
        { rule: 'true', fieldPath: '.missing' },
        { rule: 'true', messageExpression: 'unknownFn()' },
      ],
    });
    const rule = (text: string) =>
      `apiextensions.ValidationRule{Rule:"${text}", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}`;
    expect(errors).toEqual([
      expect.stringMatching(
        /^spec\.versions\[0\]\.schema\.openAPIV3Schema\.properties\[spec\]\.x-kubernetes-validations\[0\]\.rule: Invalid value: apiextensions\.ValidationRule\{Rule:"self\.a ==".*compilation failed: ERROR: <input>:1:\d+: Syntax error: /,
      ),
      `${P}.properties[spec].x-kubernetes-validations[1].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule`,
      `${P}.properties[spec].x-kubernetes-validations[2].reason: Unsupported value: "Nope": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"`,
      `${P}.properties[spec].x-kubernetes-validations[3].fieldPath: Invalid value: ".missing": fieldPath must be a valid path: does not refer to a valid field: missing`,
      `${P}.properties[spec].x-kubernetes-validations[4].messageExpression: Invalid value: "unknownFn()": messageExpression compilation failed: ERROR: <input>:1:1: undeclared reference to 'unknownFn' (in container '')`,
      `${P}.properties[spec].properties[list].items.x-kubernetes-validations[0].rule: Invalid value: ${rule('self == oldSelf')}: oldSelf cannot be used on the uncorrelatable portion of the schema within ${P}.properties[spec].properties[list]`,
    ]);
  });
});
