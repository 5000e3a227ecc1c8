/**
 * JSON Patch (RFC 6902, `application/json-patch+json`) as the Kubernetes API server applies it.
 *
 * Kubernetes uses evanphx/json-patch v4; this module follows it where it differs from the RFC:
 * - `replace` of a missing member of an existing object adds it (v4 does not check that the member exists);
 * - `test` of a missing member succeeds when the expected value is `null`;
 * - an `add`, `replace` or `test` without `value` uses `null`;
 * - operations on the root (`""`) are refused except `replace` (with an object or array) and `test`.
 *
 * The patch is atomic: operations run on a private copy, so a failure (a failed `test` included) leaves nothing
 * applied, and neither the document nor the patch is ever modified.
 *
 * Status codes, as `apiserver/pkg/endpoints/handlers/patch.go` chooses them:
 * - 400 BadRequest: the body is not a list of operation objects (decoding failed);
 * - 413 RequestEntityTooLarge: more than 10 000 operations;
 * - 422 Invalid: an operation does not apply (missing path, failed `test`, bad index, unknown `op`). The real
 *   server then sends only the generic message `the server rejected our request due to an error in our request`
 *   with empty details; the library's own words are kept in `PatchError.detail`.
 */
import type { Operation } from 'fast-json-patch';
import jsonpatch from 'fast-json-patch';
import {
  deepCopy,
  goJsonTypeName,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
} from '../../api/index.js';
import { badRequest, PatchError, unprocessable } from './errors.js';

/** The API server's cap on the number of operations in one JSON patch. */
export const MAX_JSON_PATCH_OPERATIONS = 10_000;

type OperationKind = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
const OPERATION_KINDS: ReadonlySet<string> = new Set<OperationKind>([
  'add',
  'remove',
  'replace',
  'move',
  'copy',
  'test',
]);

/** Where a JSON pointer lands: the container holding the target and the target's key (unescaped). */
interface Location {
  parent: JsonObject | JsonValue[];
  key: string;
}

/**
 * Applies an RFC 6902 patch to a Kubernetes object and returns the patched copy.
 * @throws PatchError 400, 413 or 422 as described in the module comment.
 */
export function applyJsonPatch(document: JsonObject, patch: unknown): JsonObject {
  const operations = decodeJsonPatch(patch);
  let doc: JsonValue = deepCopy(document);
  operations.forEach((operation, index) => {
    doc = applyOperation(doc, operation, index);
  });
  if (!isJsonObject(doc)) throw unprocessable('the patched document is not a JSON object');
  return doc;
}

/** Checks the body is a list of operation objects (what decoding into `jsonpatch.Patch` accepts). */
function decodeJsonPatch(patch: unknown): JsonObject[] {
  if (!Array.isArray(patch)) {
    throw badRequest(`json: cannot unmarshal ${goJsonTypeName(patch)} into Go value of type jsonpatch.Patch`);
  }
  const bad = patch.find((op) => op !== null && !isJsonObject(op));
  if (bad !== undefined) {
    throw badRequest(
      `json: cannot unmarshal ${goJsonTypeName(bad)} into Go value of type jsonpatch.Operation`,
    );
  }
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new PatchError(
      413,
      'RequestEntityTooLarge',
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`,
    );
  }
  return deepCopy(patch.map((op) => (op === null ? {} : op)) as JsonObject[]);
}

/** One operation, dispatched by kind; returns the (possibly replaced) document. */
function applyOperation(doc: JsonValue, op: JsonObject, index: number): JsonValue {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  if (!OPERATION_KINDS.has(kind)) throw unprocessable(`Unexpected kind: ${kind}`);
  const path = op.path;
  if (typeof path !== 'string') throw unprocessable(`${kind} operation failed to decode path: missing value`);
  const value = op.value ?? null;
  switch (kind as OperationKind) {
    case 'add':
      return add(doc, path, value, index);
    case 'remove':
      return remove(doc, path, index);
    case 'replace':
      return replace(doc, path, value, index);
    case 'test':
      return test(doc, path, value);
    case 'move':
    case 'copy':
      return moveOrCopy(doc, kind as 'move' | 'copy', op.from, path, index);
  }
}

function add(doc: JsonValue, path: string, value: JsonValue, index: number): JsonValue {
  const at = locate(doc, path);
  if (!at) throw unprocessable(`add operation does not apply: doc is missing path: "${path}": missing value`);
  if (Array.isArray(at.parent) && at.key !== '-') {
    const i = arrayIndex(at.key);
    if (i === undefined || i > at.parent.length) {
      throw unprocessable(`error in add for path: '${path}': ${invalidIndex(at.key)}`);
    }
  }
  return run(doc, { op: 'add', path, value }, index);
}

function remove(doc: JsonValue, path: string, index: number): JsonValue {
  const at = locate(doc, path);
  if (!at)
    throw unprocessable(`remove operation does not apply: doc is missing path: "${path}": missing value`);
  if (!has(at)) throw unprocessable(`error in remove for path: '${path}': ${missing(at)}`);
  return run(doc, { op: 'remove', path }, index);
}

function replace(doc: JsonValue, path: string, value: JsonValue, index: number): JsonValue {
  if (path === '') {
    if (typeof value !== 'object' || value === null) {
      throw unprocessable('replace operation value must be object or array');
    }
    return value;
  }
  const at = locate(doc, path);
  if (!at)
    throw unprocessable(`replace operation does not apply: doc is missing path: ${path}: missing value`);
  if (has(at)) return run(doc, { op: 'replace', path, value }, index);
  if (Array.isArray(at.parent)) {
    throw unprocessable(`replace operation does not apply: doc is missing key: ${path}: missing value`);
  }
  return run(doc, { op: 'add', path, value }, index);
}

function test(doc: JsonValue, path: string, value: JsonValue): JsonValue {
  const failed = `testing value ${path} failed: test failed`;
  if (path === '') {
    if (!jsonEqual(doc, value)) throw unprocessable(failed);
    return doc;
  }
  const at = locate(doc, path);
  if (!at) throw unprocessable(`test operation does not apply: is missing path: ${path}: missing value`);
  const actual = has(at) ? get(at) : undefined;
  if (actual === undefined ? value !== null : !jsonEqual(actual, value)) throw unprocessable(failed);
  return doc;
}

function moveOrCopy(
  doc: JsonValue,
  kind: 'move' | 'copy',
  from: JsonValue | undefined,
  path: string,
  index: number,
): JsonValue {
  if (typeof from !== 'string') throw unprocessable(`${kind} operation failed to decode from: missing value`);
  const source = locate(doc, from);
  if (!source)
    throw unprocessable(`${kind} operation does not apply: doc is missing from path: ${from}: missing value`);
  if (!has(source)) throw unprocessable(`error in ${kind} for path: '${from}': ${missing(source)}`);
  const value = deepCopy(get(source));
  let next = doc;
  if (kind === 'move') {
    if (path.startsWith(`${from}/`)) {
      throw unprocessable(
        `move operation does not apply: doc is missing destination path: ${path}: missing value`,
      );
    }
    next = run(doc, { op: 'remove', path: from }, index);
  }
  if (!locate(next, path)) {
    throw unprocessable(
      `${kind} operation does not apply: doc is missing destination path: ${path}: missing value`,
    );
  }
  return add(next, path, value, index);
}

/** Executes an operation that the checks above accepted, with fast-json-patch, on our private copy. */
function run(doc: JsonValue, operation: Operation, index: number): JsonValue {
  try {
    return jsonpatch.applyOperation(doc, operation, true, true, true, index).newDocument as JsonValue;
  } catch (error) {
    throw unprocessable(error instanceof Error ? error.message : String(error), error);
  }
}

/** Resolves all but the last token of a pointer; undefined when the pointer is the root or a parent is missing. */
function locate(doc: JsonValue, pointer: string): Location | undefined {
  if (!pointer.startsWith('/')) return undefined;
  const tokens = pointer.slice(1).split('/').map(unescapeToken);
  const key = tokens.pop() as string;
  let node: JsonValue | undefined = doc;
  for (const token of tokens) node = child(node, token);
  if (Array.isArray(node) || isJsonObject(node)) return { parent: node, key };
  return undefined;
}

function child(node: JsonValue | undefined, token: string): JsonValue | undefined {
  if (Array.isArray(node)) {
    const i = arrayIndex(token);
    return i === undefined ? undefined : node[i];
  }
  if (isJsonObject(node) && Object.hasOwn(node, token)) return node[token];
  return undefined;
}

function has(at: Location): boolean {
  if (!Array.isArray(at.parent)) return Object.hasOwn(at.parent, at.key);
  const i = arrayIndex(at.key);
  return i !== undefined && i < at.parent.length;
}

function get(at: Location): JsonValue {
  if (!Array.isArray(at.parent)) return at.parent[at.key] as JsonValue;
  return at.parent[arrayIndex(at.key) as number] as JsonValue;
}

function arrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined;
}

function missing(at: Location): string {
  return Array.isArray(at.parent)
    ? invalidIndex(at.key)
    : `Unable to remove nonexistent key: ${at.key}: missing value`;
}

function invalidIndex(token: string): string {
  return arrayIndex(token) === undefined
    ? `value was not a proper array index: '${token}'`
    : `Unable to access invalid index: ${token}: invalid index referenced`;
}

function unescapeToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}
