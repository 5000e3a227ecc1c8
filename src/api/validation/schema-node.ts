/**
 * A CRD schema compiled once for repeated use: every node of the plain `openAPIV3Schema` becomes a `SchemaNode`
 * with its keywords read, its regex and format check prepared, its CEL rules planned and summary flags
 * (`defaultsInside`, `rulesInside`, ...) that let the walkers skip subtrees with nothing to do.
 */
import type { JSONSchemaProps } from '../schema/index.js';
import { type CompiledRule, compileRules } from './cel-rules.js';
import { type FormatCheck, formatCheck } from './formats.js';
import { type CompiledPattern, compileGoPattern } from './go-regexp.js';

/** One compiled schema node. */
export interface SchemaNode {
  readonly schema: JSONSchemaProps;
  /** The declared `type`, or '' (int-or-string, preserve-unknown-fields and value-validation nodes). */
  readonly type: string;
  /** The types the value may have (`['integer', 'string']` for int-or-string); empty accepts any. */
  readonly types: readonly string[];
  readonly nullable: boolean;
  /** The declared `format` (as written, for messages). */
  readonly format?: string;
  /** The check of an enforced string format. */
  readonly formatCheck?: FormatCheck;
  readonly properties?: ReadonlyMap<string, SchemaNode>;
  readonly additionalProperties?: SchemaNode;
  /** `additionalProperties: true`: any key, no schema for its value. */
  readonly additionalPropertiesAny: boolean;
  readonly items?: SchemaNode;
  /** Whether the node has a non-null `default`. */
  readonly hasDefault: boolean;
  readonly defaultValue?: unknown;
  /** The properties that carry a default, in declaration order. */
  readonly propertiesWithDefault: readonly (readonly [string, SchemaNode])[];
  /** Whether any node below this one carries a default. */
  readonly defaultsInside: boolean;
  readonly preserveUnknownFields: boolean;
  readonly embeddedResource: boolean;
  readonly intOrString: boolean;
  readonly enumValues?: readonly unknown[];
  readonly pattern?: CompiledPattern;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly maximum?: number;
  readonly minimum?: number;
  readonly exclusiveMaximum: boolean;
  readonly exclusiveMinimum: boolean;
  readonly multipleOf?: number;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly uniqueItems: boolean;
  readonly maxProperties?: number;
  readonly minProperties?: number;
  readonly required: readonly string[];
  readonly listType?: string;
  readonly listMapKeys: readonly string[];
  readonly allOf: readonly SchemaNode[];
  readonly anyOf: readonly SchemaNode[];
  readonly oneOf: readonly SchemaNode[];
  readonly not?: SchemaNode;
  /** The node's own `x-kubernetes-validations`, compiled. */
  readonly rules: readonly CompiledRule[];
  /** Whether this node or any node below has CEL rules. */
  readonly rulesInside: boolean;
  /** Whether this node or any node below is a set/map list or an embedded resource. */
  readonly structureChecksInside: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function compileChildren(node: Mutable<SchemaNode>, schema: JSONSchemaProps): void {
  if (schema.properties) {
    const properties = new Map<string, SchemaNode>();
    for (const [name, child] of Object.entries(schema.properties))
      properties.set(name, compileSchemaNode(child));
    node.properties = properties;
    node.propertiesWithDefault = [...properties].filter(([, child]) => child.hasDefault);
  }
  if (typeof schema.additionalProperties === 'object') {
    node.additionalProperties = compileSchemaNode(schema.additionalProperties);
  }
  node.additionalPropertiesAny = schema.additionalProperties === true;
  if (schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) {
    node.items = compileSchemaNode(schema.items);
  }
  const branches = (key: 'allOf' | 'anyOf' | 'oneOf') =>
    Array.isArray(schema[key]) ? (schema[key] as JSONSchemaProps[]).map(compileSchemaNode) : [];
  node.allOf = branches('allOf');
  node.anyOf = branches('anyOf');
  node.oneOf = branches('oneOf');
  if (schema.not && typeof schema.not === 'object')
    node.not = compileSchemaNode(schema.not as JSONSchemaProps);
}

function children(node: SchemaNode): SchemaNode[] {
  const list = [...(node.properties?.values() ?? [])];
  if (node.additionalProperties) list.push(node.additionalProperties);
  if (node.items) list.push(node.items);
  return list;
}

function summarize(node: Mutable<SchemaNode>): void {
  const below = children(node);
  node.defaultsInside = below.some((child) => child.hasDefault || child.defaultsInside);
  node.rulesInside = node.rules.length > 0 || below.some((child) => child.rulesInside);
  node.structureChecksInside =
    node.embeddedResource ||
    node.listType === 'set' ||
    node.listType === 'map' ||
    below.some((child) => child.structureChecksInside);
}

/** Compiles a schema node and everything below it. */
export function compileSchemaNode(schema: JSONSchemaProps): SchemaNode {
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const type = typeof schema.type === 'string' ? schema.type : '';
  const format = typeof schema.format === 'string' ? schema.format : undefined;
  const check = formatCheck(format);
  const node: Mutable<SchemaNode> = {
    schema,
    type,
    types: intOrString ? ['integer', 'string'] : type ? [type] : [],
    nullable: schema.nullable === true,
    additionalPropertiesAny: false,
    hasDefault: schema.default !== undefined && schema.default !== null,
    propertiesWithDefault: [],
    defaultsInside: false,
    preserveUnknownFields: schema['x-kubernetes-preserve-unknown-fields'] === true,
    embeddedResource: schema['x-kubernetes-embedded-resource'] === true,
    intOrString,
    exclusiveMaximum: schema.exclusiveMaximum === true,
    exclusiveMinimum: schema.exclusiveMinimum === true,
    uniqueItems: schema.uniqueItems === true,
    required: Array.isArray(schema.required) ? schema.required : [],
    listMapKeys: Array.isArray(schema['x-kubernetes-list-map-keys'])
      ? (schema['x-kubernetes-list-map-keys'] as string[])
      : [],
    allOf: [],
    anyOf: [],
    oneOf: [],
    rules: [],
    rulesInside: false,
    structureChecksInside: false,
  };
  if (node.hasDefault) node.defaultValue = schema.default;
  if (format !== undefined) node.format = format;
  if (check) node.formatCheck = check;
  if (Array.isArray(schema.enum)) node.enumValues = schema.enum;
  if (typeof schema.pattern === 'string') node.pattern = compileGoPattern(schema.pattern);
  if (typeof schema['x-kubernetes-list-type'] === 'string') node.listType = schema['x-kubernetes-list-type'];
  const limits = [
    'maxLength',
    'minLength',
    'maximum',
    'minimum',
    'multipleOf',
    'maxItems',
    'minItems',
    'maxProperties',
    'minProperties',
  ] as const;
  for (const limit of limits) {
    const value = numberOrUndefined(schema[limit]);
    if (value !== undefined) node[limit] = value;
  }
  compileChildren(node, schema);
  node.rules = compileRules(schema['x-kubernetes-validations'] ?? [], node);
  summarize(node);
  return node;
}
