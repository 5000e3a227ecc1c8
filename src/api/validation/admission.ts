/**
 * What the API server does with a custom resource body before storing it, in the API server's order:
 * prune unknown fields (refused under `fieldValidation=Strict`, reported as warnings under `Warn`), apply defaults,
 * then validate — OpenAPI schema, embedded resources, list-type uniqueness and, when none of those errors make the
 * object unreadable, the CEL rules (with the defaulted old object as `oldSelf` on update).
 *
 * `compileSchema` does the expensive part once per CRD version (walking the schema, compiling regexes and CEL);
 * the returned `CompiledSchema` is then used for every write and read of that kind.
 */

import { isJsonObject } from '../json-value.js';
import type { JSONSchemaProps } from '../schema/index.js';
import { validateRules } from './cel-validation.js';
import { withDefaults } from './default.js';
import { validateEmbeddedResources } from './embedded-resource.js';
import { type FieldError, invalidError, NO_FIELD } from './field-error.js';
import { InvalidObjectError, type KindIdentity, StrictDecodingError } from './invalid-error.js';
import { validateListTypes } from './list-type.js';
import { pruneCopy } from './prune.js';
import { compileSchemaNode, type SchemaNode } from './schema-node.js';
import { validateAgainstSchema } from './schema-validator.js';

/** How unknown fields are handled (the `fieldValidation` query parameter). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Options of one write. */
export interface AdmitOptions {
  /** The stored object on update; absent on create. */
  oldObject?: unknown;
  fieldValidation: FieldValidation;
}

/** What a successful write stores. */
export interface AdmitResult<T> {
  /** The pruned and defaulted copy to store (the input is not modified). */
  object: T;
  /** Warnings for the response (`unknown field "spec.foo"`). */
  warnings: string[];
}

const BLOCKED_RULES =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

function isBlocking(error: FieldError): boolean {
  return error.type === 'FieldValueNotSupported' || error.type === 'FieldValueTypeInvalid';
}

function objectName(object: unknown): string {
  const metadata = isJsonObject(object) ? object.metadata : undefined;
  const name = isJsonObject(metadata) ? metadata.name : undefined;
  return typeof name === 'string' ? name : '';
}

/** A CRD version's schema, compiled for admitting and reading objects of its kind. */
export class CompiledSchema {
  /** The compiled root node. */
  readonly root: SchemaNode;

  constructor(
    readonly openAPIV3Schema: JSONSchemaProps,
    readonly identity: KindIdentity,
  ) {
    this.root = compileSchemaNode(openAPIV3Schema);
  }

  /**
   * Prunes, defaults and validates a create (no `oldObject`) or update. Returns the object to store, or throws
   * `StrictDecodingError` (400) or `InvalidObjectError` (422).
   */
  admit<T extends Record<string, unknown>>(object: T, options: AdmitOptions): AdmitResult<T> {
    const pruned = pruneCopy(object, this.root);
    if (pruned.unknownFields.length && options.fieldValidation === 'Strict') {
      throw new StrictDecodingError(this.identity, pruned.unknownFields);
    }
    const warnings =
      options.fieldValidation === 'Warn' ? pruned.unknownFields.map((path) => `unknown field "${path}"`) : [];
    const admitted = withDefaults(pruned.value, this.root) as T;
    const old = options.oldObject === undefined ? undefined : this.applyDefaults(options.oldObject);
    const errors = this.validate(admitted, old);
    if (errors.length) throw new InvalidObjectError(this.identity, objectName(admitted), errors);
    return { object: admitted, warnings };
  }

  /**
   * The object with its schema defaults applied, as the API server returns objects read from storage. Returns the
   * input itself when no default applies; never modifies it.
   */
  applyDefaults<T>(object: T): T {
    return withDefaults(object, this.root) as T;
  }

  /**
   * All validation errors of an already pruned and defaulted object, in the API server's order; `old` is the
   * defaulted old object on update.
   */
  validate(object: unknown, old?: unknown): FieldError[] {
    const errors = validateAgainstSchema(object, this.root, old);
    errors.push(...validateEmbeddedResources(object, this.root));
    if (old === undefined || validateListTypes(old, this.root).length === 0) {
      errors.push(...validateListTypes(object, this.root));
    }
    if (!this.root.rulesInside) return errors;
    if (errors.some(isBlocking)) errors.push(invalidError(NO_FIELD, null, BLOCKED_RULES));
    else errors.push(...validateRules(object, this.root, old));
    return errors;
  }
}

/** Compiles a CRD version's `openAPIV3Schema` for the kind `identity`. */
export function compileSchema(openAPIV3Schema: JSONSchemaProps, identity: KindIdentity): CompiledSchema {
  return new CompiledSchema(openAPIV3Schema, identity);
}
