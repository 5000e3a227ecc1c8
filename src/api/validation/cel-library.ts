/**
 * The CEL environment CRD validation rules run in: standard CEL, the strings extension, and the Kubernetes list
 * and regex libraries (`isSorted`, `sum`, `min`, `max`, `indexOf`, `lastIndexOf`, `find`, `findAll`) that
 * @bufbuild/cel does not ship. Rules see two variables, `self` and `oldSelf`, both dynamically typed.
 */
import {
  type CelEnv,
  type CelInput,
  CelScalar,
  celEnv,
  celMethod,
  isCelList,
  isCelMap,
  listType,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { compileGoPattern } from './go-regexp.js';

const DYN_LIST = listType(CelScalar.DYN);
const STRING_LIST = listType(CelScalar.STRING);

type Comparable = bigint | number | string | boolean;

function isComparable(value: unknown): value is Comparable {
  const kind = typeof value;
  return kind === 'bigint' || kind === 'number' || kind === 'string' || kind === 'boolean';
}

function compare(a: unknown, b: unknown): number {
  if (!isComparable(a) || !isComparable(b)) throw new Error('no such overload: values are not comparable');
  const numeric =
    (typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number');
  if (typeof a !== typeof b && !numeric) throw new Error('no such overload: values of different types');
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === 'bigint' ? Number(a) : a;
  const y = typeof b === 'bigint' ? Number(b) : b;
  return x < y ? -1 : x > y ? 1 : 0;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (isComparable(a) && isComparable(b)) {
    try {
      return compare(a, b) === 0;
    } catch {
      return false;
    }
  }
  return a === b;
}

function elements(list: unknown): unknown[] {
  if (!isCelList(list)) throw new Error('no such overload: not a list');
  return [...list];
}

function extreme(list: unknown, sign: 1 | -1, name: string): unknown {
  const items = elements(list);
  if (items.length === 0) throw new Error(`${name} called on empty list`);
  return items.reduce((best, item) => (compare(item, best) * sign > 0 ? item : best));
}

function sum(list: unknown): unknown {
  const items = elements(list);
  if (items.length === 0) return 0n;
  if (items.every((item) => typeof item === 'bigint')) return (items as bigint[]).reduce((a, b) => a + b, 0n);
  if (items.every((item) => typeof item === 'number')) return (items as number[]).reduce((a, b) => a + b, 0);
  throw new Error('no such overload: sum of mixed or non-numeric values');
}

const regexCache = new Map<string, RegExp>();

function globalRegex(pattern: string): RegExp {
  let regex = regexCache.get(pattern);
  if (!regex) {
    const compiled = compileGoPattern(pattern);
    if (!compiled.regex) throw new Error(compiled.error);
    regex = new RegExp(compiled.regex.source, `${compiled.regex.flags}g`);
    regexCache.set(pattern, regex);
  }
  regex.lastIndex = 0;
  return regex;
}

const kubernetesFuncs = [
  celMethod('isSorted', DYN_LIST, [], CelScalar.BOOL, function () {
    const items = elements(this);
    for (let i = 1; i < items.length; i++) if (compare(items[i - 1], items[i]) > 0) return false;
    return true;
  }),
  celMethod('sum', DYN_LIST, [], CelScalar.DYN, function () {
    return sum(this) as bigint;
  }),
  celMethod('min', DYN_LIST, [], CelScalar.DYN, function () {
    return extreme(this, -1, 'min') as bigint;
  }),
  celMethod('max', DYN_LIST, [], CelScalar.DYN, function () {
    return extreme(this, 1, 'max') as bigint;
  }),
  celMethod('indexOf', DYN_LIST, [CelScalar.DYN], CelScalar.INT, function (value) {
    return BigInt(elements(this).findIndex((item) => sameValue(item, value)));
  }),
  celMethod('lastIndexOf', DYN_LIST, [CelScalar.DYN], CelScalar.INT, function (value) {
    return BigInt(elements(this).findLastIndex((item) => sameValue(item, value)));
  }),
  celMethod('find', CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (pattern) {
    return globalRegex(pattern).exec(this)?.[0] ?? '';
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING], STRING_LIST, function (pattern) {
    return [...this.matchAll(globalRegex(pattern))].map((match) => match[0]);
  }),
  celMethod(
    'findAll',
    CelScalar.STRING,
    [CelScalar.STRING, CelScalar.INT],
    STRING_LIST,
    function (pattern, limit) {
      const all = [...this.matchAll(globalRegex(pattern))].map((match) => match[0]);
      return limit < 0n ? all : all.slice(0, Number(limit));
    },
  ),
];

const OPTIONAL_MARKER = '\u0000optional';

/**
 * An optional value (what `oldSelf` is in an `optionalOldSelf` rule): @bufbuild/cel has no optional type, so it is
 * a one-entry map under a key no JSON object can produce, read by the `hasValue`, `value` and `orValue` methods.
 */
export function celOptional(value: CelInput | undefined): CelInput {
  return new Map<string, CelInput>([[OPTIONAL_MARKER, value === undefined ? [] : [value]]]);
}

function optionalContent(target: unknown): unknown[] {
  if (isCelMap(target) && target.has(OPTIONAL_MARKER)) {
    return [...((target.get(OPTIONAL_MARKER) ?? []) as Iterable<unknown>)];
  }
  throw new Error('no such overload: not an optional value');
}

const optionalFuncs = [
  celMethod('hasValue', CelScalar.DYN, [], CelScalar.BOOL, function () {
    return optionalContent(this).length > 0;
  }),
  celMethod('value', CelScalar.DYN, [], CelScalar.DYN, function () {
    const content = optionalContent(this);
    if (content.length === 0) throw new Error('optional.none() dereference');
    return content[0] as bigint;
  }),
  celMethod('orValue', CelScalar.DYN, [CelScalar.DYN], CelScalar.DYN, function (fallback) {
    const content = optionalContent(this);
    return (content.length ? content[0] : fallback) as bigint;
  }),
];

/** The type of the variables every rule is compiled against: both dynamically typed. */
type RuleVariables = { readonly self: typeof CelScalar.DYN; readonly oldSelf: typeof CelScalar.DYN };

/** The variables every rule is compiled against. */
export const RULE_VARIABLES: RuleVariables = { self: CelScalar.DYN, oldSelf: CelScalar.DYN };

let sharedEnv: CelEnv<typeof RULE_VARIABLES> | undefined;

/** The one CEL environment all compiled rules share (built on first use). */
export function ruleEnvironment(): CelEnv<typeof RULE_VARIABLES> {
  sharedEnv ??= celEnv({
    funcs: [...strings, ...kubernetesFuncs, ...optionalFuncs],
    variables: RULE_VARIABLES,
  });
  return sharedEnv;
}
