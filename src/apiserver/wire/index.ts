/**
 * Wire formats of the embedded API server, free of any transport: protobuf request bodies, Table rendering
 * (columns, JSONPath, HumanDuration), Kubernetes time formats and Status errors. `http/` and `registry/` use these.
 */
export * from './human-duration.js';
export * from './json-path.js';
export * from './kube-time.js';
export {
  decodeEnvelope,
  decodeProtobufObject,
  isProtobufKindSupported,
  PROTOBUF_MAGIC,
  PROTOBUF_MEDIA_TYPE,
  type UnknownEnvelope,
} from './protobuf.js';
export { ProtobufDecodeError, type ProtobufDecodeFailure } from './protobuf-reader.js';
export * from './status.js';
export * from './table.js';
export * from './table-columns.js';
