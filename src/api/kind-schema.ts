/**
 * The compiled validation schema of a declared kind, compiled once per process: the CLI and the API server's tests
 * validate many objects of few kinds.
 */
import type { KindDefinition } from './schema/index.js';
import { type CompiledSchema, compileSchema } from './validation/index.js';

const compiled = new WeakMap<KindDefinition, CompiledSchema>();

/** The compiled schema of `kind` (its storage version). */
export function kindSchema(kind: KindDefinition): CompiledSchema {
  let schema = compiled.get(kind);
  if (!schema) {
    schema = compileSchema(kind.openAPIV3Schema, {
      group: kind.group,
      version: kind.version,
      kind: kind.kind,
    });
    compiled.set(kind, schema);
  }
  return schema;
}
