/**
 * The two Go formatting verbs that leak into Kubernetes API messages: `%q` (quoted names in Status messages, bad
 * values in field errors, time parse errors) and `%v` of a decoded JSON value (string printer-column cells that hold
 * a number, list or map). Reproducing them keeps our messages byte-identical to a real API server's.
 */

const SHORT_ESCAPES: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Go's `strconv.Quote` (`%q`): double quotes, Go escapes, printable Unicode kept as is. */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) out += quoteChar(char);
  return `${out}"`;
}

function quoteChar(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) return short;
  if (char === ' ' || !/[\p{C}\p{Z}]/u.test(char)) return char;
  const code = char.codePointAt(0)!;
  if (code < 0x80) return `\\x${hex(code, 2)}`;
  if (code < 0x10000) return `\\u${hex(code, 4)}`;
  return `\\U${hex(code, 8)}`;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/**
 * Go's `%v` of a value decoded from JSON (`map[string]interface{}`, `[]interface{}`, string, int64/float64, bool,
 * nil): maps print as `map[k:v …]` with sorted keys, lists as `[a b]`, nil as `<nil>`.
 */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = sortedEntries(value as Record<string, unknown>);
    return `map[${entries.map(([key, item]) => `${key}:${goValue(item)}`).join(' ')}]`;
  }
  return String(value);
}

/**
 * A JSON number as Go prints it: integers (int64 after decoding) in decimal, other numbers (float64) with `%v`,
 * i.e. shortest digits and an exponent below 1e-4 or from 1e21 on (`1e-05`, `1.5e+21`).
 */
export function goNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 21) return String(value);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/**
 * Go's `%#v` of a value decoded from JSON, which field errors use for bad values that are maps or lists:
 * `map[string]interface {}{"a":1}`, `[]interface {}{"x", 2}`, `interface {}(nil)` inside them.
 */
export function goSyntax(value: unknown): string {
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSyntax).join(', ')}}`;
  if (typeof value === 'object') {
    const entries = sortedEntries(value as Record<string, unknown>);
    return `map[string]interface {}{${entries.map(([key, item]) => `${goQuote(key)}:${goSyntax(item)}`).join(', ')}}`;
  }
  return String(value);
}

/** A map's entries in Go's print order: keys sorted bytewise. */
function sortedEntries(map: Record<string, unknown>): [string, unknown][] {
  return Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
