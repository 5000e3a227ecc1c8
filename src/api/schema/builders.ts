/**
 * Schema builders for Kubernetes structural schemas.
 *
 * Why TypeBox: a TypeBox schema *is* a JSON Schema object at run time and a TypeScript type at compile
 * time (`Static<typeof X>`), so one declaration yields the type the operators use, the CRD that
 * `npm run generate` writes and the schema the validation library enforces; nothing can drift. The
 * builders here only emit what Kubernetes calls a structural schema (every node typed, no `$ref`,
 * no `patternProperties`, no `anyOf` with types except for int-or-string), which TypeBox's own
 * `Type.Record`/`Type.Union` do not guarantee.
 */
import { type ObjectOptions, type SchemaOptions, type Static, type TSchema, Type } from '@sinclair/typebox';

/** Options a Kubernetes schema node may carry besides the JSON Schema basics. */
export interface KubeSchemaOptions extends SchemaOptions {
  'x-kubernetes-validations'?: ValidationRule[];
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  nullable?: boolean;
}

/** One CEL rule of `x-kubernetes-validations`, as a CRD carries it. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** A string restricted to `values`; typed as their union. TypeBox's literal unions emit `anyOf`, which is not structural. */
export function StringEnum<const T extends readonly string[]>(values: T, options: KubeSchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });
}

/** `x-kubernetes-int-or-string`: accepts an integer or a string (ports, percentages). */
export function IntOrString(options: KubeSchemaOptions = {}) {
  return Type.Unsafe<number | string>({
    ...options,
    anyOf: [{ type: 'integer' }, { type: 'string' }],
    'x-kubernetes-int-or-string': true,
  });
}

/** The pattern Kubernetes puts on every `resource.Quantity`. */
export const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

/** A `resource.Quantity` (`1Gi`, `500m`, `3`). */
export function Quantity(options: KubeSchemaOptions = {}) {
  return Type.Unsafe<number | string>({
    ...options,
    anyOf: [{ type: 'integer' }, { type: 'string' }],
    pattern: QUANTITY_PATTERN,
    'x-kubernetes-int-or-string': true,
  });
}

/** A map with string keys (`additionalProperties`); TypeBox's `Record` emits `patternProperties` instead. */
export function MapOf<T extends TSchema>(value: T, options: KubeSchemaOptions = {}) {
  return Type.Unsafe<Record<string, Static<T>>>({ ...options, type: 'object', additionalProperties: value });
}

/** A `map[string]string` such as labels, annotations or parameters. */
export function StringMap(options: KubeSchemaOptions = {}) {
  return MapOf(Type.String(), options);
}

/** An object whose content the API server keeps as sent (`x-kubernetes-preserve-unknown-fields`). */
export function FreeForm(options: KubeSchemaOptions = {}) {
  return Type.Unsafe<Record<string, unknown>>({
    ...options,
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
  });
}

/** A complete Kubernetes object carried inside another one (`x-kubernetes-embedded-resource`). */
export function EmbeddedResource(options: KubeSchemaOptions = {}) {
  return Type.Unsafe<
    { apiVersion?: string; kind?: string; metadata?: Record<string, unknown> } & Record<string, unknown>
  >({
    ...options,
    type: 'object',
    'x-kubernetes-embedded-resource': true,
    'x-kubernetes-preserve-unknown-fields': true,
  });
}

/** An RFC 3339 timestamp (`metav1.Time`). */
export function DateTime(options: KubeSchemaOptions = {}) {
  return Type.String({ ...options, format: 'date-time' });
}

/** A Go duration string (`metav1.Duration`, e.g. `5m0s`). */
export function Duration(options: KubeSchemaOptions = {}) {
  return Type.String({ ...options, format: 'duration' });
}

/** A 32-bit integer (`int32`). */
export function Int32(options: KubeSchemaOptions = {}) {
  return Type.Integer({ ...options, format: 'int32' });
}

/** A 64-bit integer (`int64`). */
export function Int64(options: KubeSchemaOptions = {}) {
  return Type.Integer({ ...options, format: 'int64' });
}

/** A structural object; identical to `Type.Object` but typed to accept the Kubernetes extensions. */
export function KubeObjectSchema<T extends Parameters<typeof Type.Object>[0]>(
  properties: T,
  options: KubeSchemaOptions & ObjectOptions = {},
) {
  return Type.Object(properties, options);
}

/** An array carrying Kubernetes list options (`x-kubernetes-list-type`, CEL rules, ...). */
export function List<T extends TSchema>(items: T, options: KubeSchemaOptions = {}) {
  return Type.Array(items, options);
}

/** Rule `self == oldSelf` with Ramen's "X is immutable" message. */
export function immutable(message: string): ValidationRule {
  return { rule: 'self == oldSelf', message };
}
