/**
 * Checks a CRD version's `openAPIV3Schema` the way the API server does before accepting the CRD: the OpenAPI
 * restrictions (openapi-restrictions.ts), then the structural-schema invariants: every field typed, `items`
 * present, value validations (`allOf`/`anyOf`/`oneOf`/`not`) only restating the structure and free of types,
 * defaults and extensions, embedded resources and int-or-string well formed, and the root `metadata` restricted to
 * name/generateName. The result is a list of field errors under the given path
 * (`spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: ...`); a CRD with any is
 * rejected with 422.
 */

import { jsonEqual } from '../json-value.js';
import type { JSONSchemaProps } from '../schema/index.js';
import {
  type FieldError,
  forbiddenError,
  invalidError,
  renderFieldError,
  requiredError,
} from './field-error.js';
import { childPath, subscriptPath } from './field-path.js';
import { validateOpenAPIRestrictions } from './openapi-restrictions.js';
import { branchesOf, schemaAt, VALUE_VALIDATION_BRANCHES } from './schema-tree.js';

type Level = 'root' | 'item' | 'field';

const INT_OR_STRING_ANY_OF = [{ type: 'integer' }, { type: 'string' }];

const FORBIDDEN_IN_VALUE_VALIDATION: readonly [string, string][] = [
  ['type', 'must be empty to be structural'],
  ['additionalProperties', 'must be undefined to be structural'],
  ['default', 'must be undefined to be structural'],
  ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'],
  ['nullable', 'must be false to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'must be undefined to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
  ['x-kubernetes-list-type', 'must be undefined to be structural'],
  ['x-kubernetes-map-type', 'must be undefined to be structural'],
  ['x-kubernetes-validations', 'must be empty to be structural'],
];

function isSet(schema: JSONSchemaProps, key: string): boolean {
  const value = schema[key];
  if (value === undefined || value === false || value === '') return false;
  return !(Array.isArray(value) && value.length === 0);
}

function nestedValueValidation(
  schema: JSONSchemaProps,
  path: string,
  skipAnyOf: boolean,
  errors: FieldError[],
): void {
  valueValidation(schema, path, skipAnyOf, false, errors);
  const items = schemaAt(schema.items);
  if (items) nestedValueValidation(items, childPath(path, 'items'), false, errors);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    nestedValueValidation(property, subscriptPath(childPath(path, 'properties'), name), false, errors);
  }
  for (const [key, message] of FORBIDDEN_IN_VALUE_VALIDATION) {
    if (isSet(schema, key)) errors.push(forbiddenError(childPath(path, key), message));
  }
  if (schema.properties && Object.hasOwn(schema.properties, 'metadata')) {
    const field = subscriptPath(childPath(path, 'properties'), 'metadata');
    errors.push(forbiddenError(field, 'must not be specified in a nested context'));
  }
}

function valueValidation(
  schema: JSONSchemaProps,
  path: string,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  errors: FieldError[],
): void {
  if (!skipAnyOf) {
    branchesOf(schema, 'anyOf').forEach((branch, i) => {
      nestedValueValidation(branch, subscriptPath(childPath(path, 'anyOf'), i), false, errors);
    });
  }
  branchesOf(schema, 'allOf').forEach((branch, i) => {
    nestedValueValidation(
      branch,
      subscriptPath(childPath(path, 'allOf'), i),
      skipFirstAllOfAnyOf && i === 0,
      errors,
    );
  });
  branchesOf(schema, 'oneOf').forEach((branch, i) => {
    nestedValueValidation(branch, subscriptPath(childPath(path, 'oneOf'), i), false, errors);
  });
  const not = schemaAt(schema.not);
  if (not) nestedValueValidation(not, childPath(path, 'not'), false, errors);
}

function isIntOrStringAnyOf(schema: JSONSchemaProps | undefined): boolean {
  return schema !== undefined && jsonEqual(schema.anyOf, INT_OR_STRING_ANY_OF);
}

const EMPTY_TYPE_MESSAGES: Record<Level, string> = {
  root: 'must not be empty at the root',
  item: 'must not be empty for specified array items',
  field: 'must not be empty for specified object fields',
};

function checkTypeInvariants(
  schema: JSONSchemaProps,
  level: Level,
  path: string,
  errors: FieldError[],
): void {
  const type = schema.type ?? '';
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const typeField = childPath(path, 'type');
  if (embedded && type !== 'object') {
    const message = 'must be object if x-kubernetes-embedded-resource is true';
    errors.push(type ? invalidError(typeField, type, message) : requiredError(typeField, message));
  } else if (!type && !intOrString && !preserve) {
    errors.push(requiredError(typeField, EMPTY_TYPE_MESSAGES[level]));
  }
  if (embedded && schema.additionalProperties !== undefined) {
    const message = 'must not be used if x-kubernetes-embedded-resource is set';
    errors.push(forbiddenError(childPath(path, 'additionalProperties'), message));
  }
  if (level === 'root' && type && type !== 'object')
    errors.push(invalidError(typeField, type, 'must be object at the root'));
  if (embedded && !preserve && Object.keys(schema.properties ?? {}).length === 0) {
    const message =
      'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields';
    errors.push(requiredError(childPath(path, 'properties'), message));
  }
  if (intOrString && preserve) {
    const field = childPath(path, 'x-kubernetes-preserve-unknown-fields');
    errors.push(invalidError(field, true, 'must be false if x-kubernetes-int-or-string is true'));
  }
  if (intOrString && embedded) {
    const field = childPath(path, 'x-kubernetes-embedded-resource');
    errors.push(invalidError(field, true, 'must be false if x-kubernetes-int-or-string is true'));
  }
}

function checkMetaProperties(
  schema: JSONSchemaProps,
  level: Level,
  path: string,
  errors: FieldError[],
): void {
  if (level !== 'root' && schema['x-kubernetes-embedded-resource'] !== true) return;
  const properties = schema.properties ?? {};
  const propertyField = (name: string) => subscriptPath(childPath(path, 'properties'), name);
  for (const [name, expected] of [
    ['kind', 'string'],
    ['apiVersion', 'string'],
    ['metadata', 'object'],
  ] as const) {
    const property = properties[name];
    if (property && property.type !== expected) {
      errors.push(
        invalidError(childPath(propertyField(name), 'type'), property.type ?? '', `must be ${expected}`),
      );
    }
  }
  const metadata = properties.metadata;
  if (level !== 'root' || !metadata) return;
  const extraKeys = Object.keys(metadata).filter((key) => key !== 'type' && key !== 'properties');
  const extraProperties = Object.keys(metadata.properties ?? {}).filter(
    (n) => n !== 'name' && n !== 'generateName',
  );
  if (extraKeys.length || extraProperties.length) {
    const message =
      'must not specify anything other than name and generateName, but metadata is implicitly specified';
    errors.push(forbiddenError(propertyField('metadata'), message));
  }
}

function structuralInvariants(
  schema: JSONSchemaProps,
  level: Level,
  path: string,
  errors: FieldError[],
): void {
  const items = schemaAt(schema.items);
  if (schema.type === 'array' && !items)
    errors.push(requiredError(childPath(path, 'items'), 'must be specified'));
  if (items) structuralInvariants(items, 'item', childPath(path, 'items'), errors);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    structuralInvariants(property, 'field', subscriptPath(childPath(path, 'properties'), name), errors);
  }
  if (schema.additionalProperties !== undefined && level === 'root') {
    errors.push(forbiddenError(childPath(path, 'additionalProperties'), 'must not be used at the root'));
  }
  const additional = schemaAt(schema.additionalProperties);
  if (additional) structuralInvariants(additional, 'field', childPath(path, 'additionalProperties'), errors);
  const allOf = branchesOf(schema, 'allOf');
  valueValidation(schema, path, isIntOrStringAnyOf(schema), isIntOrStringAnyOf(allOf[0]), errors);
  checkTypeInvariants(schema, level, path, errors);
  checkMetaProperties(schema, level, path, errors);
}

function completeness(
  value: JSONSchemaProps,
  structure: JSONSchemaProps | undefined,
  structurePath: string,
  valuePath: string,
  errors: FieldError[],
): void {
  if (!structure) {
    errors.push(requiredError(structurePath, `because it is defined in ${valuePath}`));
    return;
  }
  const items = schemaAt(value.items);
  if (items) {
    completeness(
      items,
      schemaAt(structure.items),
      childPath(structurePath, 'items'),
      childPath(valuePath, 'items'),
      errors,
    );
  }
  for (const [name, property] of Object.entries(value.properties ?? {})) {
    const valueField = subscriptPath(childPath(valuePath, 'properties'), name);
    const known = structure.properties?.[name];
    const additional = schemaAt(structure.additionalProperties);
    if (known)
      completeness(
        property,
        known,
        subscriptPath(childPath(structurePath, 'properties'), name),
        valueField,
        errors,
      );
    else if (additional)
      completeness(
        property,
        additional,
        childPath(structurePath, 'additionalProperties'),
        valueField,
        errors,
      );
    else
      errors.push(
        requiredError(
          subscriptPath(childPath(structurePath, 'properties'), name),
          `because it is defined in ${valueField}`,
        ),
      );
  }
  branchCompleteness(value, structure, structurePath, valuePath, errors);
}

function branchCompleteness(
  value: JSONSchemaProps,
  structure: JSONSchemaProps,
  structurePath: string,
  valuePath: string,
  errors: FieldError[],
): void {
  const not = schemaAt(value.not);
  if (not) completeness(not, structure, structurePath, childPath(valuePath, 'not'), errors);
  for (const key of VALUE_VALIDATION_BRANCHES) {
    branchesOf(value, key).forEach((branch, i) => {
      completeness(branch, structure, structurePath, subscriptPath(childPath(valuePath, key), i), errors);
    });
  }
}

function structuralCompleteness(schema: JSONSchemaProps, path: string, errors: FieldError[]): void {
  branchCompleteness(schema, schema, path, path, errors);
  const items = schemaAt(schema.items);
  if (items) structuralCompleteness(items, childPath(path, 'items'), errors);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    structuralCompleteness(property, subscriptPath(childPath(path, 'properties'), name), errors);
  }
  const additional = schemaAt(schema.additionalProperties);
  if (additional) structuralCompleteness(additional, childPath(path, 'additionalProperties'), errors);
}

/**
 * The reasons the API server would refuse `schema` as a CRD version's `openAPIV3Schema`, as field errors under
 * `path`; empty when the schema is structural and its rules compile.
 */
export function validateStructuralSchema(
  schema: JSONSchemaProps,
  path = 'spec.versions[0].schema.openAPIV3Schema',
): FieldError[] {
  const errors = validateOpenAPIRestrictions(schema, path);
  const structural: FieldError[] = [];
  structuralInvariants(schema, 'root', path, structural);
  structuralCompleteness(schema, path, structural);
  const rendered = new Map(structural.map((error) => [error, renderFieldError(error)]));
  structural.sort((a, b) => ((rendered.get(a) as string) < (rendered.get(b) as string) ? -1 : 1));
  return [...errors, ...structural];
}
