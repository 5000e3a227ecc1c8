/**
 * Compiling one CEL expression of a CRD (a rule or a messageExpression): parse it, reject references to unknown
 * variables and functions (what the Kubernetes type checker reports at CRD creation, in cel-go's words), note
 * whether it reads `oldSelf` (a transition rule) and plan it once for repeated evaluation.
 */
import { type CelInput, type CelResult, parse, plan } from '@bufbuild/cel';
import { ruleEnvironment } from './cel-library.js';

type Expr = ReturnType<typeof parse>['expr'];

/** A planned expression: evaluate with `self` and `oldSelf` bound. */
export type Program = (bindings: Record<string, CelInput>) => CelResult;

/** A compiled CEL expression, or why it does not compile. */
export interface CompiledExpression {
  readonly program?: Program;
  readonly error?: string;
  readonly usesOldSelf: boolean;
}

const OPERATORS = new Set(['_&&_', '_||_', '_?_:_', '_[_]', '@not_strictly_false']);
const TYPE_IDENTIFIERS = new Set([
  'bool',
  'bytes',
  'double',
  'int',
  'list',
  'map',
  'null_type',
  'string',
  'type',
  'uint',
  'dyn',
]);

function location(source: string, offset: number): string {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `<input>:${line}:${column}`;
}

interface Scope {
  readonly names: ReadonlySet<string>;
  readonly source: string;
  readonly positions: Record<string, number>;
}

function undeclared(scope: Scope, expr: Expr, name: string): string {
  const offset = scope.positions[expr.id.toString()] ?? 0;
  return `ERROR: ${location(scope.source, offset)}: undeclared reference to '${name}' (in container '')`;
}

function withNames(scope: Scope, ...names: string[]): Scope {
  return { ...scope, names: new Set([...scope.names, ...names.filter(Boolean)]) };
}

/** The first undeclared variable or function in `expr`, as cel-go words it. */
function findUndeclared(expr: Expr | undefined, scope: Scope): string | undefined {
  if (!expr) return undefined;
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'identExpr':
      return scope.names.has(kind.value.name) || TYPE_IDENTIFIERS.has(kind.value.name)
        ? undefined
        : undeclared(scope, expr, kind.value.name);
    case 'selectExpr':
      return findUndeclared(kind.value.operand, scope);
    case 'callExpr': {
      const name = kind.value.function;
      if (!OPERATORS.has(name) && !ruleEnvironment().funcs.find(name)) return undeclared(scope, expr, name);
      for (const arg of [kind.value.target, ...kind.value.args]) {
        const found = findUndeclared(arg, scope);
        if (found) return found;
      }
      return undefined;
    }
    case 'listExpr':
      for (const element of kind.value.elements) {
        const found = findUndeclared(element, scope);
        if (found) return found;
      }
      return undefined;
    case 'structExpr':
      for (const entry of kind.value.entries) {
        const key = entry.keyKind.case === 'mapKey' ? entry.keyKind.value : undefined;
        const found = findUndeclared(key, scope) ?? findUndeclared(entry.value, scope);
        if (found) return found;
      }
      return undefined;
    case 'comprehensionExpr': {
      const c = kind.value;
      const inner = withNames(scope, c.iterVar, c.iterVar2, c.accuVar);
      return (
        findUndeclared(c.iterRange, scope) ??
        findUndeclared(c.accuInit, withNames(scope, c.accuVar)) ??
        findUndeclared(c.loopCondition, inner) ??
        findUndeclared(c.loopStep, inner) ??
        findUndeclared(c.result, withNames(scope, c.accuVar))
      );
    }
    default:
      return undefined;
  }
}

/** Whether `expr` reads the variable `name` (not shadowed by a comprehension variable). */
function references(expr: Expr | undefined, name: string): boolean {
  if (!expr) return false;
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'identExpr':
      return kind.value.name === name;
    case 'selectExpr':
      return references(kind.value.operand, name);
    case 'callExpr':
      return [kind.value.target, ...kind.value.args].some((arg) => references(arg, name));
    case 'listExpr':
      return kind.value.elements.some((element) => references(element, name));
    case 'structExpr':
      return kind.value.entries.some(
        (entry) =>
          (entry.keyKind.case === 'mapKey' && references(entry.keyKind.value, name)) ||
          references(entry.value, name),
      );
    case 'comprehensionExpr': {
      const c = kind.value;
      if (references(c.iterRange, name) || references(c.accuInit, name)) return true;
      if ([c.iterVar, c.iterVar2, c.accuVar].includes(name)) return false;
      return references(c.loopCondition, name) || references(c.loopStep, name) || references(c.result, name);
    }
    default:
      return false;
  }
}

function syntaxError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const match = /^(<input>:\d+:\d+): (.*)$/s.exec(text);
  return match
    ? `ERROR: ${match[1]}: Syntax error: ${match[2]}`
    : `ERROR: <input>:1:1: Syntax error: ${text}`;
}

/** Parses, checks and plans one CEL expression over `self` and `oldSelf`. */
export function compileExpression(source: string): CompiledExpression {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (error) {
    return { error: `compilation failed: ${syntaxError(error)}`, usesOldSelf: false };
  }
  const scope: Scope = {
    names: new Set(['self', 'oldSelf']),
    source,
    positions: (parsed.sourceInfo?.positions ?? {}) as Record<string, number>,
  };
  const usesOldSelf = references(parsed.expr, 'oldSelf');
  const problem = findUndeclared(parsed.expr, scope);
  if (problem) return { error: `compilation failed: ${problem}`, usesOldSelf };
  try {
    return { program: plan(ruleEnvironment(), parsed) as Program, usesOldSelf };
  } catch (error) {
    return { error: `compilation failed: ${(error as Error).message}`, usesOldSelf };
  }
}
