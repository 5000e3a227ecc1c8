/**
 * The proto2 wire format, read field by field. Kubernetes' protobuf bodies use only varints and length-delimited
 * fields; fixed32/fixed64 are still skipped correctly so an unknown field of those types cannot derail the reader.
 */

/** Why a protobuf body was refused: bytes that are not valid protobuf, or a kind we have no field table for. */
export type ProtobufDecodeFailure = 'malformed' | 'unsupported-kind';

/**
 * A protobuf request body could not be decoded. The HTTP layer answers `malformed` with 400 BadRequest and
 * `unsupported-kind` with 415 UnsupportedMediaType (the client may resend the object as JSON).
 */
export class ProtobufDecodeError extends Error {
  override name = 'ProtobufDecodeError';
  constructor(
    message: string,
    readonly reason: ProtobufDecodeFailure = 'malformed',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The wire types of proto2. Groups (3, 4) are deprecated and never produced by Kubernetes. */
export type WireType = 'varint' | 'fixed64' | 'bytes' | 'fixed32';

const WIRE_TYPES: Record<number, WireType> = { 0: 'varint', 1: 'fixed64', 2: 'bytes', 5: 'fixed32' };

/** One field as found on the wire: the number, the wire type and the raw value. */
export type WireField =
  | { readonly number: number; readonly wireType: 'varint'; readonly value: bigint }
  | { readonly number: number; readonly wireType: 'bytes'; readonly value: Uint8Array }
  | { readonly number: number; readonly wireType: 'fixed32' | 'fixed64'; readonly value: Uint8Array };

/** A cursor over one message's bytes. */
export class ProtobufReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** True when every byte of the message has been consumed. */
  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  /** Reads an unsigned varint of at most 10 bytes (64 bits). */
  readVarint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.bytes[this.offset];
      if (byte === undefined) throw new ProtobufDecodeError('unexpected end of data in a varint');
      this.offset++;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new ProtobufDecodeError('varint longer than 10 bytes');
  }

  /** Reads `length` bytes as a view on the underlying buffer. */
  readBytes(length: number): Uint8Array {
    if (length > this.bytes.length - this.offset) {
      throw new ProtobufDecodeError(`length ${length} runs past the end of the data`);
    }
    const view = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return view;
  }

  /** Reads the next field (tag and value). */
  readField(): WireField {
    const tag = this.readVarint();
    const number = Number(tag >> 3n);
    const wireType = WIRE_TYPES[Number(tag & 7n)];
    if (number === 0 || number > 0x1fffffff) throw new ProtobufDecodeError(`invalid field number ${number}`);
    if (wireType === undefined) {
      throw new ProtobufDecodeError(`unsupported wire type ${Number(tag & 7n)} for field ${number}`);
    }
    switch (wireType) {
      case 'varint':
        return { number, wireType, value: this.readVarint() };
      case 'bytes':
        return { number, wireType, value: this.readBytes(this.readLength()) };
      case 'fixed32':
        return { number, wireType, value: this.readBytes(4) };
      case 'fixed64':
        return { number, wireType, value: this.readBytes(8) };
    }
  }

  private readLength(): number {
    const length = this.readVarint();
    if (length > BigInt(this.bytes.length - this.offset)) {
      throw new ProtobufDecodeError(`length ${length} runs past the end of the data`);
    }
    return Number(length);
  }
}

/** Every field of a message, in wire order. */
export function readFields(bytes: Uint8Array): WireField[] {
  const reader = new ProtobufReader(bytes);
  const fields: WireField[] = [];
  while (!reader.done) fields.push(reader.readField());
  return fields;
}
