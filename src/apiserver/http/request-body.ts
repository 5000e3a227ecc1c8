/**
 * Request bodies (kube-api.md §2.2, §2.4, §12): reading them with the real server's 3 MiB limit (413 beyond), and
 * decoding them by `Content-Type` — JSON, YAML (JSON is YAML 1.2, and apply patches are sent as either), and the
 * protobuf bodies of kubectl's generator commands. An unknown content type is a 415 listing what the endpoint
 * takes; a body that does not parse is a 400 in apimachinery's wording.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml, YAMLError } from 'yaml';
import { goJsonTypeName, isJsonObject } from '../../api/index.js';
import type { PatchType, ResourceInfo } from '../registry/index.js';
import {
  badRequest,
  decodeProtobufObject,
  PROTOBUF_MEDIA_TYPE,
  ProtobufDecodeError,
  tooLarge,
  unsupportedMediaType,
} from '../wire/index.js';

/** The largest body accepted, as the real server's default (`MaxRequestBodyBytes`). */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

/** Media types of object bodies (create, update). */
const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml', PROTOBUF_MEDIA_TYPE] as const;

/** The media type of each patch type. */
const PATCH_MEDIA_TYPES: ReadonlyArray<readonly [string, PatchType]> = [
  ['application/json-patch+json', 'json'],
  ['application/merge-patch+json', 'merge'],
  ['application/strategic-merge-patch+json', 'strategic'],
  ['application/apply-patch+yaml', 'apply'],
];

/** The media type of a `Content-Type` header without parameters, lower-cased; '' when absent. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Reads the whole body, refusing more than `limit` bytes (by `Content-Length` up front, or while reading).
 * @throws StatusError 413
 */
export async function readRequestBody(req: IncomingMessage, limit = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(`limit is ${limit}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(`limit is ${limit}`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses JSON, turning a syntax error into the 400 the API server sends: `<prefix><error><suffix>`. */
function parseJson(bytes: Uint8Array, prefix: string, suffix = ''): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw badRequest(`${prefix}${jsonErrorText(error)}${suffix}`);
  }
}

/**
 * apimachinery's `summarizeData`, which ends the message of a body that cannot be decoded at all: its first
 * `max` bytes, as text when it starts like a JSON object, in hex otherwise.
 */
export function summarizeBody(bytes: Uint8Array, max = 30): string {
  if (bytes.length === 0) return '<empty>';
  const head = Buffer.from(bytes.subarray(0, max));
  const more = bytes.length > max ? ' ...' : '';
  return `${bytes[0] === 0x7b ? head.toString('utf8') : head.toString('hex')}${more}`;
}

/** Go's wording for the common JSON failure, V8's text (first letter lowered, as Go errors are) otherwise. */
function jsonErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Unexpected end of JSON input/i.test(message)) return 'unexpected end of JSON input';
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/** A YAML syntax error in go-yaml's shape, `yaml: line N: <what>`, as apimachinery's messages embed it. */
export function yamlErrorText(error: unknown): string {
  if (!(error instanceof YAMLError)) return `yaml: ${error instanceof Error ? error.message : String(error)}`;
  const what = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  const lowered = what.charAt(0).toLowerCase() + what.slice(1);
  const line = error.linePos?.[0]?.line;
  return line === undefined ? `yaml: ${lowered}` : `yaml: line ${line}: ${lowered}`;
}

function parseYamlBody(bytes: Uint8Array, prefix: string): unknown {
  try {
    return parseYaml(Buffer.from(bytes).toString('utf8'), { version: '1.2', uniqueKeys: true });
  } catch (error) {
    throw badRequest(`${prefix}${yamlErrorText(error)}`);
  }
}

/**
 * Decodes the body of a create or update by its content type (a missing one means JSON, as the real server assumes).
 * @throws StatusError 400 for an unparsable body, 415 for another media type or a protobuf body of a kind without
 *   a protobuf decoding (custom resources)
 */
export function decodeObjectBody(
  contentType: string | undefined,
  bytes: Uint8Array,
  info: ResourceInfo,
): unknown {
  const mediaType = mediaTypeOf(contentType) || 'application/json';
  switch (mediaType) {
    case 'application/json':
      return objectBody(
        parseJson(bytes, `${unrecognizedPrefix(info)}json parse error: `, ` (${summarizeBody(bytes)})`),
        bytes,
        info,
      );
    case 'application/yaml':
      return objectBody(parseYamlBody(bytes, 'error converting YAML to JSON: '), bytes, info);
    case PROTOBUF_MEDIA_TYPE:
      return decodeProtobuf(bytes, info);
    default:
      throw unsupportedMediaType(info.custom ? OBJECT_MEDIA_TYPES.slice(0, 2) : OBJECT_MEDIA_TYPES);
  }
}

/** The Go struct the server's decoder first reads apiVersion and kind into (`SimpleMetaFactory.Interpret`). */
const TYPE_META_STRUCT =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** `transformDecodeError` when not even the kind could be read (handlers/rest.go). */
function unrecognizedPrefix(info: ResourceInfo): string {
  return `the object provided is unrecognized (must be of type ${info.kind}): couldn't get version/kind; `;
}

/**
 * A parsed object body, which must be a JSON object (or null): anything else fails where the server's decoder reads
 * apiVersion and kind into a struct, with the same 400 as malformed JSON.
 */
function objectBody(value: unknown, bytes: Uint8Array, info: ResourceInfo): unknown {
  if (value === null || isJsonObject(value)) return value;
  throw badRequest(
    `${unrecognizedPrefix(info)}json parse error: json: cannot unmarshal ${goJsonTypeName(value)} into Go value ` +
      `of type ${TYPE_META_STRUCT} (${summarizeBody(bytes)})`,
  );
}

function decodeProtobuf(bytes: Uint8Array, info: ResourceInfo): unknown {
  if (info.custom) throw unsupportedMediaType(OBJECT_MEDIA_TYPES.slice(0, 2));
  try {
    return decodeProtobufObject(bytes);
  } catch (error) {
    if (error instanceof ProtobufDecodeError) {
      if (error.reason === 'unsupported-kind') throw unsupportedMediaType(OBJECT_MEDIA_TYPES.slice(0, 2));
      throw badRequest(error.message);
    }
    throw error;
  }
}

/** The patch media types a resource takes: strategic merge only for built-in kinds. */
export function acceptedPatchTypes(info: ResourceInfo): string[] {
  return PATCH_MEDIA_TYPES.filter(([, type]) => type !== 'strategic' || !info.custom).map(([media]) => media);
}

/**
 * Decodes a PATCH body: the patch type from the content type, the body parsed as JSON (YAML for apply patches).
 * @throws StatusError 415 for another content type, including strategic merge on a custom resource (as the real
 *   server, whose message kubectl prints); 400 for an unparsable body
 */
export function decodePatchBody(
  contentType: string | undefined,
  bytes: Uint8Array,
  info: ResourceInfo,
): { type: PatchType; body: unknown } {
  const mediaType = mediaTypeOf(contentType);
  const type = PATCH_MEDIA_TYPES.find(([media]) => media === mediaType)?.[1];
  if (type === undefined || (type === 'strategic' && info.custom)) {
    throw unsupportedMediaType(acceptedPatchTypes(info));
  }
  // The apply patcher decodes with sigs.k8s.io/yaml, whose error it wraps (handlers/patch.go).
  if (type === 'apply') {
    return { type, body: parseYamlBody(bytes, 'error decoding YAML: error converting YAML to JSON: ') };
  }
  if (bytes.length === 0) throw badRequest('the patch body is empty');
  // The JSON and merge patchers first decode the patch strictly (fieldValidation Warn, the default, or Strict).
  return { type, body: parseJson(bytes, 'error decoding patch: ') };
}

/**
 * Decodes the optional `DeleteOptions` body of a DELETE (kubectl sends JSON; client-node may send nothing).
 * @returns undefined for an empty body
 */
export function decodeDeleteOptionsBody(
  contentType: string | undefined,
  bytes: Uint8Array,
): Record<string, unknown> | undefined {
  if (bytes.length === 0) return undefined;
  const mediaType = mediaTypeOf(contentType) || 'application/json';
  let options: unknown;
  if (mediaType === 'application/json')
    options = parseJson(bytes, "couldn't get version/kind; json parse error: ");
  else if (mediaType === 'application/yaml')
    options = parseYamlBody(bytes, 'error converting YAML to JSON: ');
  else throw unsupportedMediaType(['application/json', 'application/yaml']);
  if (options === null) return undefined;
  if (!isJsonObject(options)) throw badRequest('the body of a DELETE request must be a DeleteOptions object');
  return options;
}
