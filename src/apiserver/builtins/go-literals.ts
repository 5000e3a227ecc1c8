/**
 * Go `%#v` renderings of the typed values built-in validation reports as bad values. A real server prints the Go
 * type (`map[string]string{"app":"web"}`, `[]string{"10.0.0.1"}`), not the `map[string]interface {}` the generic
 * JSON rendering gives, so errors about typed fields carry these literals.
 */

import { GoLiteral, goQuote, type LabelSelector } from '../../api/index.js';

/** `map[string]string{"a":"b"}` (keys sorted, as fmt prints maps); `map[string]string(nil)` when absent. */
export function goStringMap(map: Readonly<Record<string, string>> | undefined): GoLiteral {
  return new GoLiteral(goStringMapText(map));
}

function goStringMapText(map: Readonly<Record<string, string>> | undefined): string {
  if (map === undefined) return 'map[string]string(nil)';
  const entries = Object.keys(map)
    .sort()
    .map((key) => `${goQuote(key)}:${goQuote(map[key] ?? '')}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** `[]string{"a", "b"}`; `[]string(nil)` when absent. */
export function goStringSlice(values: readonly string[] | undefined): GoLiteral {
  return new GoLiteral(goStringSliceText(values));
}

function goStringSliceText(values: readonly string[] | undefined): string {
  if (values === undefined) return '[]string(nil)';
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/** A `metav1.LabelSelector` value as `%#v` prints it (`v1.LabelSelector{MatchLabels:…, MatchExpressions:…}`). */
export function goLabelSelector(selector: LabelSelector | undefined): GoLiteral {
  if (selector === undefined) return new GoLiteral('null');
  const expressions = selector.matchExpressions;
  const expressionText =
    expressions === undefined
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${expressions
          .map(
            (requirement) =>
              `v1.LabelSelectorRequirement{Key:${goQuote(requirement.key)}, Operator:${goQuote(requirement.operator)}, Values:${goStringSliceText(requirement.values)}}`,
          )
          .join(', ')}}`;
  return new GoLiteral(
    `v1.LabelSelector{MatchLabels:${goStringMapText(selector.matchLabels)}, MatchExpressions:${expressionText}}`,
  );
}
