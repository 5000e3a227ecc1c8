/**
 * The two timestamp formats of the Kubernetes API. `metav1.Time` is written as RFC3339 in whole seconds, UTC
 * (`2026-11-26T09:53:06Z`) and read with Go's RFC3339 layout (a fraction is accepted); `metav1.MicroTime` is written
 * and read with exactly six fractional digits (`2026-11-26T09:53:06.123456Z`). The parser follows Go's
 * `time.Parse` for these two layouts, including its error messages, so a client sees the same 400 as on a real
 * cluster.
 */
import { goQuote } from '../../api/index.js';

/** Go's `time.RFC3339` layout, the wire format of `metav1.Time`. */
export const RFC3339_LAYOUT = '2006-01-02T15:04:05Z07:00';

/** apimachinery's `RFC3339Micro` layout, the wire format of `metav1.MicroTime`. */
export const RFC3339_MICRO_LAYOUT = '2006-01-02T15:04:05.000000Z07:00';

/** A timestamp that does not match its layout; the message is Go's `time.ParseError` text. */
export class TimeParseError extends Error {
  override name = 'TimeParseError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Formats a `metav1.Time`: UTC, whole seconds, `Z`. */
export function formatTime(time: Date | number): string {
  return new Date(time).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Formats a `metav1.MicroTime`: UTC, six fractional digits (JavaScript has milliseconds, so the last 3 are 0). */
export function formatMicroTime(time: Date | number): string {
  return new Date(time).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Parses a `metav1.Time` value (RFC3339, optional fraction of any length). */
export function parseTime(value: string): Date {
  return parseLayout(value, RFC3339_LAYOUT);
}

/** Parses a `metav1.MicroTime` value: the fraction must have exactly six digits. */
export function parseMicroTime(value: string): Date {
  return parseLayout(value, RFC3339_MICRO_LAYOUT);
}

type Element = '2006' | '01' | '02' | '15' | '04' | '05' | '.000000' | 'Z07:00';

/** Each layout as Go's `nextStdChunk` splits it: the literal before each element, then the element. */
const CHUNKS: Record<string, ReadonlyArray<readonly [string, Element]>> = {
  [RFC3339_LAYOUT]: [
    ['', '2006'],
    ['-', '01'],
    ['-', '02'],
    ['T', '15'],
    [':', '04'],
    [':', '05'],
    ['', 'Z07:00'],
  ],
  [RFC3339_MICRO_LAYOUT]: [
    ['', '2006'],
    ['-', '01'],
    ['-', '02'],
    ['T', '15'],
    [':', '04'],
    [':', '05'],
    ['', '.000000'],
    ['', 'Z07:00'],
  ],
};

interface Parsed {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  offsetSeconds: number;
}

/** What one element consumed, or why it failed (`bad` = Go's errBad, reported at the element's start). */
type StepResult = { rest: string; range?: string } | { bad: true };

function parseLayout(input: string, layout: string): Date {
  const chunks = CHUNKS[layout]!;
  const parsed: Parsed = {
    year: 0,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    nanos: 0,
    offsetSeconds: 0,
  };
  const hasFraction = chunks.some(([, element]) => element === '.000000');
  let value = input;
  for (const [literal, element] of chunks) {
    const skipped = skipLiteral(value, literal);
    if (skipped === undefined) throw parseError(input, layout, literal, literalMismatchAt(value, literal));
    value = skipped;
    const step = parseElement(element, value, parsed, hasFraction);
    if ('bad' in step) throw parseError(input, layout, element, value);
    if (step.range !== undefined) throw parseErrorWithMessage(input, `: ${step.range} out of range`);
    value = step.rest;
  }
  if (value !== '') throw parseErrorWithMessage(input, `: extra text: ${goQuote(value)}`);
  if (parsed.day < 1 || parsed.day > daysIn(parsed.month, parsed.year)) {
    throw parseErrorWithMessage(input, ': day out of range');
  }
  return toDate(parsed);
}

function parseElement(
  element: Element,
  value: string,
  parsed: Parsed,
  layoutHasFraction: boolean,
): StepResult {
  switch (element) {
    case '2006': {
      if (value.length < 4 || !isDigit(value, 0)) return { bad: true };
      const year = atoi(value.slice(0, 4));
      if (year === undefined) return { bad: true };
      parsed.year = year;
      return { rest: value.slice(4) };
    }
    case '01':
    case '02':
    case '15':
    case '04':
      return numericElement(value, NUMERIC_ELEMENTS[element], parsed);
    case '05': {
      const step = numericElement(value, NUMERIC_ELEMENTS[element], parsed);
      if ('bad' in step || step.range !== undefined || layoutHasFraction) return step;
      return optionalFraction(step.rest, parsed);
    }
    case '.000000': {
      if (value.length < 7) return { bad: true };
      return fraction(value, 7, parsed);
    }
    case 'Z07:00':
      return zone(value, parsed);
  }
}

/** Go accepts a fraction after the seconds even when the layout has none. */
function optionalFraction(value: string, parsed: Parsed): StepResult {
  if (value.length < 2 || !isFractionSeparator(value[0]!) || !isDigit(value, 1)) return { rest: value };
  let end = 2;
  while (end < value.length && isDigit(value, end)) end++;
  return fraction(value, end, parsed);
}

/** Go's `parseNanoseconds`: the separator then digits (only the first nine count). */
function fraction(value: string, length: number, parsed: Parsed): StepResult {
  if (!isFractionSeparator(value[0]!)) return { bad: true };
  const digits = value.slice(1, Math.min(length, 10));
  const nanos = atoi(digits);
  if (nanos === undefined) return { bad: true };
  if (nanos < 0) return { rest: value.slice(length), range: 'fractional second' };
  parsed.nanos = nanos * 10 ** (9 - digits.length);
  return { rest: value.slice(length) };
}

function zone(value: string, parsed: Parsed): StepResult {
  if (value.startsWith('Z')) return { rest: value.slice(1) };
  if (value.length < 6 || value[3] !== ':') return { bad: true };
  const hours = twoDigits(value.slice(1, 3));
  const minutes = twoDigits(value.slice(4, 6));
  if (hours === undefined || minutes === undefined) return { bad: true };
  const rest = value.slice(6);
  // Go checks the ranges (minutes last, so they win) before the sign.
  if (minutes > 60) return { rest, range: 'time zone offset minute' };
  if (hours > 24) return { rest, range: 'time zone offset hour' };
  if (value[0] !== '+' && value[0] !== '-') return { bad: true };
  parsed.offsetSeconds = (value[0] === '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  return { rest };
}

/** Go's `getnum`: one or two digits (`fixed`: exactly two), then an optional range check. */
/** A one- or two-digit element: the field it sets, whether it needs two digits, and its bounds if checked early. */
interface NumericElement {
  readonly field: 'month' | 'day' | 'hour' | 'minute' | 'second';
  readonly fixed: boolean;
  readonly range?: readonly [number, number];
}

const NUMERIC_ELEMENTS: Record<'01' | '02' | '15' | '04' | '05', NumericElement> = {
  '01': { field: 'month', fixed: true, range: [1, 12] },
  // Any two-digit day; checked against the month once everything is parsed.
  '02': { field: 'day', fixed: true },
  '15': { field: 'hour', fixed: false, range: [0, 23] },
  '04': { field: 'minute', fixed: true, range: [0, 59] },
  '05': { field: 'second', fixed: true, range: [0, 59] },
};

/** Go's `getnum`: one or two digits (two when `fixed`); out of bounds is Go's `<field> out of range`. */
function numericElement(value: string, element: NumericElement, parsed: Parsed): StepResult {
  if (!isDigit(value, 0)) return { bad: true };
  const width = isDigit(value, 1) ? 2 : 1;
  if (width === 1 && element.fixed) return { bad: true };
  const n = Number(value.slice(0, width));
  const rest = value.slice(width);
  const range = element.range;
  if (range !== undefined && (n < range[0] || n > range[1])) return { rest, range: element.field };
  parsed[element.field] = n;
  return { rest };
}

function twoDigits(text: string): number | undefined {
  return /^\d\d$/.test(text) ? Number(text) : undefined;
}

/** Go's `atoi`: an optional sign and decimal digits. */
function atoi(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

function isDigit(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  return c >= 48 && c <= 57;
}

function isFractionSeparator(c: string): boolean {
  return c === '.' || c === ',';
}

/** Go's `skip`: the literal must match character by character; returns the rest, or undefined. */
function skipLiteral(value: string, literal: string): string | undefined {
  return value.startsWith(literal) ? value.slice(literal.length) : undefined;
}

/** Where `skip` stopped: the value from the first character that did not match. */
function literalMismatchAt(value: string, literal: string): string {
  let i = 0;
  while (i < literal.length && value[i] === literal[i]) i++;
  return value.slice(i);
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function toDate(p: Parsed): Date {
  const date = new Date(0);
  date.setUTCFullYear(p.year, p.month - 1, p.day);
  date.setUTCHours(p.hour, p.minute, p.second, Math.floor(p.nanos / 1e6));
  return new Date(date.getTime() - p.offsetSeconds * 1000);
}

function parseError(
  input: string,
  layout: string,
  layoutElement: string,
  valueElement: string,
): TimeParseError {
  return new TimeParseError(
    `parsing time ${goQuote(input)} as ${goQuote(layout)}: cannot parse ${goQuote(valueElement)} as ${goQuote(layoutElement)}`,
  );
}

function parseErrorWithMessage(input: string, message: string): TimeParseError {
  return new TimeParseError(`parsing time ${goQuote(input)}${message}`);
}
