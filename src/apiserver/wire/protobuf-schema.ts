/**
 * How a protobuf field table is written: for each field number, the JSON name and how to turn the wire value into
 * the JSON value the API would have received. The tables themselves are in protobuf-kinds.ts.
 */

/**
 * Scalar and well-known value kinds. `time` is `metav1.Time` ({1: seconds, 2: nanos}) rendered as RFC3339,
 * `quantity` is `resource.Quantity` ({1: string}), `intOrString` is `intstr.IntOrString`
 * ({1: type, 2: intVal, 3: strVal}); `bytes` become base64 as in JSON.
 */
export type ScalarKind =
  | 'string'
  | 'bytes'
  | 'bool'
  | 'int32'
  | 'int64'
  | 'time'
  | 'quantity'
  | 'intOrString';

/** The value type of a `map<string, V>` (encoded as repeated entries {1: key, 2: value}). */
export type MapValueKind = 'string' | 'bytes' | 'quantity';

/** A message's fields by number; numbers absent from the table are skipped like any unknown field. */
export type MessageSchema = { readonly [fieldNumber: number]: FieldSpec };

/** What to do with one field number. */
export type FieldSpec =
  | ScalarFieldSpec
  | {
      readonly kind: 'message';
      readonly name: string;
      readonly message: MessageSchema;
      readonly repeated?: boolean;
      readonly pointer?: boolean;
    }
  | { readonly kind: 'map'; readonly name: string; readonly value: MapValueKind };

/** A scalar field. */
export interface ScalarFieldSpec {
  readonly kind: ScalarKind;
  readonly name: string;
  readonly repeated?: boolean;
  /**
   * A Go pointer field (`*int32`, `*bool`…): present on the wire only when set, so its zero value is meaningful
   * and kept (`replicas: 0`). Non-pointer fields are always on the wire and their zero values are dropped.
   */
  readonly pointer?: boolean;
}

/** A singular scalar field. */
export function scalar(name: string, kind: ScalarKind, options: { pointer?: boolean } = {}): FieldSpec {
  return { kind, name, ...options };
}

/** A repeated scalar field (`[]string`). */
export function repeatedScalar(name: string, kind: ScalarKind): FieldSpec {
  return { kind, name, repeated: true };
}

/** A singular embedded message. */
export function message(name: string, schema: MessageSchema, options: { pointer?: boolean } = {}): FieldSpec {
  return { kind: 'message', name, message: schema, ...options };
}

/** A repeated embedded message (`[]Container`). */
export function repeatedMessage(name: string, schema: MessageSchema): FieldSpec {
  return { kind: 'message', name, message: schema, repeated: true };
}

/** A `map<string, V>` field. */
export function map(name: string, value: MapValueKind): FieldSpec {
  return { kind: 'map', name, value };
}
