/**
 * apimachinery's label checks (`ValidateLabels`, `ValidateLabelSelector`): label keys are qualified names, values
 * at most 63 characters of a restricted alphabet, selector operators known and their values consistent. Used for
 * workload selectors and pod template labels; the registry can reuse them for `metadata.labels`.
 */

import {
  type FieldError,
  forbiddenError,
  invalidError,
  type LabelSelector,
  requiredError,
} from '../../api/index.js';
import { isQualifiedName, maxLenError, regexError } from './names.js';

const LABEL_VALUE_FMT = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const LABEL_VALUE = new RegExp(`^(?:${LABEL_VALUE_FMT})$`);

/** `IsValidLabelValue`. */
export function labelValueMessages(value: string): string[] {
  const messages: string[] = [];
  if (value.length > 63) messages.push(maxLenError(63));
  if (!LABEL_VALUE.test(value)) {
    messages.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return messages;
}

/** `ValidateLabels`: every key a qualified name and every value a label value, reported at `field` itself. */
export function labelsErrors(
  field: string,
  labels: Readonly<Record<string, string>> | undefined,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const message of isQualifiedName(key)) errors.push(invalidError(field, key, message));
    for (const message of labelValueMessages(value)) errors.push(invalidError(field, value, message));
  }
  return errors;
}

/** `ValidateLabelSelector` with invalid label values disallowed. */
export function labelSelectorErrors(field: string, selector: LabelSelector | undefined): FieldError[] {
  if (selector === undefined) return [];
  const errors = labelsErrors(`${field}.matchLabels`, selector.matchLabels);
  (selector.matchExpressions ?? []).forEach((requirement, index) => {
    const at = `${field}.matchExpressions[${index}]`;
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errors.push(requiredError(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errors.push(
            forbiddenError(
              `${at}.values`,
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        }
        break;
      default:
        errors.push(invalidError(`${at}.operator`, requirement.operator, 'not a valid selector operator'));
    }
    for (const message of isQualifiedName(requirement.key))
      errors.push(invalidError(`${at}.key`, requirement.key, message));
    values.forEach((value, valueIndex) => {
      for (const message of labelValueMessages(value))
        errors.push(invalidError(`${at}.values[${valueIndex}]`, value, message));
    });
  });
  return errors;
}
