/**
 * Navigation of a plain CRD schema (`JSONSchemaProps`): its child schemas and their field paths
 * (`properties[spec]`, `items`, `anyOf[0]`), shared by the CRD schema checks.
 */

import { isJsonObject } from '../json-value.js';
import type { JSONSchemaProps } from '../schema/index.js';
import { childPath, subscriptPath } from './field-path.js';

/** The keywords whose value is a list of value-validation schemas. */
export const VALUE_VALIDATION_BRANCHES = ['allOf', 'anyOf', 'oneOf'] as const;

/** `value` as a schema when it is one (an object), else undefined. */
export function schemaAt(value: unknown): JSONSchemaProps | undefined {
  return isJsonObject(value) ? (value as JSONSchemaProps) : undefined;
}

/** The schemas of one value-validation keyword (`allOf`, `anyOf` or `oneOf`). */
export function branchesOf(
  schema: JSONSchemaProps,
  key: (typeof VALUE_VALIDATION_BRANCHES)[number],
): JSONSchemaProps[] {
  const list = schema[key];
  return Array.isArray(list) ? (list.filter(isJsonObject) as JSONSchemaProps[]) : [];
}

/** Every direct child schema with its field path under `path`. */
export function schemaChildren(schema: JSONSchemaProps, path: string): [JSONSchemaProps, string][] {
  const out: [JSONSchemaProps, string][] = [];
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    out.push([child, subscriptPath(childPath(path, 'properties'), name)]);
  }
  const additional = schemaAt(schema.additionalProperties);
  if (additional) out.push([additional, childPath(path, 'additionalProperties')]);
  const items = schemaAt(schema.items);
  if (items) out.push([items, childPath(path, 'items')]);
  for (const key of VALUE_VALIDATION_BRANCHES) {
    branchesOf(schema, key).forEach((branch, i) => {
      out.push([branch, subscriptPath(childPath(path, key), i)]);
    });
  }
  const not = schemaAt(schema.not);
  if (not) out.push([not, childPath(path, 'not')]);
  return out;
}
