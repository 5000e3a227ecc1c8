/**
 * `metav1.LabelSelector` as the built-in kinds use it: matching a pod template's labels (Deployment validation),
 * and the query-syntax string the `scale` subresource and the wide printers show (`app=web,tier in (a,b)`), both
 * following apimachinery's `LabelSelectorAsSelector` and `labels.Selector.String`.
 */
import type { LabelSelector } from '../../api/index.js';

/** One requirement of a converted selector. */
interface Requirement {
  readonly key: string;
  readonly operator: 'Equals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** Thrown when an expression carries an operator apimachinery does not know. */
export class InvalidLabelSelectorError extends Error {
  override readonly name = 'InvalidLabelSelectorError';
  constructor(operator: string, options?: { cause?: unknown }) {
    super(`"${operator}" is not a valid label selector operator`, options);
  }
}

const OPERATORS: Record<string, Requirement['operator']> = {
  In: 'In',
  NotIn: 'NotIn',
  Exists: 'Exists',
  DoesNotExist: 'DoesNotExist',
};

/** The requirements of a selector sorted by key; `undefined` for a nil selector (which matches nothing). */
function requirementsOf(selector: LabelSelector | undefined): Requirement[] | undefined {
  if (selector === undefined) return undefined;
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push({ key, operator: 'Equals', values: [value] });
  }
  for (const expression of selector.matchExpressions ?? []) {
    const operator = OPERATORS[expression.operator];
    if (operator === undefined) throw new InvalidLabelSelectorError(expression.operator);
    requirements.push({ key: expression.key, operator, values: expression.values ?? [] });
  }
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function requirementText(requirement: Requirement): string {
  const values =
    requirement.values.length === 1 ? requirement.values[0] : [...requirement.values].sort().join(',');
  switch (requirement.operator) {
    case 'Exists':
      return requirement.key;
    case 'DoesNotExist':
      return `!${requirement.key}`;
    case 'Equals':
      return `${requirement.key}=${values}`;
    case 'In':
      return `${requirement.key} in (${values})`;
    case 'NotIn':
      return `${requirement.key} notin (${values})`;
  }
}

/** `LabelSelectorAsSelector(s).String()`: `""` for nil and for the empty selector. Throws on an unknown operator. */
export function labelSelectorString(selector: LabelSelector | undefined): string {
  return (requirementsOf(selector) ?? []).map(requirementText).join(',');
}

/** `metav1.FormatLabelSelector`: the selector string, `<none>` when empty, `<error>` when it does not convert. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  try {
    return labelSelectorString(selector) || '<none>';
  } catch {
    return '<error>';
  }
}

function requirementMatches(requirement: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Equals':
    case 'In':
      return has && requirement.values.includes(value ?? '');
    case 'NotIn':
      return !has || !requirement.values.includes(value ?? '');
  }
}

/** Whether `labels` satisfy the selector; a nil selector matches nothing, an empty one everything. Throws on an unknown operator. */
export function labelSelectorMatches(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const requirements = requirementsOf(selector);
  if (requirements === undefined) return false;
  return requirements.every((requirement) => requirementMatches(requirement, labels ?? {}));
}

/** `labels.FormatLabels`: sorted `k=v` pairs joined by commas, `<none>` when there are none. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((key) => `${key}=${labels?.[key] ?? ''}`).join(',');
}
