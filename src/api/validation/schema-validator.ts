/**
 * OpenAPI schema validation of a custom resource, keyword for keyword as the API server's kube-openapi validator
 * runs it: type (with `nullable` and int-or-string), `allOf`/`anyOf`/`oneOf`/`not`, string length and `pattern`,
 * `format`, number bounds and `multipleOf`, items and item counts, `enum`, property counts, properties and
 * `required` — with the same messages (`spec.x in body should match '^a$'`) and the same error types.
 *
 * On update, errors inside a correlated node whose value did not change are dropped (validation ratcheting, on by
 * default since Kubernetes 1.30): an object stored before a schema got stricter can still be updated elsewhere.
 */

import { isJsonObject, type JsonRecord, jsonEqual, jsonTypeOf } from '../json-value.js';
import { correlateField, listCorrelator } from './correlation.js';
import {
  type FieldError,
  invalidError,
  NO_FIELD,
  notSupportedError,
  requiredError,
  tooLongError,
  tooManyError,
  typeInvalidError,
} from './field-error.js';
import { childPath, PathStack } from './field-path.js';
import { goFloat, goInt, goQuote } from './go-format.js';
import type { SchemaNode } from './schema-node.js';

interface Walk {
  readonly path: PathStack;
  readonly errors: FieldError[];
}

function fieldName(walk: Walk): string {
  return walk.path.toOpenAPI();
}

function fieldOf(walk: Walk): string {
  return fieldName(walk) || NO_FIELD;
}

function checkNull(node: SchemaNode, walk: Walk): void {
  if (node.types.length === 0 || node.nullable) return;
  const types = node.types.join(',');
  walk.errors.push(
    typeInvalidError(fieldOf(walk), 'null', `${fieldName(walk)} in body must be of type ${types}: "null"`),
  );
}

function checkType(value: unknown, node: SchemaNode, walk: Walk): void {
  const types = node.types;
  if (types.length === 0) return;
  if (
    node.formatCheck &&
    typeof value === 'string' &&
    !types.includes('number') &&
    !types.includes('integer')
  )
    return;
  const actual = jsonTypeOf(value);
  if (types.includes(actual) || (actual === 'integer' && types.includes('number'))) return;
  const detail = `${fieldName(walk)} in body must be of type ${types.join(',')}: ${goQuote(actual)}`;
  walk.errors.push(typeInvalidError(fieldOf(walk), actual, detail));
}

function runeCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function checkString(value: string, node: SchemaNode, walk: Walk): void {
  const field = fieldOf(walk);
  if (node.maxLength !== undefined && value.length > node.maxLength && runeCount(value) > node.maxLength) {
    walk.errors.push(tooLongError(field, node.maxLength));
    return;
  }
  if (node.minLength !== undefined && runeCount(value) < node.minLength) {
    const detail = `${fieldName(walk)} in body should be at least ${node.minLength} chars long`;
    walk.errors.push(invalidError(field, value, detail));
    return;
  }
  const pattern = node.pattern;
  if (!pattern) return;
  if (pattern.regex?.test(value)) return;
  const shown = pattern.error
    ? `${pattern.source}, but pattern is invalid: ${pattern.error}`
    : pattern.source;
  walk.errors.push(invalidError(field, value, `${fieldName(walk)} in body should match '${shown}'`));
}

function checkFormat(value: string, node: SchemaNode, walk: Walk): void {
  if (!node.formatCheck || node.formatCheck(value)) return;
  const detail = `${fieldName(walk)} in body must be of type ${node.format}: ${goQuote(value)}`;
  walk.errors.push(typeInvalidError(fieldOf(walk), value, detail));
}

function isJsonInteger(value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const rounded = Math.round(value);
  if (value === rounded) return true;
  const diff = Math.abs(value - rounded);
  return diff / (Math.abs(value) + Math.abs(rounded)) < 1e-9;
}

function checkMultipleOf(value: number, factor: number, walk: Walk): void {
  const p = fieldName(walk);
  if (factor < 0) {
    walk.errors.push(
      invalidError(
        fieldOf(walk),
        factor,
        `factor MultipleOf declared for ${p} must be positive: ${goFloat(factor)}`,
      ),
    );
    return;
  }
  if (factor === 0) return;
  if (Number.isInteger(value) && Number.isInteger(factor)) {
    if (value % factor !== 0)
      walk.errors.push(
        invalidError(fieldOf(walk), value, `${p} in body should be a multiple of ${goInt(factor)}`),
      );
    return;
  }
  const ratio = factor < 1 ? (1 / factor) * value : value / factor;
  if (!isJsonInteger(ratio)) {
    walk.errors.push(
      invalidError(fieldOf(walk), value, `${p} in body should be a multiple of ${goFloat(factor)}`),
    );
  }
}

function bound(value: number, limit: number): string {
  return Number.isInteger(value) ? goInt(Math.trunc(limit)) : goFloat(limit);
}

function checkNumber(value: number, node: SchemaNode, walk: Walk): void {
  if (node.multipleOf !== undefined) checkMultipleOf(value, node.multipleOf, walk);
  const p = fieldName(walk);
  if (node.minimum !== undefined) {
    const limit = Number.isInteger(value) ? Math.trunc(node.minimum) : node.minimum;
    if (node.exclusiveMinimum ? value <= limit : value < limit) {
      const relation = node.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
      walk.errors.push(
        invalidError(
          fieldOf(walk),
          value,
          `${p} in body should be ${relation} ${bound(value, node.minimum)}`,
        ),
      );
    }
  }
  if (node.maximum !== undefined) {
    const limit = Number.isInteger(value) ? Math.trunc(node.maximum) : node.maximum;
    if (node.exclusiveMaximum ? value >= limit : value > limit) {
      const relation = node.exclusiveMaximum ? 'less than' : 'less than or equal to';
      walk.errors.push(
        invalidError(
          fieldOf(walk),
          value,
          `${p} in body should be ${relation} ${bound(value, node.maximum)}`,
        ),
      );
    }
  }
}

function checkEnum(value: unknown, node: SchemaNode, walk: Walk): void {
  const values = node.enumValues;
  if (!values || values.length === 0) return;
  if (value !== null && value !== undefined && values.some((allowed) => jsonEqual(allowed, value))) return;
  const supported = values.map((allowed) =>
    typeof allowed === 'string' ? allowed : JSON.stringify(allowed),
  );
  walk.errors.push(notSupportedError(fieldOf(walk), value ?? null, supported));
}

function validateItems(value: unknown[], node: SchemaNode, old: unknown, walk: Walk): void {
  const items = node.items;
  if (items) {
    const oldItemOf = listCorrelator(node, old);
    for (let i = 0; i < value.length; i++) {
      walk.path.pushIndex(i);
      validateNode(value[i], items, oldItemOf?.(value[i]), walk);
      walk.path.pop();
    }
  }
  const p = fieldName(walk);
  if (node.minItems !== undefined && value.length < node.minItems) {
    walk.errors.push(
      invalidError(fieldOf(walk), value.length, `${p} in body should have at least ${node.minItems} items`),
    );
  }
  if (node.maxItems !== undefined && value.length > node.maxItems) {
    walk.errors.push(tooManyError(fieldOf(walk), value.length, node.maxItems));
  }
  if (node.uniqueItems && value.some((item, i) => value.findIndex((other) => jsonEqual(other, item)) !== i)) {
    walk.errors.push(invalidError(fieldOf(walk), '', `${p} in body shouldn't contain duplicates`));
  }
}

function validateObject(value: JsonRecord, node: SchemaNode, old: unknown, walk: Walk): void {
  const keys = Object.keys(value);
  const p = fieldName(walk);
  if (node.minProperties !== undefined && keys.length < node.minProperties) {
    walk.errors.push(
      invalidError(
        fieldOf(walk),
        keys.length,
        `${p} in body should have at least ${node.minProperties} properties`,
      ),
    );
    return;
  }
  if (node.maxProperties !== undefined && keys.length > node.maxProperties) {
    walk.errors.push(tooManyError(fieldOf(walk), keys.length, node.maxProperties));
    return;
  }
  const additional = node.additionalProperties;
  if (additional) {
    for (const key of keys) {
      if (node.properties?.has(key)) continue;
      walk.path.pushKey(key);
      validateNode(value[key], additional, correlateField(old, key), walk);
      walk.path.pop();
    }
  }
  if (node.properties) {
    for (const [name, property] of node.properties) {
      if (!Object.hasOwn(value, name)) continue;
      walk.path.pushField(name);
      validateNode(value[name], property, correlateField(old, name), walk);
      walk.path.pop();
    }
  }
  for (const name of node.required) {
    if (!Object.hasOwn(value, name)) walk.errors.push(requiredError(childPath(p, name)));
  }
}

function branchErrors(value: unknown, branch: SchemaNode, walk: Walk): FieldError[] {
  const sub: Walk = { path: walk.path, errors: [] };
  validateNode(value, branch, undefined, sub);
  return sub.errors;
}

function fewest(results: FieldError[][]): FieldError[] {
  return results.reduce((best, errors) => (errors.length < best.length ? errors : best));
}

function composite(walk: Walk, text: string): FieldError {
  return invalidError(NO_FIELD, '', `${goQuote(fieldName(walk))} ${text}`);
}

function checkBranches(value: unknown, node: SchemaNode, walk: Walk): void {
  if (node.anyOf.length) {
    const results = node.anyOf.map((branch) => branchErrors(value, branch, walk));
    if (!results.some((errors) => errors.length === 0)) {
      walk.errors.push(composite(walk, 'must validate at least one schema (anyOf)'), ...fewest(results));
    }
  }
  if (node.oneOf.length) {
    const results = node.oneOf.map((branch) => branchErrors(value, branch, walk));
    const valid = results.filter((errors) => errors.length === 0).length;
    if (valid !== 1) {
      const found = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
      walk.errors.push(composite(walk, `must validate one and only one schema (oneOf). ${found}`));
      if (valid === 0) walk.errors.push(...fewest(results));
    }
  }
  if (node.allOf.length) {
    const results = node.allOf.map((branch) => branchErrors(value, branch, walk));
    for (const errors of results) walk.errors.push(...errors);
    const valid = results.filter((errors) => errors.length === 0).length;
    if (valid !== results.length) {
      walk.errors.push(
        composite(walk, `must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}`),
      );
    }
  }
  if (node.not && branchErrors(value, node.not, walk).length === 0) {
    walk.errors.push(composite(walk, 'must not validate the schema (not)'));
  }
}

function validateNode(value: unknown, node: SchemaNode, old: unknown, walk: Walk): void {
  const mark = walk.errors.length;
  if (value === null || value === undefined) {
    checkNull(node, walk);
    checkEnum(value, node, walk);
  } else {
    checkType(value, node, walk);
    checkBranches(value, node, walk);
    if (typeof value === 'string') {
      checkString(value, node, walk);
      checkFormat(value, node, walk);
    } else if (typeof value === 'number') {
      checkNumber(value, node, walk);
    } else if (Array.isArray(value)) {
      validateItems(value, node, old, walk);
    }
    checkEnum(value, node, walk);
    if (isJsonObject(value)) validateObject(value, node, old, walk);
  }
  if (walk.errors.length > mark && old !== undefined && jsonEqual(old, value)) walk.errors.length = mark;
}

/**
 * Validates `value` against the compiled schema `root`. With `old` (an update), errors in unchanged correlated
 * nodes are ratcheted away.
 */
export function validateAgainstSchema(value: unknown, root: SchemaNode, old?: unknown): FieldError[] {
  const walk: Walk = { path: new PathStack(), errors: [] };
  validateNode(value, root, old, walk);
  return walk.errors;
}
