/**
 * Go's `%v` rendering of decoded JSON (`map[a:1 b:[x y]]`), because the real API server puts such renderings in
 * the messages of strategic-merge-patch failures and clients or tests may match on them.
 */
import { isJsonObject, type JsonValue } from './json-value.js';

/** `fmt.Sprintf("%v", value)` for a value decoded by Go's encoding/json (maps print with sorted keys). */
export function goFormat(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${key}:${goFormat(value[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

/** The name Go's reflect gives the kind of a decoded JSON value (`map`, `slice`, `string`, …). */
export function goKindName(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return 'invalid';
  if (Array.isArray(value)) return 'slice';
  if (isJsonObject(value)) return 'map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return typeof value === 'boolean' ? 'bool' : 'string';
}

/** How encoding/json names a JSON value's type in "cannot unmarshal X into Go value" errors. */
export function goJsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}
