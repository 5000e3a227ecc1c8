/**
 * Protobuf request bodies (`Content-Type: application/vnd.kubernetes.protobuf`), which kubectl's generator commands
 * send and do not retry as JSON. The body is the `k8s\0` magic followed by a `runtime.Unknown` envelope; the object
 * inside is decoded with the field tables of protobuf-kinds.ts into the JSON object the API would have received.
 */
import type { JsonRecord } from '../../api/index.js';
import { formatTime } from './kube-time.js';
import { protobufKindKey, protobufKindSchemas } from './protobuf-kinds.js';
import { ProtobufDecodeError, ProtobufReader, readFields, type WireField } from './protobuf-reader.js';
import type { FieldSpec, MapValueKind, MessageSchema, ScalarKind } from './protobuf-schema.js';

/** The media type of Kubernetes protobuf bodies. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** The four bytes every Kubernetes protobuf body starts with: `k8s\0`. */
export const PROTOBUF_MAGIC: Readonly<Uint8Array> = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** The `runtime.Unknown` envelope: the object's type and its still-encoded bytes. */
export interface UnknownEnvelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

const utf8 = new TextDecoder('utf-8');

/** Strips the magic and reads the envelope. */
export function decodeEnvelope(body: Uint8Array): UnknownEnvelope {
  if (body.length < PROTOBUF_MAGIC.length || PROTOBUF_MAGIC.some((byte, i) => body[i] !== byte)) {
    throw new ProtobufDecodeError(
      `provided data does not appear to be a protobuf message, expected prefix [${PROTOBUF_MAGIC.join(' ')}]`,
    );
  }
  const envelope: UnknownEnvelope = {
    apiVersion: '',
    kind: '',
    raw: new Uint8Array(),
    contentEncoding: '',
    contentType: '',
  };
  for (const field of readFields(body.subarray(PROTOBUF_MAGIC.length))) {
    switch (field.number) {
      case 1:
        for (const typeField of readFields(expectBytes(field, 'typeMeta'))) {
          if (typeField.number === 1) envelope.apiVersion = utf8.decode(expectBytes(typeField, 'apiVersion'));
          if (typeField.number === 2) envelope.kind = utf8.decode(expectBytes(typeField, 'kind'));
        }
        break;
      case 2:
        envelope.raw = expectBytes(field, 'raw');
        break;
      case 3:
        envelope.contentEncoding = utf8.decode(expectBytes(field, 'contentEncoding'));
        break;
      case 4:
        envelope.contentType = utf8.decode(expectBytes(field, 'contentType'));
        break;
    }
  }
  return envelope;
}

/** True when `decodeProtobufObject` has a field table for this kind. */
export function isProtobufKindSupported(apiVersion: string, kind: string): boolean {
  return protobufKindSchemas.has(protobufKindKey(apiVersion, kind));
}

/**
 * Decodes a whole protobuf request body into its JSON object: `apiVersion` and `kind` from the envelope, then the
 * object's fields with zero values dropped (except Go pointer fields, so `replicas: 0` survives).
 */
export function decodeProtobufObject(body: Uint8Array): JsonRecord {
  const envelope = decodeEnvelope(body);
  if (envelope.kind === '') throw new ProtobufDecodeError('the protobuf envelope does not name a kind');
  if (envelope.contentEncoding !== '') {
    throw new ProtobufDecodeError(`unsupported content encoding "${envelope.contentEncoding}"`);
  }
  if (envelope.contentType !== '' && envelope.contentType !== PROTOBUF_MEDIA_TYPE) {
    throw new ProtobufDecodeError(`unsupported content type "${envelope.contentType}" inside the envelope`);
  }
  const schema = protobufKindSchemas.get(protobufKindKey(envelope.apiVersion, envelope.kind));
  if (schema === undefined) {
    throw new ProtobufDecodeError(
      `protobuf bodies of ${envelope.kind} in version "${envelope.apiVersion}" are not supported; send JSON`,
      'unsupported-kind',
    );
  }
  return { apiVersion: envelope.apiVersion, kind: envelope.kind, ...decodeMessage(envelope.raw, schema) };
}

/** Decodes one message with its table, then drops the zero values Go's protobuf marshalling always writes. */
export function decodeMessage(bytes: Uint8Array, schema: MessageSchema): JsonRecord {
  const target: JsonRecord = {};
  decodeInto(target, bytes, schema);
  return prune(target, schema);
}

function decodeInto(target: JsonRecord, bytes: Uint8Array, schema: MessageSchema): void {
  for (const field of readFields(bytes)) {
    const spec = schema[field.number];
    if (spec === undefined) continue;
    if (spec.kind === 'map') {
      const [key, value] = decodeMapEntry(expectBytes(field, spec.name), spec.value);
      // Keys are data (`__proto__` is a valid ConfigMap key): define them, never assign.
      Object.defineProperty(objectField(target, spec.name), key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else if (spec.kind === 'message') {
      const payload = expectBytes(field, spec.name);
      if (spec.repeated) {
        const element: JsonRecord = {};
        decodeInto(element, payload, spec.message);
        listField(target, spec.name).push(element);
      } else {
        // A message that appears twice is merged, as proto2 readers do.
        decodeInto(objectField(target, spec.name), payload, spec.message);
      }
    } else if (spec.repeated) {
      listField(target, spec.name).push(...decodeRepeatedScalar(field, spec.name, spec.kind));
    } else {
      target[spec.name] = decodeScalar(field, spec.name, spec.kind);
    }
  }
}

function objectField(target: JsonRecord, name: string): JsonRecord {
  target[name] ??= {};
  return target[name] as JsonRecord;
}

function listField(target: JsonRecord, name: string): unknown[] {
  target[name] ??= [];
  return target[name] as unknown[];
}

/** Removes zero values of non-pointer fields (recursively), and messages left empty by that. */
function prune(target: JsonRecord, schema: MessageSchema): JsonRecord {
  for (const spec of Object.values(schema) as FieldSpec[]) {
    const value = target[spec.name];
    if (value === undefined) continue;
    if (spec.kind === 'message') {
      if (spec.repeated) {
        for (const element of value as JsonRecord[]) prune(element, spec.message);
        continue;
      }
      prune(value as JsonRecord, spec.message);
      if (!spec.pointer && Object.keys(value as JsonRecord).length === 0) delete target[spec.name];
    } else if (
      spec.kind !== 'map' &&
      !spec.repeated &&
      (value === null || (!spec.pointer && isZero(value)))
    ) {
      delete target[spec.name];
    }
  }
  return target;
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}

function decodeMapEntry(bytes: Uint8Array, valueKind: MapValueKind): [string, unknown] {
  let key = '';
  let value: unknown = valueKind === 'quantity' ? '0' : '';
  for (const field of readFields(bytes)) {
    if (field.number === 1) key = utf8.decode(expectBytes(field, 'key'));
    if (field.number === 2) value = decodeScalar(field, 'value', valueKind);
  }
  return [key, value];
}

function decodeRepeatedScalar(field: WireField, name: string, kind: ScalarKind): unknown[] {
  if (field.wireType === 'bytes' && isVarintKind(kind)) {
    // Packed encoding: the varints one after another in a length-delimited payload.
    const values: unknown[] = [];
    const reader = new ProtobufReader(field.value);
    while (!reader.done) values.push(varintValue(reader.readVarint(), kind));
    return values;
  }
  return [decodeScalar(field, name, kind)];
}

function isVarintKind(kind: ScalarKind): kind is 'bool' | 'int32' | 'int64' {
  return kind === 'bool' || kind === 'int32' || kind === 'int64';
}

function decodeScalar(field: WireField, name: string, kind: ScalarKind): unknown {
  if (isVarintKind(kind)) {
    if (field.wireType !== 'varint') throw wrongWireType(field, name, 'varint');
    return varintValue(field.value, kind);
  }
  const payload = expectBytes(field, name);
  switch (kind) {
    case 'string':
      return utf8.decode(payload);
    case 'bytes':
      return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('base64');
    case 'time':
      return decodeTime(payload);
    case 'quantity':
      return decodeQuantity(payload);
    case 'intOrString':
      return decodeIntOrString(payload);
  }
}

function varintValue(value: bigint, kind: 'bool' | 'int32' | 'int64'): unknown {
  if (kind === 'bool') return value !== 0n;
  return Number(kind === 'int32' ? BigInt.asIntN(32, value) : BigInt.asIntN(64, value));
}

/** `metav1.Time` {1: seconds, 2: nanos}; the zero time is JSON `null`, as Go marshals it. */
function decodeTime(bytes: Uint8Array): string | null {
  let seconds = 0;
  let nanos = 0;
  for (const field of readFields(bytes)) {
    if (field.number === 1) seconds = varintValue(expectVarint(field, 'seconds'), 'int64') as number;
    if (field.number === 2) nanos = varintValue(expectVarint(field, 'nanos'), 'int32') as number;
  }
  if (seconds === 0 && nanos === 0) return null;
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) throw new ProtobufDecodeError(`time ${seconds}s is out of range`);
  // metav1.Time marshals to whole seconds.
  return formatTime(date);
}

/** `resource.Quantity` {1: string}. */
function decodeQuantity(bytes: Uint8Array): string {
  let quantity = '0';
  for (const field of readFields(bytes))
    if (field.number === 1) quantity = utf8.decode(expectBytes(field, 'string'));
  return quantity;
}

/** `intstr.IntOrString` {1: type (0 int, 1 string), 2: intVal, 3: strVal}. */
function decodeIntOrString(bytes: Uint8Array): number | string {
  let type = 0n;
  let intVal = 0;
  let strVal = '';
  for (const field of readFields(bytes)) {
    if (field.number === 1) type = expectVarint(field, 'type');
    if (field.number === 2) intVal = varintValue(expectVarint(field, 'intVal'), 'int32') as number;
    if (field.number === 3) strVal = utf8.decode(expectBytes(field, 'strVal'));
  }
  return type === 1n ? strVal : intVal;
}

function expectBytes(field: WireField, name: string): Uint8Array {
  if (field.wireType !== 'bytes') throw wrongWireType(field, name, 'bytes');
  return field.value;
}

function expectVarint(field: WireField, name: string): bigint {
  if (field.wireType !== 'varint') throw wrongWireType(field, name, 'varint');
  return field.value;
}

function wrongWireType(field: WireField, name: string, expected: string): ProtobufDecodeError {
  return new ProtobufDecodeError(
    `field ${name} (${field.number}) has wire type ${field.wireType}, expected ${expected}`,
  );
}
