/**
 * Go's `fmt` renderings of JSON values. Kubernetes builds its error messages with `%q`, `%v` and `%#v` on decoded
 * JSON (int64, float64, string, bool, map[string]interface{}, []interface{}), and names the Go types of such values
 * in decoding errors; clients and tests compare those messages verbatim, so the same text is produced here. The
 * validation library, the API server's Status messages, Table cells and patch errors all use these.
 */
import { isJsonObject } from '../json-value.js';

/** A value whose Go rendering is given as is (e.g. a Go struct literal quoted in a CRD validation error). */
export class GoLiteral {
  constructor(readonly text: string) {}
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SIMPLE_ESCAPES: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
  34: '\\"',
  92: '\\\\',
};

/** The magnitude from which an integral JSON number no longer fits an int64 and Go decodes it as a float64. */
const INT64_LIMIT = 2 ** 63;

/** Go's `strconv.Quote` (`%q`): a double-quoted string with Go escapes for non-printable characters. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const simple = SIMPLE_ESCAPES[code];
    if (simple !== undefined) out += simple;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** Go's `%v` of a float64: shortest digits, exponent form below 1e-4 and from 1e+06 on (`1e+06`, `2.5e-07`). */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/** Go's `%v` of an int64 held in a JS number (exact for every integral double). */
export function goInt(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
}

/**
 * A JSON number as Go prints it after decoding: integral numbers that fit are int64, all others float64 (so
 * `1.5e21` prints as `1.5e+21`).
 */
export function goNumber(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < INT64_LIMIT ? goInt(value) : goFloat(value);
}

/** Go's `%#v` of a decoded JSON value (`map[string]interface {}{"a":1}`, `[]interface {}{"x"}`). */
export function goSyntax(value: unknown): string {
  if (value instanceof GoLiteral) return value.text;
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSyntax).join(', ')}}`;
  const object = value as Record<string, unknown>;
  const entries = Object.keys(object)
    .sort()
    .map((key) => `${goQuote(key)}:${goSyntax(object[key])}`);
  return `map[string]interface {}{${entries.join(', ')}}`;
}

/**
 * How `field.Error` prints a bad value: `"null"` for nil, `%q` for strings, `%v` for numbers and booleans and `%#v`
 * for maps and slices.
 */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return '"null"';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return goSyntax(value);
}

/**
 * Go's `%v` of a decoded JSON value: maps print as `map[k:v …]` with sorted keys, lists as `[a b]`, nil as `<nil>`,
 * strings bare. Used where Kubernetes prints values with `%v`: string printer-column cells (client-go's JSONPath
 * printer) and strategic-merge-patch failures.
 */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
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
export function goKindName(value: unknown): string {
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
