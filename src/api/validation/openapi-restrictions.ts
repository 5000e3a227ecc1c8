/**
 * The OpenAPI restrictions the API server puts on a CRD version's schema before it looks at structure: no `$ref`,
 * `uniqueItems`, `additionalProperties: false` or other unsupported keywords, valid types, list and map types,
 * patterns that compile as RE2, defaults that validate against their schema and carry no unknown fields, and CEL
 * rules that compile with consistent `reason`, `fieldPath`, `message`, `messageExpression` and `optionalOldSelf`.
 */

import { isJsonObject, jsonEqual } from '../json-value.js';
import type { JSONSchemaProps } from '../schema/index.js';
import { compileExpression } from './cel-expression.js';
import { resolveFieldPath } from './cel-rules.js';
import {
  type FieldError,
  forbiddenError,
  invalidError,
  notSupportedError,
  requiredError,
} from './field-error.js';
import { childPath, subscriptPath } from './field-path.js';
import { GoLiteral, goQuote } from './go-format.js';
import { compileGoPattern } from './go-regexp.js';
import { pruneCopy } from './prune.js';
import { compileSchemaNode } from './schema-node.js';
import { schemaAt, schemaChildren } from './schema-tree.js';
import { validateAgainstSchema } from './schema-validator.js';

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const LIST_TYPES = ['atomic', 'set', 'map'];
const MAP_TYPES = ['granular', 'atomic'];
const REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const UNSUPPORTED_KEYWORDS: readonly [string, string][] = [
  ['$ref', '$ref is not supported'],
  ['definitions', 'definitions is not supported'],
  ['dependencies', 'dependencies is not supported'],
  ['patternProperties', 'patternProperties is not supported'],
  ['additionalItems', 'additionalItems is not supported'],
];

function checkKeywords(schema: JSONSchemaProps, path: string, errors: FieldError[]): void {
  for (const [key, message] of UNSUPPORTED_KEYWORDS) {
    if (schema[key] !== undefined) errors.push(forbiddenError(childPath(path, key), message));
  }
  if (schema.uniqueItems === true) {
    const message = 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic';
    errors.push(forbiddenError(childPath(path, 'uniqueItems'), message));
  }
  if (schema.additionalProperties === false) {
    errors.push(
      forbiddenError(childPath(path, 'additionalProperties'), 'additionalProperties cannot be set to false'),
    );
  } else if (schema.additionalProperties !== undefined && schema.properties !== undefined) {
    const message = 'additionalProperties and properties are mutual exclusive';
    errors.push(forbiddenError(childPath(path, 'additionalProperties'), message));
  }
  if (Array.isArray(schema.items)) {
    errors.push(forbiddenError(childPath(path, 'items'), 'items must be a schema object and not an array'));
  }
  if (schema.type !== undefined && !TYPES.includes(schema.type)) {
    errors.push(notSupportedError(childPath(path, 'type'), schema.type, TYPES));
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] === false) {
    const field = childPath(path, 'x-kubernetes-preserve-unknown-fields');
    errors.push(invalidError(field, false, 'must be true or undefined'));
  }
  if (typeof schema.pattern === 'string') {
    const compiled = compileGoPattern(schema.pattern);
    if (compiled.error) {
      const detail = `must be a valid regular expression, but isn't: ${compiled.error}`;
      errors.push(invalidError(childPath(path, 'pattern'), schema.pattern, detail));
    }
  }
}

function checkListTypeUse(schema: JSONSchemaProps, path: string, errors: FieldError[]): boolean {
  const listType = schema['x-kubernetes-list-type'];
  const listTypeField = childPath(path, 'x-kubernetes-list-type');
  if (listType !== undefined && !LIST_TYPES.includes(String(listType))) {
    errors.push(notSupportedError(listTypeField, listType, LIST_TYPES));
    return false;
  }
  if (listType !== undefined && schema.type !== 'array') {
    errors.push(invalidError(listTypeField, listType, 'must only be used if type is array'));
  }
  if (schema['x-kubernetes-list-map-keys'] !== undefined && listType !== 'map') {
    const field = childPath(path, 'x-kubernetes-list-map-keys');
    errors.push(forbiddenError(field, 'must only be used if x-kubernetes-list-type is "map"'));
  }
  const items = schemaAt(schema.items);
  if (listType === 'set' && items?.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
    const field = childPath(childPath(path, 'items'), 'x-kubernetes-map-type');
    errors.push(requiredError(field, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
  }
  return listType === 'map';
}

function checkListMapKeys(schema: JSONSchemaProps, path: string, errors: FieldError[]): void {
  const keys = schema['x-kubernetes-list-map-keys'];
  const keysField = childPath(path, 'x-kubernetes-list-map-keys');
  const itemsPath = childPath(path, 'items');
  const items = schemaAt(schema.items);
  if (!Array.isArray(keys) || keys.length === 0) {
    errors.push(requiredError(keysField, 'must not be empty if x-kubernetes-list-type is map'));
    return;
  }
  if (items && items.type !== 'object') {
    const detail = "must be object if parent array's x-kubernetes-list-type is map";
    errors.push(invalidError(childPath(itemsPath, 'type'), items.type ?? '', detail));
    return;
  }
  const properties = items?.properties ?? {};
  if (!keys.every((key) => typeof key === 'string' && Object.hasOwn(properties, key))) {
    errors.push(invalidError(keysField, keys, 'entries must all be names of item properties'));
    return;
  }
  for (const key of keys as string[]) {
    if ((properties[key] as JSONSchemaProps).default !== undefined || items?.required?.includes(key))
      continue;
    const field = childPath(subscriptPath(childPath(itemsPath, 'properties'), key), 'default');
    const detail =
      'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property';
    errors.push(requiredError(field, detail));
  }
}

function checkMapType(schema: JSONSchemaProps, path: string, errors: FieldError[]): void {
  const mapType = schema['x-kubernetes-map-type'];
  if (mapType === undefined) return;
  const field = childPath(path, 'x-kubernetes-map-type');
  if (!MAP_TYPES.includes(String(mapType))) errors.push(notSupportedError(field, mapType, MAP_TYPES));
  else if (schema.type !== 'object')
    errors.push(invalidError(field, mapType, 'must only be used if type is object'));
}

function goPointer(value: unknown, type: string): string {
  return value === undefined ? `(*${type})(nil)` : `(*${type})(0xc000000000)`;
}

/** The Go rendering of a rule (`apiextensions.ValidationRule{Rule:"...", ...}`) as CRD errors print it. */
function ruleLiteral(rule: Record<string, unknown>): GoLiteral {
  const text = (key: string) => goQuote(typeof rule[key] === 'string' ? (rule[key] as string) : '');
  return new GoLiteral(
    `apiextensions.ValidationRule{Rule:${text('rule')}, Message:${text('message')}, ` +
      `MessageExpression:${text('messageExpression')}, ` +
      `Reason:${goPointer(rule.reason, 'apiextensions.FieldValueErrorReason')}, FieldPath:${text('fieldPath')}, ` +
      `OptionalOldSelf:${goPointer(rule.optionalOldSelf, 'bool')}}`,
  );
}

interface RuleSite {
  /** The path of the nearest list whose items cannot be correlated with their old values, if any. */
  readonly uncorrelatable?: string;
}

function checkRuleExpression(
  rule: Record<string, unknown>,
  path: string,
  site: RuleSite,
  errors: FieldError[],
): void {
  const ruleField = childPath(path, 'rule');
  const source = typeof rule.rule === 'string' ? rule.rule : '';
  if (source.trim() === '') {
    errors.push(requiredError(ruleField));
    return;
  }
  const compiled = compileExpression(source);
  if (compiled.error) errors.push(invalidError(ruleField, ruleLiteral(rule), compiled.error));
  if (compiled.usesOldSelf && site.uncorrelatable !== undefined) {
    const detail = `oldSelf cannot be used on the uncorrelatable portion of the schema within ${site.uncorrelatable}`;
    errors.push(invalidError(ruleField, ruleLiteral(rule), detail));
  }
  if (rule.optionalOldSelf === true && !compiled.usesOldSelf) {
    const detail = 'may not be set if oldSelf is not used in rule';
    errors.push(invalidError(childPath(path, 'optionalOldSelf'), true, detail));
  }
}

function checkRuleMessage(rule: Record<string, unknown>, path: string, errors: FieldError[]): void {
  if (typeof rule.message === 'string') {
    const field = childPath(path, 'message');
    if (rule.message.trim() === '') {
      errors.push(invalidError(field, rule.message, 'message must be non-empty if specified'));
    } else if (/[\r\n]/.test(rule.message)) {
      errors.push(invalidError(field, rule.message, 'message must not contain line breaks'));
    }
  }
  if (typeof rule.messageExpression === 'string') {
    const message = compileExpression(rule.messageExpression);
    if (message.error) {
      const detail = `messageExpression ${message.error}`;
      errors.push(invalidError(childPath(path, 'messageExpression'), rule.messageExpression, detail));
    }
  }
}

function checkRuleTarget(
  rule: Record<string, unknown>,
  path: string,
  node: JSONSchemaProps,
  errors: FieldError[],
): void {
  if (rule.reason !== undefined && !REASONS.includes(String(rule.reason))) {
    errors.push(notSupportedError(childPath(path, 'reason'), rule.reason, REASONS));
  }
  if (typeof rule.fieldPath === 'string') {
    const resolved = resolveFieldPath(rule.fieldPath, compileSchemaNode(node));
    if (resolved.error) {
      errors.push(invalidError(childPath(path, 'fieldPath'), rule.fieldPath, resolved.error));
    }
  }
}

function checkRules(schema: JSONSchemaProps, path: string, site: RuleSite, errors: FieldError[]): void {
  const rules = schema['x-kubernetes-validations'];
  if (!Array.isArray(rules)) return;
  rules.forEach((rule, i) => {
    const rulePath = subscriptPath(childPath(path, 'x-kubernetes-validations'), i);
    const fields = isJsonObject(rule) ? rule : {};
    checkRuleExpression(fields, rulePath, site, errors);
    checkRuleMessage(fields, rulePath, errors);
    checkRuleTarget(fields, rulePath, schema, errors);
  });
}

function checkDefault(schema: JSONSchemaProps, path: string, errors: FieldError[]): void {
  if (schema.default === undefined || schema.default === null) return;
  const field = childPath(path, 'default');
  const node = compileSchemaNode(schema);
  for (const error of validateAgainstSchema(schema.default, node)) {
    const suffix = error.field === '<nil>' ? '' : `.${error.field}`;
    errors.push({ ...error, field: `${field}${suffix}` });
  }
  const pruned = pruneCopy(schema.default, node, node.embeddedResource);
  if (!jsonEqual(pruned.value, schema.default)) {
    errors.push(invalidError(field, schema.default, 'must not have unknown fields'));
  }
}

function checkNode(schema: JSONSchemaProps, path: string, site: RuleSite, errors: FieldError[]): void {
  checkKeywords(schema, path, errors);
  if (checkListTypeUse(schema, path, errors)) checkListMapKeys(schema, path, errors);
  checkMapType(schema, path, errors);
  checkRules(schema, path, site, errors);
  checkDefault(schema, path, errors);
  const itemsSite: RuleSite =
    schema.type === 'array' && schema['x-kubernetes-list-type'] !== 'map'
      ? { uncorrelatable: site.uncorrelatable ?? path }
      : site;
  for (const [child, childField] of schemaChildren(schema, path)) {
    checkNode(child, childField, childField.endsWith('.items') ? itemsSite : site, errors);
  }
}

/** The OpenAPI restriction errors of a CRD version schema, under `path`. */
export function validateOpenAPIRestrictions(schema: JSONSchemaProps, path: string): FieldError[] {
  const errors: FieldError[] = [];
  checkNode(schema, path, {}, errors);
  return errors;
}
