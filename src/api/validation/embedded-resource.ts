/**
 * Objects marked `x-kubernetes-embedded-resource` carry a whole Kubernetes object (a template, a captured resource).
 * The API server requires their `apiVersion` and `kind` and checks them and the embedded `metadata.name` the way it
 * checks a top-level object's type information.
 */

import { isJsonObject, type JsonRecord } from '../json-value.js';
import { type FieldError, invalidError, requiredError } from './field-error.js';
import type { PathStack } from './field-path.js';
import type { SchemaNode } from './schema-node.js';
import { walkStructure } from './structure-walk.js';

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic " +
  "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation " +
  "is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function apiVersionProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value === '') return 'must not be empty';
  if (value.split('/').length > 2) return `unexpected GroupVersion string: ${value}`;
  return undefined;
}

function kindProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value === '') return 'must not be empty';
  const problems: string[] = [];
  if (value.length > 63) problems.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(value.toLowerCase())) problems.push(DNS1035_MESSAGE);
  return problems.length
    ? `may have mixed case, but should otherwise match: ${problems.join(',')}`
    : undefined;
}

function pathSegmentProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `may not be '${name}'`;
  for (const forbidden of ['/', '%']) if (name.includes(forbidden)) return `may not contain '${forbidden}'`;
  return undefined;
}

function validateMetadata(metadata: unknown, path: PathStack, errors: FieldError[]): void {
  if (!isJsonObject(metadata)) {
    errors.push(invalidError(path.childField('metadata'), metadata, 'must be an object'));
    return;
  }
  path.pushField('metadata');
  for (const key of ['name', 'generateName'] as const) {
    const value = metadata[key];
    const problem = typeof value === 'string' && value !== '' ? pathSegmentProblem(value) : undefined;
    if (problem) errors.push(invalidError(path.childField(key), value, problem));
  }
  path.pop();
}

function validateEmbedded(object: JsonRecord, path: PathStack, errors: FieldError[]): void {
  for (const key of ['apiVersion', 'kind'] as const) {
    if (!Object.hasOwn(object, key)) {
      errors.push(requiredError(path.childField(key), 'must not be empty'));
      continue;
    }
    const value = object[key];
    const problem = key === 'apiVersion' ? apiVersionProblem(value) : kindProblem(value);
    if (problem) errors.push(invalidError(path.childField(key), value, problem));
  }
  if (Object.hasOwn(object, 'metadata')) validateMetadata(object.metadata, path, errors);
}

/** The errors of the embedded resources inside `value` (an object validated against `root`). */
export function validateEmbeddedResources(value: unknown, root: SchemaNode): FieldError[] {
  return walkStructure(value, root, {
    object(object, node, path, errors) {
      if (node.embeddedResource) validateEmbedded(object, path, errors);
    },
  });
}
