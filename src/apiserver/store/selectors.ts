/**
 * Label and field selectors with Kubernetes syntax and semantics (apimachinery `labels/selector.go` and
 * `fields/selector.go`). Lists and watches filter with them; the HTTP layer parses the query parameters here so a
 * bad selector becomes a 400 before anything is read.
 */
import { InvalidSelectorError } from './errors.js';
import type { KubeObject } from './kube-object.js';

/** How one label requirement compares. `GreaterThan`/`LessThan` compare integers, as `key>3` does. */
export type LabelOperator =
  | 'Equals'
  | 'NotEquals'
  | 'In'
  | 'NotIn'
  | 'Exists'
  | 'DoesNotExist'
  | 'GreaterThan'
  | 'LessThan';

/** One comma-separated term of a label selector. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** One value for Equals/NotEquals/GreaterThan/LessThan, one or more for In/NotIn, none otherwise. */
  readonly values: readonly string[];
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a label key is not a qualified name, or undefined when it is one. */
function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return 'prefix part must be a lowercase RFC 1123 subdomain of at most 253 characters';
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return "name part must be at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric";
  }
  return undefined;
}

/** Why a label value is invalid, or undefined when it is valid (the empty value is valid). */
function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !LABEL_NAME.test(value)) {
    return "must be at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric";
  }
  return undefined;
}

function requirementMatches(req: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = has ? labels[req.key] : undefined;
  switch (req.operator) {
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Equals':
      return has && value === req.values[0];
    case 'NotEquals':
      return !has || value !== req.values[0];
    case 'In':
      return has && req.values.includes(value as string);
    case 'NotIn':
      return !has || !req.values.includes(value as string);
    case 'GreaterThan':
    case 'LessThan':
      return has && compareIntegers(req.operator, value as string, req.values[0] as string);
  }
}

function compareIntegers(operator: 'GreaterThan' | 'LessThan', labelValue: string, bound: string): boolean {
  if (!/^-?[0-9]+$/.test(labelValue)) return false;
  const actual = Number(labelValue);
  const limit = Number(bound);
  return operator === 'GreaterThan' ? actual > limit : actual < limit;
}

function requirementToString(req: LabelRequirement): string {
  switch (req.operator) {
    case 'Exists':
      return req.key;
    case 'DoesNotExist':
      return `!${req.key}`;
    case 'Equals':
      return `${req.key}=${req.values[0]}`;
    case 'NotEquals':
      return `${req.key}!=${req.values[0]}`;
    case 'In':
      return `${req.key} in (${req.values.join(',')})`;
    case 'NotIn':
      return `${req.key} notin (${req.values.join(',')})`;
    case 'GreaterThan':
      return `${req.key}>${req.values[0]}`;
    case 'LessThan':
      return `${req.key}<${req.values[0]}`;
  }
}

/**
 * A parsed label selector: requirements ANDed together. The empty selector matches everything. Requirements are
 * kept sorted by key, as apimachinery does, so `toString()` is canonical.
 */
export class LabelSelector {
  /** The selector that matches every object. */
  static readonly everything = new LabelSelector([]);

  readonly requirements: readonly LabelRequirement[];

  constructor(requirements: readonly LabelRequirement[]) {
    this.requirements = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Whether the selector has no requirement (and so matches everything). */
  get isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  /** Whether a label set satisfies every requirement. Absent labels behave as an empty set. */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    const set = labels ?? {};
    for (const req of this.requirements) if (!requirementMatches(req, set)) return false;
    return true;
  }

  /** The selector in query-parameter syntax. */
  toString(): string {
    return this.requirements.map(requirementToString).join(',');
  }
}

type LabelToken =
  | { kind: 'identifier'; text: string }
  | { kind: 'operator'; text: '!' | '=' | '==' | '!=' | '>' | '<' }
  | { kind: 'open' | 'close' | 'comma' | 'end'; text: string };

const SPECIAL = new Set(['!', '=', '(', ')', ',', '<', '>']);

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

function tokenizeLabelSelector(text: string): LabelToken[] {
  const tokens: LabelToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (isSpace(ch)) {
      i++;
    } else if (ch === '(') {
      tokens.push({ kind: 'open', text: ch });
      i++;
    } else if (ch === ')') {
      tokens.push({ kind: 'close', text: ch });
      i++;
    } else if (ch === ',') {
      tokens.push({ kind: 'comma', text: ch });
      i++;
    } else if (ch === '!' || ch === '=') {
      const two = text.slice(i, i + 2);
      const op = two === '!=' || two === '==' ? two : ch;
      tokens.push({ kind: 'operator', text: op as '!' | '=' | '==' | '!=' });
      i += op.length;
    } else if (ch === '<' || ch === '>') {
      tokens.push({ kind: 'operator', text: ch });
      i++;
    } else {
      let end = i;
      while (end < text.length && !isSpace(text[end] as string) && !SPECIAL.has(text[end] as string)) end++;
      tokens.push({ kind: 'identifier', text: text.slice(i, end) });
      i = end;
    }
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

/** A recursive-descent parser over the token list, one requirement at a time. */
class LabelSelectorParser {
  #pos = 0;

  constructor(
    private readonly tokens: LabelToken[],
    private readonly source: string,
  ) {}

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    if (this.peek().kind === 'end') return requirements;
    for (;;) {
      requirements.push(this.requirement());
      const next = this.take();
      if (next.kind === 'end') return requirements;
      if (next.kind !== 'comma') this.fail(`found '${next.text}', expected: ',' or 'end of string'`);
    }
  }

  private peek(): LabelToken {
    return this.tokens[this.#pos] as LabelToken;
  }

  private take(): LabelToken {
    const token = this.peek();
    if (token.kind !== 'end') this.#pos++;
    return token;
  }

  private fail(detail: string): never {
    throw new InvalidSelectorError(`unable to parse requirement: ${detail}`, this.source);
  }

  private key(): string {
    const token = this.take();
    if (token.kind !== 'identifier') this.fail(`found '${token.text}', expected: identifier`);
    const problem = labelKeyProblem(token.text);
    if (problem !== undefined) this.fail(`invalid label key "${token.text}": ${problem}`);
    return token.text;
  }

  private requirement(): LabelRequirement {
    const first = this.peek();
    if (first.kind === 'operator' && first.text === '!') {
      this.take();
      return { key: this.key(), operator: 'DoesNotExist', values: [] };
    }
    const key = this.key();
    const next = this.peek();
    if (next.kind === 'end' || next.kind === 'comma') return { key, operator: 'Exists', values: [] };
    return this.comparison(key, this.take());
  }

  private comparison(key: string, op: LabelToken): LabelRequirement {
    if (op.kind === 'identifier' && (op.text === 'in' || op.text === 'notin')) {
      return { key, operator: op.text === 'in' ? 'In' : 'NotIn', values: this.valueSet(op.text) };
    }
    if (op.kind !== 'operator' || op.text === '!') {
      this.fail(`found '${op.text}', expected: '=', '!=', '==', 'in', 'notin', '>' or '<'`);
    }
    const value = this.singleValue();
    if (op.text === '>' || op.text === '<') {
      if (!/^-?[0-9]+$/.test(value))
        this.fail(`for '${op.text}' operator, the value must be an integer: "${value}"`);
      return { key, operator: op.text === '>' ? 'GreaterThan' : 'LessThan', values: [value] };
    }
    return { key, operator: op.text === '!=' ? 'NotEquals' : 'Equals', values: [value] };
  }

  private singleValue(): string {
    const token = this.peek();
    if (token.kind === 'end' || token.kind === 'comma') return '';
    this.take();
    if (token.kind !== 'identifier') this.fail(`found '${token.text}', expected: identifier`);
    this.checkValue(token.text);
    return token.text;
  }

  private valueSet(operator: string): string[] {
    const open = this.take();
    if (open.kind !== 'open') this.fail(`found '${open.text}', expected: '('`);
    const values: string[] = [];
    let expectValue = true;
    for (;;) {
      const token = this.take();
      if (token.kind === 'close') {
        if (expectValue && values.length > 0) values.push('');
        break;
      }
      if (token.kind === 'comma') {
        if (expectValue) values.push('');
        expectValue = true;
      } else if (token.kind === 'identifier' && expectValue) {
        this.checkValue(token.text);
        values.push(token.text);
        expectValue = false;
      } else {
        this.fail(`found '${token.text}', expected: ',', ')' or identifier`);
      }
    }
    if (values.length === 0) this.fail(`for '${operator}' operator, values set can't be empty`);
    return [...new Set(values)].sort();
  }

  private checkValue(value: string): void {
    const problem = labelValueProblem(value);
    if (problem !== undefined) this.fail(`invalid label value "${value}": ${problem}`);
  }
}

/**
 * Parses a label selector in query-parameter syntax (`a=b,c!=d,e in (x,y),!f,g`).
 * @throws InvalidSelectorError on bad syntax or an invalid key or value.
 */
export function parseLabelSelector(text: string): LabelSelector {
  return new LabelSelector(new LabelSelectorParser(tokenizeLabelSelector(text), text).parse());
}

/** metav1.LabelSelector as specs carry it (Deployment selectors, scale subresource, Ramen's PVC selectors). */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

const EXPRESSION_OPERATORS: Record<string, LabelOperator> = {
  In: 'In',
  NotIn: 'NotIn',
  Exists: 'Exists',
  DoesNotExist: 'DoesNotExist',
};

/**
 * Turns a metav1.LabelSelector into a selector. An empty one matches everything, as in apimachinery's
 * `LabelSelectorAsSelector`.
 * @throws InvalidSelectorError on an unknown operator, values where none are allowed, or missing values.
 */
export function labelSelectorFromSpec(spec: LabelSelectorSpec): LabelSelector {
  const source = JSON.stringify(spec);
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(spec.matchLabels ?? {})) {
    requirements.push({ key, operator: 'Equals', values: [value] });
  }
  for (const expr of spec.matchExpressions ?? []) {
    const operator = EXPRESSION_OPERATORS[expr.operator];
    if (operator === undefined)
      throw new InvalidSelectorError(`"${expr.operator}" is not a valid label selector operator`, source);
    const values = expr.values ?? [];
    const needsValues = operator === 'In' || operator === 'NotIn';
    if (needsValues && values.length === 0) {
      throw new InvalidSelectorError(`for 'in', 'notin' operators, values set can't be empty`, source);
    }
    if (!needsValues && values.length > 0) {
      throw new InvalidSelectorError(`values set must be empty for exists and does not exist`, source);
    }
    requirements.push({ key: expr.key, operator, values: [...values].sort() });
  }
  for (const req of requirements) {
    const problem = labelKeyProblem(req.key);
    if (problem !== undefined)
      throw new InvalidSelectorError(`invalid label key "${req.key}": ${problem}`, source);
  }
  return new LabelSelector(requirements);
}

/** How one field requirement compares; field selectors have no set operators. */
export type FieldOperator = 'Equals' | 'NotEquals';

/** One comma-separated term of a field selector. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

/**
 * Reads a field label's value from an object, as a string (`''` when absent). Lets a resource support field
 * labels that are not plain paths (e.g. Event `source`, which reads `source.component`).
 */
export type FieldValueResolver = (object: KubeObject, field: string) => string;

/**
 * The default resolver: the field label is a dotted path into the object (`metadata.name`, `status.phase`,
 * `spec.nodeName`); scalars are compared in their string form, anything else counts as absent.
 */
export const resolveFieldPath: FieldValueResolver = (object, field) => {
  let current: unknown = object;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return '';
    current = (current as Record<string, unknown>)[part];
  }
  if (typeof current === 'string') return current;
  if (typeof current === 'number' || typeof current === 'boolean') return String(current);
  return '';
};

/** The field labels every resource supports. */
export const STANDARD_FIELD_LABELS: readonly string[] = ['metadata.name', 'metadata.namespace'];

/** A parsed field selector: requirements ANDed together; the empty selector matches everything. */
export class FieldSelector {
  /** The selector that matches every object. */
  static readonly everything = new FieldSelector([]);

  constructor(readonly requirements: readonly FieldRequirement[]) {}

  /** Whether the selector has no requirement. */
  get isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  /** Whether the object satisfies every requirement, reading values with `resolve`. */
  matches(object: KubeObject, resolve: FieldValueResolver = resolveFieldPath): boolean {
    for (const req of this.requirements) {
      const actual = resolve(object, req.field);
      if ((actual === req.value) !== (req.operator === 'Equals')) return false;
    }
    return true;
  }

  /** The value a requirement `field=value` pins, if any (lets a caller narrow a scan by name). */
  exactValue(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === 'Equals')?.value;
  }

  /** The selector in query-parameter syntax, values escaped. */
  toString(): string {
    return this.requirements
      .map(
        (r) =>
          `${r.field}${r.operator === 'Equals' ? '=' : '!='}${r.value.replace(/[\\,=]/g, (c) => `\\${c}`)}`,
      )
      .join(',');
  }
}

/** Options of `parseFieldSelector`. */
export interface FieldSelectorOptions {
  /** Field labels this resource supports beyond `metadata.name` and `metadata.namespace`. @default [] */
  extraFields?: readonly string[];
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function splitTerm(term: string): { field: string; operator: FieldOperator; raw: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === '\\') {
      i++;
      continue;
    }
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) {
        return {
          field: term.slice(0, i),
          operator: op === '!=' ? 'NotEquals' : 'Equals',
          raw: term.slice(i + op.length),
        };
      }
    }
  }
  return undefined;
}

function unescapeFieldValue(raw: string, source: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch === '\\') {
      const next = raw[i + 1];
      if (next !== '\\' && next !== ',' && next !== '=') {
        throw new InvalidSelectorError(`invalid field selector: invalid escape sequence in "${raw}"`, source);
      }
      out += next;
      i++;
    } else if (ch === ',' || ch === '=') {
      throw new InvalidSelectorError(`invalid field selector: unescaped '${ch}' in value "${raw}"`, source);
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * Parses a field selector (`metadata.name=x,metadata.namespace!=y`); values may escape `\,`, `\=` and `\\`.
 * @throws InvalidSelectorError on bad syntax or a field label the resource does not support
 *   (`field label not supported: spec.foo`).
 */
export function parseFieldSelector(text: string, options: FieldSelectorOptions = {}): FieldSelector {
  const supported = new Set([...STANDARD_FIELD_LABELS, ...(options.extraFields ?? [])]);
  const requirements: FieldRequirement[] = [];
  if (text === '') return new FieldSelector(requirements);
  for (const term of splitUnescaped(text, ',')) {
    if (term === '') continue;
    const parts = splitTerm(term);
    if (parts === undefined)
      throw new InvalidSelectorError(`invalid selector: '${text}'; can't understand '${term}'`, text);
    if (!supported.has(parts.field))
      throw new InvalidSelectorError(`field label not supported: ${parts.field}`, text);
    requirements.push({
      field: parts.field,
      operator: parts.operator,
      value: unescapeFieldValue(parts.raw, text),
    });
  }
  return new FieldSelector(requirements);
}
