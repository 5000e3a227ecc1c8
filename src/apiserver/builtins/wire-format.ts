/**
 * Decode errors a real API server reports before any validation runs, reproduced byte for byte because clients
 * surface them verbatim: a `[]byte` field (Secret `data`, ConfigMap `binaryData`) holding invalid base64, and a
 * `MicroTime` (Lease `renewTime`, Event `eventTime`) not written with exactly six fractional digits (§6.6).
 */
import { goQuote } from '../../api/index.js';

const BASE64_VALUES = new Map<number, number>(
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((ch, index) => [
    ch.charCodeAt(0),
    index,
  ]),
);
const CR = 13;
const LF = 10;
const PAD = 61;

const isNewline = (byte: number | undefined) => byte === CR || byte === LF;

/** Skips `\r`/`\n` as Go's decoder does between quanta. */
function skipNewlines(src: Uint8Array, from: number): number {
  let index = from;
  while (index < src.length && isNewline(src[index])) index++;
  return index;
}

/**
 * Decodes one 4-character quantum like Go's `decodeQuantum` (StdEncoding, padded, not strict) and returns the next
 * read position and the offset of a corrupt byte, if any.
 */
function decodeQuantum(src: Uint8Array, start: number): { next: number; corruptAt?: number } {
  let si = start;
  for (let j = 0; j < 4; j++) {
    if (si === src.length) return j === 0 ? { next: si } : { next: si, corruptAt: si - j };
    const byte = src[si] as number;
    si++;
    if (BASE64_VALUES.has(byte)) continue;
    if (isNewline(byte)) {
      j--;
      continue;
    }
    if (byte !== PAD || j < 2) return { next: si, corruptAt: si - 1 };
    if (j === 2) {
      si = skipNewlines(src, si);
      if (si === src.length) return { next: si, corruptAt: src.length };
      if (src[si] !== PAD) return { next: si, corruptAt: si - 1 };
      si++;
    }
    si = skipNewlines(src, si);
    return si < src.length ? { next: si, corruptAt: si } : { next: si };
  }
  return { next: si };
}

/** Go's `base64.StdEncoding.DecodeString` error for `text` (`illegal base64 data at input byte 4`), if any. */
export function base64Error(text: string): string | undefined {
  const src = new TextEncoder().encode(text);
  let si = 0;
  while (si < src.length) {
    const { next, corruptAt } = decodeQuantum(src, si);
    if (corruptAt !== undefined) return `illegal base64 data at input byte ${corruptAt}`;
    si = next;
  }
  return undefined;
}

/** The first base64 error among the values of a `map[string][]byte`, if any. */
export function byteMapError(map: Readonly<Record<string, unknown>> | undefined): string | undefined {
  for (const value of Object.values(map ?? {})) {
    if (typeof value !== 'string') continue;
    const error = base64Error(value);
    if (error) return error;
  }
  return undefined;
}

/** The layout `metav1.MicroTime` parses with (`RFC3339Micro`). */
export const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';

/** A step of the layout: a literal to skip or a field to parse, with the layout text Go names in its error. */
type LayoutStep =
  | { readonly literal: string }
  | {
      readonly field: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fraction' | 'zone';
      readonly text: string;
    };

const MICRO_LAYOUT: readonly LayoutStep[] = [
  { field: 'year', text: '2006' },
  { literal: '-' },
  { field: 'month', text: '01' },
  { literal: '-' },
  { field: 'day', text: '02' },
  { literal: 'T' },
  { field: 'hour', text: '15' },
  { literal: ':' },
  { field: 'minute', text: '04' },
  { literal: ':' },
  { field: 'second', text: '05' },
  { field: 'fraction', text: '.000000' },
  { field: 'zone', text: 'Z07:00' },
];

const isDigit = (text: string, index: number) =>
  index < text.length && text[index]! >= '0' && text[index]! <= '9';

/** Go's `getnum`: one or two leading digits (exactly two when `fixed`). */
function getnum(text: string, fixed: boolean): { value: number; rest: string } | undefined {
  if (!isDigit(text, 0)) return undefined;
  if (!isDigit(text, 1)) return fixed ? undefined : { value: Number(text[0]), rest: text.slice(1) };
  return { value: Number(text.slice(0, 2)), rest: text.slice(2) };
}

/** The outcome of one layout field: the unread rest, and Go's `errBad` or range error when it failed. */
interface ParsedField {
  rest: string;
  bad?: boolean;
  range?: string;
  value?: number;
}

const RANGES: Partial<Record<string, [number, number]>> = {
  month: [1, 12],
  hour: [0, 23],
  minute: [0, 59],
  second: [0, 59],
};

/** Go's `atoi` on a short field: an optional sign, then digits only. */
const isAtoi = (text: string) => /^[+-]?\d+$/.test(text);

/** `Z07:00`: `Z`, or a sign and `hh:mm` (Go slices the six characters off before checking them). */
function parseZone(value: string): ParsedField {
  if (value.startsWith('Z')) return { rest: value.slice(1) };
  if (value.length < 6 || value[3] !== ':') return { rest: value, bad: true };
  const rest = value.slice(6);
  const hours = getnum(value.slice(1, 3), true);
  const minutes = getnum(value.slice(4, 6), true);
  if (hours && hours.value > 24) return { rest, range: 'time zone offset hour' };
  if (minutes && minutes.value > 60) return { rest, range: 'time zone offset minute' };
  const bad = !hours || !minutes || (value[0] !== '+' && value[0] !== '-');
  return bad ? { rest, bad } : { rest };
}

/** `2006`: four characters starting with a digit, all of which must be digits. */
function parseYear(value: string): ParsedField {
  if (value.length < 4 || !isDigit(value, 0)) return { rest: value, bad: true };
  const digits = value.slice(0, 4);
  return isAtoi(digits)
    ? { rest: value.slice(4), value: Number(digits) }
    : { rest: value.slice(4), bad: true };
}

/** `.000000`: a period (or comma) and exactly six digits. */
function parseFraction(value: string): ParsedField {
  if (value.length < 7) return { rest: value, bad: true };
  const ok = (value[0] === '.' || value[0] === ',') && isAtoi(value.slice(1, 7));
  return ok ? { rest: value.slice(7) } : { rest: value.slice(7), bad: true };
}

/** Parses one field of the layout. */
function parseField(field: Extract<LayoutStep, { field: string }>['field'], value: string): ParsedField {
  switch (field) {
    case 'year':
      return parseYear(value);
    case 'fraction':
      return parseFraction(value);
    case 'zone':
      return parseZone(value);
    default: {
      const parsed = getnum(value, field !== 'hour');
      if (!parsed) return { rest: value, bad: true };
      const [min, max] = RANGES[field] ?? [0, 99];
      const range = parsed.value < min || parsed.value > max ? field : undefined;
      return { rest: parsed.rest, value: parsed.value, ...(range ? { range } : {}) };
    }
  }
}

function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The error Go's `time.Parse(RFC3339Micro, text)` returns, or `undefined` when `text` parses:
 * `parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"`.
 */
export function microTimeError(text: string): string | undefined {
  const prefix = `parsing time ${goQuote(text)}`;
  const cannotParse = (rest: string, element: string) =>
    `${prefix} as ${goQuote(RFC3339_MICRO)}: cannot parse ${goQuote(rest)} as ${goQuote(element)}`;
  let value = text;
  let year = 0;
  let month = 1;
  let day = 1;
  for (const step of MICRO_LAYOUT) {
    if ('literal' in step) {
      if (!value.startsWith(step.literal)) return cannotParse(value, step.literal);
      value = value.slice(step.literal.length);
      continue;
    }
    const parsed = parseField(step.field, value);
    if (parsed.range) return `${prefix}: ${parsed.range} out of range`;
    if (parsed.bad) return cannotParse(parsed.rest, step.text);
    if (step.field === 'year') year = parsed.value ?? 0;
    if (step.field === 'month') month = parsed.value ?? 1;
    if (step.field === 'day') day = parsed.value ?? 1;
    value = parsed.rest;
  }
  if (value.length > 0) return `${prefix}: extra text: ${goQuote(value)}`;
  if (day < 1 || day > daysIn(month, year)) return `${prefix}: day out of range`;
  return undefined;
}

/** The first MicroTime error among `values` (absent and `null` values are zero times and decode fine). */
export function firstMicroTimeError(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const error = microTimeError(value);
    if (error) return error;
  }
  return undefined;
}
