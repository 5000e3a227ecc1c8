/**
 * CRD validation rules (`x-kubernetes-validations`): compiled once per schema node, evaluated per write.
 *
 * Compilation (see cel-expression.ts) also resolves `fieldPath` against the schema. Evaluation follows the API server: transition rules run only when the old value exists (or with
 * `optionalOldSelf`, where `oldSelf` is an optional), a failure is reported at the node (or its `fieldPath`) with
 * `message`, the evaluated `messageExpression` or `failed rule: <rule>`, and `reason` selects the error type.
 */
import { type CelInput, isCelError } from '@bufbuild/cel';
import type { ValidationRule } from '../schema/index.js';
import { type CompiledExpression, compileExpression, type Program } from './cel-expression.js';
import { celOptional } from './cel-library.js';
import {
  duplicateError,
  type FieldError,
  forbiddenError,
  invalidError,
  requiredError,
} from './field-error.js';
import type { PathStack } from './field-path.js';
import type { SchemaNode } from './schema-node.js';

/** One step of a rule's `fieldPath`, resolved against the schema. */
export interface FieldPathStep {
  readonly name: string;
  /** A map key (rendered `[key]`) rather than a property (rendered `.name`). */
  readonly mapKey: boolean;
}

/** A rule ready to run. */
export interface CompiledRule {
  readonly rule: ValidationRule;
  readonly usesOldSelf: boolean;
  readonly optionalOldSelf: boolean;
  readonly program?: Program;
  /** Why the rule does not compile (`compilation failed: ...`). */
  readonly compileError?: string;
  readonly messageProgram?: Program;
  /** Why `messageExpression` does not compile. */
  readonly messageCompileError?: string;
  readonly fieldPath?: readonly FieldPathStep[];
  /** Why `fieldPath` does not name a field of the schema. */
  readonly fieldPathError?: string;
  /** `message`, or `failed rule: <rule>`. */
  readonly message: string;
  /** How evaluation errors name the rule: its message, or its text. */
  readonly errorName: string;
}

const FIELD_PATH_STEP =
  /^(?:\.([a-zA-Z_][a-zA-Z0-9_-]*)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\])/;

/** Resolves a rule's `fieldPath` (`.spec.size`, `['a.b']`) against the schema below the rule's node. */
export function resolveFieldPath(
  fieldPath: string,
  node: SchemaNode,
): { steps: FieldPathStep[]; error?: undefined } | { steps?: undefined; error: string } {
  const steps: FieldPathStep[] = [];
  let rest = fieldPath.trim();
  let current: SchemaNode | undefined = node;
  if (rest === '') return { error: 'fieldPath must not be empty' };
  while (rest !== '') {
    const match = FIELD_PATH_STEP.exec(rest);
    if (!match) return { error: `fieldPath must be a valid path: invalid path segment at "${rest}"` };
    const name = (match[1] ?? match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
    const property: SchemaNode | undefined = current?.properties?.get(name);
    if (property) {
      steps.push({ name, mapKey: false });
      current = property;
    } else if (current?.additionalProperties) {
      steps.push({ name, mapKey: true });
      current = current.additionalProperties;
    } else {
      return { error: `fieldPath must be a valid path: does not refer to a valid field: ${name}` };
    }
    rest = rest.slice(match[0].length);
  }
  return { steps };
}

function compileRule(rule: ValidationRule, node: SchemaNode): CompiledRule {
  const ruleText = (rule.rule ?? '').trim();
  const message = (rule.message ?? '').trim();
  const base = {
    rule,
    optionalOldSelf: rule.optionalOldSelf === true,
    message: message || `failed rule: ${ruleText}`,
    errorName: message || ruleText,
  };
  const compiled: CompiledExpression = ruleText
    ? compileExpression(rule.rule)
    : { error: 'rule is not specified', usesOldSelf: false };
  const result: { -readonly [K in keyof CompiledRule]: CompiledRule[K] } = {
    ...base,
    usesOldSelf: compiled.usesOldSelf,
  };
  if (compiled.program) result.program = compiled.program;
  if (compiled.error) result.compileError = compiled.error;
  if (rule.messageExpression !== undefined) {
    const messageCompiled = compileExpression(rule.messageExpression);
    if (messageCompiled.program) result.messageProgram = messageCompiled.program;
    if (messageCompiled.error) result.messageCompileError = `messageExpression ${messageCompiled.error}`;
  }
  if (rule.fieldPath !== undefined) {
    const resolved = resolveFieldPath(rule.fieldPath, node);
    if (resolved.steps) result.fieldPath = resolved.steps;
    else result.fieldPathError = resolved.error;
  }
  return result;
}

/** Compiles the rules of one schema node (whose children are already compiled, for `fieldPath`). */
export function compileRules(rules: readonly ValidationRule[], node: SchemaNode): CompiledRule[] {
  return rules.map((rule) => compileRule(rule, node));
}

/** What rule evaluation needs from the walk that calls it. */
export interface RuleContext {
  readonly path: PathStack;
  /** Converts a value at `node` to its CEL input. */
  toCel(value: unknown, node: SchemaNode): CelInput;
  /** Receives a failure; `ratchetable` is false for transition rules and evaluation errors. */
  report(error: FieldError, ratchetable: boolean): void;
}

function fieldOf(rule: CompiledRule, path: PathStack): string {
  if (!rule.fieldPath) return path.toField();
  for (const step of rule.fieldPath) {
    if (step.mapKey) path.pushKey(step.name);
    else path.pushField(step.name);
  }
  const field = path.toField();
  for (let i = 0; i < rule.fieldPath.length; i++) path.pop();
  return field;
}

function failureMessage(rule: CompiledRule, bindings: Record<string, CelInput>): string {
  if (!rule.messageProgram) return rule.message;
  const result = rule.messageProgram(bindings);
  if (typeof result !== 'string' || result.trim() === '' || /[\r\n]/.test(result)) return rule.message;
  return result;
}

function failure(rule: CompiledRule, field: string, schemaType: string, detail: string): FieldError {
  switch (rule.rule.reason) {
    case 'FieldValueForbidden':
      return forbiddenError(field, detail);
    case 'FieldValueRequired':
      return requiredError(field, detail);
    case 'FieldValueDuplicate':
      return duplicateError(field, schemaType);
    default:
      return invalidError(field, schemaType, detail);
  }
}

function evaluationError(rule: CompiledRule, celMessage: string): string {
  const message = celMessage.replace(/^field not found: /, 'no such key: ');
  if (/no (such|matching) overload/.test(message)) {
    return `'${message}': call arguments did not match a supported operator, function or macro signature for rule: ${rule.errorName}`;
  }
  return `${message} evaluating rule: ${rule.errorName}`;
}

/** Evaluates the rules of `node` on `self` (never null) with the correlated old value (undefined when none). */
export function evaluateRules(node: SchemaNode, self: unknown, oldSelf: unknown, context: RuleContext): void {
  const hasOld = oldSelf !== undefined && oldSelf !== null;
  for (const rule of node.rules) {
    if (!rule.program) {
      const detail = `rule compile error: ${rule.compileError ?? 'rule is not specified'}`;
      context.report(invalidError(context.path.toField(), node.type, detail), false);
      continue;
    }
    if (rule.usesOldSelf && !hasOld && !rule.optionalOldSelf) continue;
    const old = hasOld ? context.toCel(oldSelf, node) : undefined;
    const bindings: Record<string, CelInput> = {
      self: context.toCel(self, node),
      oldSelf: rule.optionalOldSelf ? celOptional(old) : (old ?? null),
    };
    const result = rule.program(bindings);
    if (isCelError(result)) {
      context.report(
        invalidError(context.path.toField(), node.type, evaluationError(rule, result.message)),
        false,
      );
      continue;
    }
    if (result === true) continue;
    const detail = failureMessage(rule, bindings);
    context.report(failure(rule, fieldOf(rule, context.path), node.type, detail), !rule.usesOldSelf);
  }
}
