/**
 * Field validation errors as apimachinery's `field.Error` words them. They become the causes and the message of a
 * 422 Invalid Status, which kubectl prints verbatim (`spec.replicas: Invalid value: -1: must be greater than or
 * equal to 0`), so the text must match a real API server's.
 */
import { goNumber, goQuote, goSyntax } from './go-format.js';

/** The `reason` of a Status cause for a field error (`field.ErrorType`). */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

/** One problem with one field of an object. */
export interface FieldError {
  type: FieldErrorType;
  /** The field path, e.g. `spec.containers[0].image`. */
  field: string;
  /** The offending value; `undefined` leaves it out of the message (Go's omitValue). */
  badValue?: unknown;
  detail?: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Types whose message never shows the bad value. */
const VALUE_HIDDEN: ReadonlySet<FieldErrorType> = new Set([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'InternalError',
]);

/** The constructors of `k8s.io/apimachinery/pkg/util/validation/field`, with the same details. */
export const fieldError = {
  required: (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail }),
  invalid: (field: string, badValue: unknown, detail = ''): FieldError => ({
    type: 'FieldValueInvalid',
    field,
    badValue,
    detail,
  }),
  typeInvalid: (field: string, badValue: unknown, detail = ''): FieldError => ({
    type: 'FieldValueTypeInvalid',
    field,
    badValue,
    detail,
  }),
  notFound: (field: string, badValue: unknown): FieldError => ({
    type: 'FieldValueNotFound',
    field,
    badValue,
  }),
  duplicate: (field: string, badValue: unknown): FieldError => ({
    type: 'FieldValueDuplicate',
    field,
    badValue,
  }),
  notSupported: (field: string, badValue: unknown, validValues: readonly string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field,
    badValue,
    detail: validValues.length > 0 ? `supported values: ${validValues.map(goQuote).join(', ')}` : '',
  }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail }),
  tooLong: (field: string, maxLength: number): FieldError => ({
    type: 'FieldValueTooLong',
    field,
    detail: maxLength >= 0 ? `may not be more than ${maxLength} bytes` : 'value is too long',
  }),
  tooMany: (field: string, actual: number, max: number): FieldError => ({
    type: 'FieldValueTooMany',
    field,
    badValue: actual >= 0 ? actual : undefined,
    detail: max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items',
  }),
  internal: (field: string, detail: string): FieldError => ({ type: 'InternalError', field, detail }),
};

/** Go's `Error.ErrorBody()`: the type's words, the bad value (Go-formatted) and the detail. */
export function fieldErrorBody(error: FieldError): string {
  let body = TYPE_TEXT[error.type];
  if (!VALUE_HIDDEN.has(error.type) && error.badValue !== undefined) {
    body += `: ${formatBadValue(error.badValue)}`;
  }
  if (error.detail) body += `: ${error.detail}`;
  return body;
}

/** Go's `Error.Error()`: `field: body`. */
export function fieldErrorMessage(error: FieldError): string {
  return `${error.field}: ${fieldErrorBody(error)}`;
}

/** `ErrorList.ToAggregate().Error()`: one message as is, several as `[a, b]`, duplicates dropped. */
export function aggregateFieldErrors(errors: readonly FieldError[]): string {
  const messages = [...new Set(errors.map(fieldErrorMessage))];
  return messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
}

function formatBadValue(value: unknown): string {
  // Go replaces nil by the string "null", which is then quoted.
  if (value === null) return goQuote('null');
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return goSyntax(value);
}
