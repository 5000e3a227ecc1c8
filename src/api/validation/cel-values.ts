/**
 * The CEL view of a JSON value, typed by its schema the way Kubernetes builds it: `integer` fields become CEL
 * `int` (bigint; JSON numbers would otherwise be `double` and `self.replicas % 2` would fail), `number` stays
 * `double`, `date`/`date-time` strings become timestamps, `duration` strings durations, `byte` strings bytes, and
 * declared property names are escaped (`namespace` → `__namespace__`, `a-b` → `a__dash__b`). Untyped parts
 * (int-or-string, preserve-unknown-fields) are dynamic: integral numbers become `int`, others `double`.
 */
import { type CelInput, isCelError, parse, plan } from '@bufbuild/cel';
import { ruleEnvironment } from './cel-library.js';
import { parseDuration } from './formats.js';
import type { SchemaNode } from './schema-node.js';

const RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/** The CEL name of a declared property, or undefined when CEL cannot address it (e.g. it contains a space). */
export function escapePropertyName(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name
    .replaceAll('__', '__underscores__')
    .replaceAll('.', '__dot__')
    .replaceAll('-', '__dash__')
    .replaceAll('/', '__slash__');
}

type Converter = (text: string) => CelInput | undefined;

function cel(expression: string): Converter {
  let program: ((bindings: { self: CelInput; oldSelf: CelInput }) => unknown) | undefined;
  return (text) => {
    program ??= plan(ruleEnvironment(), parse(expression));
    const result = program({ self: text, oldSelf: null });
    return isCelError(result) ? undefined : (result as CelInput);
  };
}

const toTimestamp = cel('timestamp(self)');
const toDuration = cel('duration(self)');

function convertString(text: string, node: SchemaNode | undefined): CelInput {
  if (node?.type !== 'string' || !node.format) return text;
  switch (node.format) {
    case 'date':
      return toTimestamp(`${text}T00:00:00Z`) ?? text;
    case 'date-time':
    case 'datetime':
      return toTimestamp(text) ?? text;
    case 'duration': {
      const nanos = parseDuration(text);
      return nanos === undefined ? text : (toDuration(`${nanos}ns`) ?? text);
    }
    case 'byte':
      return new Uint8Array(Buffer.from(text, 'base64'));
    default:
      return text;
  }
}

function convertNumber(value: number, node: SchemaNode | undefined): CelInput {
  if (node?.type === 'number' || !Number.isInteger(value)) return value;
  return BigInt(value);
}

/**
 * Converts JSON values to CEL inputs. One converter serves one validation pass: converted objects and lists are
 * cached by identity, so nested rules reuse what an outer rule already converted.
 */
export class CelValueConverter {
  private readonly cache = new Map<object, CelInput>();

  /** The CEL input for `value` located at schema node `node` (undefined: no schema, fully dynamic). */
  toCel(value: unknown, node: SchemaNode | undefined): CelInput {
    if (value === null || value === undefined) return null;
    switch (typeof value) {
      case 'string':
        return convertString(value, node);
      case 'number':
        return convertNumber(value, node);
      case 'boolean':
      case 'bigint':
        return value;
      case 'object':
        return this.convertContainer(value, node);
      default:
        return null;
    }
  }

  private convertContainer(value: object, node: SchemaNode | undefined): CelInput {
    const cached = this.cache.get(value);
    if (cached !== undefined) return cached;
    let converted: CelInput;
    if (Array.isArray(value)) {
      const items = node?.items;
      converted = value.map((item) => this.toCel(item, items));
    } else {
      const object: Record<string, CelInput> = {};
      for (const [key, item] of Object.entries(value)) {
        const property = node?.properties?.get(key);
        const name = property ? escapePropertyName(key) : key;
        if (name !== undefined) object[name] = this.toCel(item, property ?? node?.additionalProperties);
      }
      converted = object;
    }
    this.cache.set(value, converted);
    return converted;
  }
}
