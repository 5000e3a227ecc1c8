import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps, ValidationRule } from '../schema/index.js';
import { validateRules } from './cel-validation.js';
import { renderFieldError } from './field-error.js';
import { compileSchemaNode } from './schema-node.js';

/** Runs the CEL rules of `{spec: schema}` on `{spec: value}` (and the old value on update). */
function rules(schema: JSONSchemaProps, value: unknown, old?: unknown): string[] {
  const root = compileSchemaNode({ type: 'object', properties: { spec: schema } });
  return validateRules({ spec: value }, root, old === undefined ? undefined : { spec: old }).map(
    renderFieldError,
  );
}

function withRules(schema: JSONSchemaProps, ...list: ValidationRule[]): JSONSchemaProps {
  return { ...schema, 'x-kubernetes-validations': list };
}

const counter = {
  type: 'object',
  properties: { replicas: { type: 'integer' }, max: { type: 'integer' }, ratio: { type: 'number' } },
};

describe('rule evaluation', () => {
  it('reports message, or "failed rule: <rule>", with the schema type as bad value', () => {
    const schema = withRules(counter, {
      rule: 'self.replicas <= self.max',
      message: 'replicas must be <= max',
    });
    expect(rules(schema, { replicas: 3, max: 5 })).toEqual([]);
    expect(rules(schema, { replicas: 7, max: 5 })).toEqual([
      'spec: Invalid value: "object": replicas must be <= max',
    ]);
    expect(rules(withRules(counter, { rule: 'self.replicas <= self.max' }), { replicas: 7, max: 5 })).toEqual(
      ['spec: Invalid value: "object": failed rule: self.replicas <= self.max'],
    );
  });

  it('evaluates schema integers as CEL int and numbers as double', () => {
    expect(rules(withRules(counter, { rule: 'self.replicas % 2 == 0' }), { replicas: 4 })).toEqual([]);
    expect(rules(withRules(counter, { rule: 'self.ratio / 2.0 < 1.0' }), { ratio: 1 })).toEqual([]);
  });

  it('uses messageExpression, falling back to message when it does not give a string', () => {
    const schema = withRules(counter, {
      rule: 'self.replicas <= self.max',
      messageExpression: "'replicas ' + string(self.replicas) + ' exceeds ' + string(self.max)",
    });
    expect(rules(schema, { replicas: 7, max: 5 })).toEqual([
      'spec: Invalid value: "object": replicas 7 exceeds 5',
    ]);
    const broken = withRules(counter, {
      rule: 'self.replicas < 0',
      message: 'fallback',
      messageExpression: 'self.missing',
    });
    expect(rules(broken, { replicas: 1 })).toEqual(['spec: Invalid value: "object": fallback']);
  });

  it('maps reason to the error type and fieldPath to the reported field', () => {
    const schema = withRules(counter, {
      rule: 'has(self.max)',
      message: 'max is required',
      reason: 'FieldValueRequired',
      fieldPath: '.max',
    });
    expect(rules(schema, { replicas: 1 })).toEqual(['spec.max: Required value: max is required']);
    const forbidden = withRules(counter, {
      rule: '!has(self.ratio)',
      message: 'no ratio',
      reason: 'FieldValueForbidden',
    });
    expect(rules(forbidden, { ratio: 1 })).toEqual(['spec: Forbidden: no ratio']);
  });

  it('reports evaluation errors with the rule', () => {
    expect(rules(withRules(counter, { rule: 'self.max > 0' }), { replicas: 1 })).toEqual([
      'spec: Invalid value: "object": no such key: max evaluating rule: self.max > 0',
    ]);
  });

  it('reports a rule that does not compile on every write', () => {
    const errors = rules(withRules(counter, { rule: 'self.replicas >' }), {});
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^spec: Invalid value: "object": rule compile error: compilation failed: ERROR: <input>:1:15: Syntax error: /,
    );
    expect(rules(withRules(counter, { rule: 'nope(self)' }), {})).toEqual([
      'spec: Invalid value: "object": rule compile error: compilation failed: ' +
        "ERROR: <input>:1:1: undeclared reference to 'nope' (in container '')",
    ]);
  });

  it('skips null values and reaches rules in list items and map values', () => {
    const item = withRules(
      { type: 'string' },
      { rule: 'self.startsWith("x")', message: 'must start with x' },
    );
    const schema = {
      type: 'object',
      properties: {
        list: { type: 'array', items: item },
        map: { type: 'object', additionalProperties: item },
      },
    };
    expect(rules(schema, { list: ['xa', 'b'], map: { k: 'c' } })).toEqual([
      'spec.list[1]: Invalid value: "string": must start with x',
      'spec.map[k]: Invalid value: "string": must start with x',
    ]);
  });

  it('supports the Kubernetes list and regex libraries and escaped property names', () => {
    const list = { type: 'array', items: { type: 'integer' } };
    expect(
      rules(withRules(list, { rule: 'self.isSorted() && self.sum() == 6 && self.max() == 3' }), [1, 2, 3]),
    ).toEqual([]);
    expect(rules(withRules(list, { rule: 'self.isSorted()' }), [2, 1])).toEqual([
      'spec: Invalid value: "array": failed rule: self.isSorted()',
    ]);
    const text = withRules({ type: 'string' }, { rule: "self.findAll('[0-9]+') == ['1', '22']" });
    expect(rules(text, 'a1b22')).toEqual([]);
    const reserved = withRules(
      { type: 'object', properties: { namespace: { type: 'string' }, 'dash-name': { type: 'string' } } },
      { rule: "self.__namespace__ == 'ns' && self.dash__dash__name == 'd'" },
    );
    expect(rules(reserved, { namespace: 'ns', 'dash-name': 'd' })).toEqual([]);
  });

  it('turns date-time strings into timestamps', () => {
    const schema = withRules(
      {
        type: 'object',
        properties: {
          start: { type: 'string', format: 'date-time' },
          end: { type: 'string', format: 'date-time' },
        },
      },
      { rule: 'self.start < self.end', message: 'start must precede end' },
    );
    expect(rules(schema, { start: '2024-01-01T00:00:00Z', end: '2024-01-02T00:00:00Z' })).toEqual([]);
    expect(rules(schema, { start: '2024-01-03T00:00:00+02:00', end: '2024-01-02T00:00:00Z' })).toEqual([
      'spec: Invalid value: "object": start must precede end',
    ]);
  });
});

describe('transition rules', () => {
  const immutable = withRules({ type: 'string' }, { rule: 'self == oldSelf', message: 'value is immutable' });
  const schema = { type: 'object', properties: { value: immutable, other: { type: 'string' } } };

  it('are skipped on create', () => {
    expect(rules(schema, { value: 'a' })).toEqual([]);
  });

  it('run on update with the old value', () => {
    expect(rules(schema, { value: 'a' }, { value: 'a' })).toEqual([]);
    expect(rules(schema, { value: 'b' }, { value: 'a' })).toEqual([
      'spec.value: Invalid value: "string": value is immutable',
    ]);
  });

  it('are skipped when the old value is absent', () => {
    expect(rules(schema, { value: 'b' }, { other: 'x' })).toEqual([]);
  });

  it('see an optional oldSelf with optionalOldSelf, also on create', () => {
    const once = withRules(
      { type: 'string' },
      { rule: '!oldSelf.hasValue() || oldSelf.value() == self', message: 'set once', optionalOldSelf: true },
    );
    const onceSchema = { type: 'object', properties: { value: once } };
    expect(rules(onceSchema, { value: 'a' })).toEqual([]);
    expect(rules(onceSchema, { value: 'a' }, {})).toEqual([]);
    expect(rules(onceSchema, { value: 'b' }, { value: 'a' })).toEqual([
      'spec.value: Invalid value: "string": set once',
    ]);
  });

  it('correlate list-type=map items by key, and nothing in atomic lists', () => {
    const item = withRules(
      {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, size: { type: 'integer' } },
      },
      { rule: 'self.size >= oldSelf.size', message: 'size may not shrink' },
    );
    const mapList = {
      type: 'array',
      items: item,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    };
    const old = [
      { name: 'a', size: 5 },
      { name: 'b', size: 5 },
    ];
    expect(
      rules(
        mapList,
        [
          { name: 'b', size: 4 },
          { name: 'a', size: 6 },
          { name: 'c', size: 1 },
        ],
        old,
      ),
    ).toEqual(['spec[0]: Invalid value: "object": size may not shrink']);
    const atomic = { type: 'array', items: item };
    expect(rules(atomic, [{ name: 'a', size: 1 }], old)).toEqual([]);
  });
});

describe('ratcheting', () => {
  it('drops failures of non-transition rules on unchanged values', () => {
    const schema = {
      type: 'object',
      properties: { a: withRules({ type: 'string' }, { rule: 'self.size() < 3', message: 'too long' }) },
    };
    expect(rules(schema, { a: 'long' }, { a: 'long' })).toEqual([]);
    expect(rules(schema, { a: 'longer' }, { a: 'long' })).toEqual([
      'spec.a: Invalid value: "string": too long',
    ]);
  });
});
