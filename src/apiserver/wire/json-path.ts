/**
 * The kubectl-style JSONPath subset that CRD printer columns use (client-go `util/jsonpath`, with missing keys
 * allowed): `.a.b`, `['a.b']`, `[1]`, `[-1]`, `[0:2]`, `[*]`, `.*`, `..name`, unions `[0,2]` / `['a','b']` and
 * filters `[?(@.type=="Ready")]`, `[?(@.x)]`. A path compiles once and returns every match in order; a printer
 * column takes the first.
 */
import { isJsonObject } from '../../api/index.js';

/** Why a path was refused or could not be evaluated. */
export type JsonPathFailure = 'syntax' | 'evaluation';

/** A JSONPath that does not parse (`syntax`) or that failed on a value, e.g. an index out of bounds. */
export class JsonPathError extends Error {
  override name = 'JsonPathError';
  constructor(
    message: string,
    readonly reason: JsonPathFailure,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type Literal = string | number | boolean;

/** `[start:end:step]`; `[n]` is `{start: n, end: n + 1, derivedEnd: true}` as in client-go. */
interface Slice {
  start?: number;
  end?: number;
  step?: number;
  derivedEnd?: boolean;
}

type Operator = '==' | '!=' | '<' | '<=' | '>' | '>=';

type Operand = { path: Step[] } | { literal: Literal };

type Step =
  | { type: 'field'; names: string[] }
  | { type: 'wildcard' }
  | { type: 'descendants' }
  | { type: 'slices'; slices: Slice[] }
  | { type: 'filter'; left: Step[]; operator?: Operator; right?: Operand };

/** A compiled path. */
export interface JsonPath {
  /** The source text. */
  readonly expression: string;
  /** Every match, in document order; missing keys give no match. Throws JsonPathError on evaluation errors. */
  find(value: unknown): unknown[];
}

/** Compiles a path such as `.status.conditions[?(@.type=="Ready")].status` (outer `{}` and `$` are optional). */
export function compileJsonPath(expression: string): JsonPath {
  let text = expression.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  const parser = new Parser(text, expression);
  const steps = parser.parsePath(true);
  if (!parser.atEnd) parser.fail(`unexpected ${JSON.stringify(parser.rest)}`);
  return { expression, find: (value) => evaluate(steps, [value]) };
}

/** The first match of `path` in `value`, or undefined when there is none or evaluation fails. */
export function firstJsonPathMatch(path: JsonPath, value: unknown): unknown {
  try {
    return path.find(value)[0];
  } catch (error) {
    if (error instanceof JsonPathError) return undefined;
    throw error;
  }
}

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly source: string,
  ) {}

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  get rest(): string {
    return this.text.slice(this.pos);
  }

  fail(message: string): never {
    throw new JsonPathError(`invalid JSONPath ${JSON.stringify(this.source)}: ${message}`, 'syntax');
  }

  /** Steps until the end, or (inside a filter) until an operator or `)`. */
  parsePath(top: boolean): Step[] {
    const steps: Step[] = [];
    if (top && this.text[this.pos] === '$') this.pos++;
    while (!this.atEnd) {
      const c = this.text[this.pos];
      if (c === '.') steps.push(...this.parseDot());
      else if (c === '[') steps.push(this.parseBracket());
      else if (top) this.fail(`unexpected ${JSON.stringify(this.rest)}`);
      else break;
    }
    return steps;
  }

  private parseDot(): Step[] {
    this.pos++;
    if (this.text[this.pos] === '.') {
      this.pos++;
      if (this.text[this.pos] === '[') return [{ type: 'descendants' }];
      return [{ type: 'descendants' }, this.parseName()];
    }
    if (this.atEnd && this.pos === 1) return []; // `.` alone is the root
    return [this.parseName()];
  }

  private parseName(): Step {
    if (this.text[this.pos] === '*') {
      this.pos++;
      return { type: 'wildcard' };
    }
    let name = '';
    while (!this.atEnd && !'.[ )=!<>'.includes(this.text[this.pos]!)) {
      if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) this.pos++;
      name += this.text[this.pos++];
    }
    if (name === '') this.fail(`missing field name at ${JSON.stringify(this.rest)}`);
    return { type: 'field', names: [name] };
  }

  private parseBracket(): Step {
    this.pos++;
    this.skipSpaces();
    let step: Step;
    if (this.text[this.pos] === '*') {
      this.pos++;
      step = { type: 'wildcard' };
    } else if (this.text.startsWith('?(', this.pos)) {
      this.pos += 2;
      step = this.parseFilter();
    } else if (this.text[this.pos] === "'" || this.text[this.pos] === '"') {
      step = { type: 'field', names: this.commaSeparated(() => this.parseQuoted()) };
    } else {
      step = { type: 'slices', slices: this.commaSeparated(() => this.parseSlice()) };
    }
    this.skipSpaces();
    this.expect(']');
    return step;
  }

  private commaSeparated<T>(parseOne: () => T): T[] {
    const items = [parseOne()];
    for (this.skipSpaces(); this.text[this.pos] === ','; this.skipSpaces()) {
      this.pos++;
      this.skipSpaces();
      items.push(parseOne());
    }
    return items;
  }

  private parseSlice(): Slice {
    const parts = [this.parseOptionalInteger()];
    while (this.text[this.pos] === ':' && parts.length < 3) {
      this.pos++;
      parts.push(this.parseOptionalInteger());
    }
    const [start, end, step] = parts;
    if (parts.length === 1) {
      if (start === undefined) this.fail(`expected an index at ${JSON.stringify(this.rest)}`);
      return { start, end: start + 1, derivedEnd: true };
    }
    return { start, end, step };
  }

  private parseOptionalInteger(): number | undefined {
    const match = /^\s*(-?\d+)\s*/.exec(this.rest);
    if (match === null) return undefined;
    this.pos += match[0].length;
    return Number(match[1]);
  }

  private parseFilter(): Step {
    this.skipSpaces();
    const left = this.parseOperandPath();
    this.skipSpaces();
    const operator = /^(==|!=|<=|>=|<|>)/.exec(this.rest)?.[1] as Operator | undefined;
    let right: Operand | undefined;
    if (operator !== undefined) {
      this.pos += operator.length;
      this.skipSpaces();
      right =
        this.text[this.pos] === '@' ? { path: this.parseOperandPath() } : { literal: this.parseLiteral() };
      this.skipSpaces();
    }
    this.expect(')');
    return { type: 'filter', left, operator, right };
  }

  private parseOperandPath(): Step[] {
    if (this.text[this.pos] !== '@')
      this.fail(`a filter operand must start with @ at ${JSON.stringify(this.rest)}`);
    this.pos++;
    return this.parsePath(false);
  }

  private parseLiteral(): Literal {
    const c = this.text[this.pos];
    if (c === "'" || c === '"') return this.parseQuoted();
    const match = /^(true|false|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.rest);
    if (match === null) this.fail(`expected a literal at ${JSON.stringify(this.rest)}`);
    this.pos += match[0].length;
    if (match[1] === 'true' || match[1] === 'false') return match[1] === 'true';
    return Number(match[1]);
  }

  private parseQuoted(): string {
    const quote = this.text[this.pos++];
    let value = '';
    while (!this.atEnd && this.text[this.pos] !== quote) {
      if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) this.pos++;
      value += this.text[this.pos++];
    }
    if (this.atEnd) this.fail('unterminated quoted string');
    this.pos++;
    return value;
  }

  private expect(char: string): void {
    if (this.text[this.pos] !== char)
      this.fail(`expected ${JSON.stringify(char)} at ${JSON.stringify(this.rest)}`);
    this.pos++;
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }
}

function evaluate(steps: readonly Step[], input: unknown[]): unknown[] {
  let values = input;
  for (const step of steps) values = values.flatMap((value) => applyStep(step, value));
  return values;
}

function applyStep(step: Step, value: unknown): unknown[] {
  // client-go skips nil inputs at every step.
  if (value === null || value === undefined) return [];
  switch (step.type) {
    case 'field':
      return isJsonObject(value)
        ? step.names.filter((name) => Object.hasOwn(value, name)).map((name) => value[name])
        : [];
    case 'wildcard':
      return Array.isArray(value) ? [...value] : isJsonObject(value) ? Object.values(value) : [];
    case 'descendants':
      return descendants(value);
    case 'slices':
      return step.slices.flatMap((slice) => applySlice(slice, value));
    case 'filter':
      return applyFilter(step, value);
  }
}

/** The value and every object or list below it (client-go's recursive descent). */
function descendants(value: unknown): unknown[] {
  const children = Array.isArray(value) ? value : isJsonObject(value) ? Object.values(value) : [];
  return [
    value,
    ...children.filter((child) => typeof child === 'object' && child !== null).flatMap(descendants),
  ];
}

/** client-go's `evalArray`, bounds checks and all. */
function applySlice(slice: Slice, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw evaluationError(`${JSON.stringify(value)} is not array or slice`);
  const length = value.length;
  let start = slice.start ?? 0;
  if (start < 0) start += length;
  let end = slice.end ?? length;
  if (end < 0 || (end === 0 && slice.derivedEnd)) end += length;
  if (start === end) return [];
  if (start >= length || start < 0)
    throw evaluationError(`array index out of bounds: index ${start}, length ${length}`);
  if (end > length || end < 0)
    throw evaluationError(`array index out of bounds: index ${end - 1}, length ${length}`);
  if (start > end) throw evaluationError(`starting index ${start} is greater than ending index ${end}`);
  const step = slice.step ?? 1;
  if (step <= 0) throw evaluationError('step must be > 0');
  const result: unknown[] = [];
  for (let i = start; i < end; i += step) result.push(value[i]);
  return result;
}

function applyFilter(step: Extract<Step, { type: 'filter' }>, value: unknown): unknown[] {
  if (!Array.isArray(value))
    throw evaluationError(`${JSON.stringify(value)} is not array or slice and cannot be filtered`);
  return value.filter((element) => {
    const lefts = evaluate(step.left, [element]);
    if (step.operator === undefined || step.right === undefined) return lefts.length > 0;
    const rights = 'literal' in step.right ? [step.right.literal] : evaluate(step.right.path, [element]);
    if (lefts.length === 0 || rights.length === 0) return false;
    if (lefts.length > 1 || rights.length > 1)
      throw evaluationError('can only compare one element at a time');
    return compare(lefts[0], step.operator, rights[0]);
  });
}

function compare(left: unknown, operator: Operator, right: unknown): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string') ||
    (typeof left === 'boolean' && typeof right === 'boolean' && (operator === '==' || operator === '!='));
  if (!comparable)
    throw evaluationError(
      `incompatible types for comparison: ${JSON.stringify(left)} ${operator} ${JSON.stringify(right)}`,
    );
  const [a, b] = [left as number | string, right as number | string];
  switch (operator) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function evaluationError(message: string): JsonPathError {
  return new JsonPathError(message, 'evaluation');
}
