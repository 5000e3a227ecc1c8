/**
 * Kubernetes field errors (`k8s.io/apimachinery/pkg/util/validation/field`). Every check of the validation library
 * reports one of these; the API server turns a list of them into a 422 `Invalid` Status whose message and causes
 * must read exactly as a real API server's do (`spec.drClusters: Required value`).
 */
import { goQuote, goValue } from './go-format.js';

/** The cause reasons a field error can carry (`StatusCause.reason`). */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'InternalError';

/** One validation failure at one field. */
export interface FieldError {
  readonly type: FieldErrorType;
  /** `spec.drClusters`, `spec.items[2].name`, `spec.labels[app]`; `<nil>` when the error has no field. */
  readonly field: string;
  /** The offending value; `undefined` omits it from the message (`null` prints as `"null"`). */
  readonly badValue?: unknown;
  /** The explanation after the value, e.g. `drClusters requires a list of 2 clusters`. */
  readonly detail: string;
}

/** The field of errors that belong to no field (Go's nil `*field.Path`). */
export const NO_FIELD = '<nil>';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueTypeInvalid: 'Invalid value',
  InternalError: 'Internal error',
};

const VALUE_NEVER_SHOWN: ReadonlySet<FieldErrorType> = new Set([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'InternalError',
]);

/** `Required value`: a required field is missing. */
export function requiredError(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, detail };
}

/** `Invalid value: <value>: <detail>` (just `Invalid value: <value>` without a detail). */
export function invalidError(field: string, badValue: unknown, detail = ''): FieldError {
  return { type: 'FieldValueInvalid', field, badValue, detail };
}

/** A value of the wrong JSON type (printed like an invalid value, but blocks CEL rules). */
export function typeInvalidError(field: string, badValue: unknown, detail = ''): FieldError {
  return { type: 'FieldValueTypeInvalid', field, badValue, detail };
}

/** `Unsupported value: "x": supported values: "a", "b"` (enums). */
export function notSupportedError(
  field: string,
  badValue: unknown,
  supported: readonly string[],
): FieldError {
  const detail = supported.length ? `supported values: ${supported.map(goQuote).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field, badValue, detail };
}

/** `Not found: <value>`: a referenced item does not exist. */
export function notFoundError(field: string, badValue: unknown): FieldError {
  return { type: 'FieldValueNotFound', field, badValue, detail: '' };
}

/** `Duplicate value: <value>` (list-type set and map). */
export function duplicateError(field: string, badValue: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, badValue, detail: '' };
}

/** `Forbidden: <detail>`. */
export function forbiddenError(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

/** `Too long: may not be more than <n> bytes` (the value itself is never printed). */
export function tooLongError(field: string, maxLength: number): FieldError {
  const detail =
    maxLength >= 0
      ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}`
      : 'value is too long';
  return { type: 'FieldValueTooLong', field, detail };
}

/** `Too many: <actual>: must have at most <max> items`. */
export function tooManyError(field: string, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items';
  return { type: 'FieldValueTooMany', field, badValue: actual >= 0 ? actual : undefined, detail };
}

/** `Internal error: <detail>`. */
export function internalError(field: string, detail: string): FieldError {
  return { type: 'InternalError', field, detail };
}

/** The message without the field (`StatusCause.message`): `Invalid value: "3s": spec.x in body should match '...'`. */
export function fieldErrorBody(error: FieldError): string {
  let text = TYPE_TEXT[error.type];
  if (!VALUE_NEVER_SHOWN.has(error.type) && error.badValue !== undefined)
    text += `: ${goValue(error.badValue)}`;
  if (error.detail) text += `: ${error.detail}`;
  return text;
}

/** The full Kubernetes text of a field error: `spec.drClusters: Required value`. */
export function renderFieldError(error: FieldError): string {
  return `${error.field}: ${fieldErrorBody(error)}`;
}
