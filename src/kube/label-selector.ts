/**
 * metav1.LabelSelector on the client side: matching labels against a selector (what caches filter with) and
 * rendering a selector in the query-string syntax (what list and watch requests send). Both follow apimachinery's
 * `LabelSelectorAsSelector`: matchLabels and matchExpressions are ANDed, and an empty selector matches everything.
 */
import type { LabelSelector } from '../api/index.js';

/** A selector the runtime accepts: the API's object form, or a string already in query syntax (sent as is). */
export type SelectorInput = LabelSelector | string;

/** A selector that cannot be applied: an unknown operator or values that do not fit the operator. */
export class LabelSelectorError extends Error {
  override readonly name = 'LabelSelectorError';
}

type Requirement = NonNullable<LabelSelector['matchExpressions']>[number];

function checkRequirement(requirement: Requirement): void {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        throw new LabelSelectorError(
          `${requirement.operator} on "${requirement.key}" needs at least one value`,
        );
      }
      return;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        throw new LabelSelectorError(`${requirement.operator} on "${requirement.key}" takes no values`);
      }
      return;
    default:
      throw new LabelSelectorError(`unknown label selector operator "${requirement.operator}"`);
  }
}

function matchesRequirement(requirement: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case 'In':
      return has && (requirement.values ?? []).includes(value as string);
    case 'NotIn':
      return !has || !(requirement.values ?? []).includes(value as string);
    case 'Exists':
      return has;
    default:
      return !has;
  }
}

/** Whether `labels` satisfy `selector`; throws `LabelSelectorError` for a malformed selector. */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const actual = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (actual[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    checkRequirement(requirement);
    if (!matchesRequirement(requirement, actual)) return false;
  }
  return true;
}

function formatRequirement(requirement: Requirement): string {
  checkRequirement(requirement);
  const values = [...(requirement.values ?? [])].sort();
  switch (requirement.operator) {
    case 'In':
      return `${requirement.key} in (${values.join(',')})`;
    case 'NotIn':
      return `${requirement.key} notin (${values.join(',')})`;
    case 'Exists':
      return requirement.key;
    default:
      return `!${requirement.key}`;
  }
}

/** The selector in query syntax (`a=b,c in (d,e),!f`); '' for the empty selector. */
export function formatLabelSelector(selector: SelectorInput): string {
  if (typeof selector === 'string') return selector;
  const parts = Object.entries(selector.matchLabels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`);
  for (const requirement of selector.matchExpressions ?? []) parts.push(formatRequirement(requirement));
  return parts.join(',');
}
