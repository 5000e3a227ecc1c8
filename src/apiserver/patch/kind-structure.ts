/**
 * What server-side apply must know about a kind's shape: which lists are atomic, sets, or maps keyed by some
 * fields, which maps are atomic, and which object keys are free-form. For custom resources it comes from the
 * structural schema (`x-kubernetes-list-type`, `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`); for built-in
 * kinds from their strategic-merge `PatchMeta` (a merge key makes a list-map, a merged scalar list is a set).
 * Lists the structure does not describe are atomic, as in Kubernetes.
 */
import type { JSONSchemaProps } from '../../api/index.js';
import { objectMetaPatchMeta } from './core-patch-meta.js';
import type { PatchMeta } from './patch-meta.js';

/** How a list field's items are identified: as a whole (`atomic`), by value (`set`) or by key fields (`map`). */
export type ListType = 'atomic' | 'set' | 'map';

/** The server-side apply view of one node of a kind's schema. */
export interface KindStructure {
  /** Declared fields of an object node. */
  readonly fields?: Readonly<Record<string, KindStructure>>;
  /** The structure of the values of a map with free-form keys (keys not in `fields`). */
  readonly values?: KindStructure;
  /** The structure of each item of a list. */
  readonly items?: KindStructure;
  /** @default 'atomic' */
  readonly listType?: ListType;
  /** The key fields of a `map` list. */
  readonly listMapKeys?: readonly string[];
  /** `atomic`: the object is owned and replaced as a whole. @default 'granular' */
  readonly mapType?: 'granular' | 'atomic';
}

/** The structure of field `key` of an object node. */
export function fieldStructure(structure: KindStructure | undefined, key: string): KindStructure | undefined {
  return structure?.fields?.[key] ?? structure?.values;
}

/** Whether `key` is a free-form map key rather than a declared field (such keys are owned themselves). */
export function isFreeFormKey(structure: KindStructure | undefined, key: string): boolean {
  return structure?.values !== undefined && structure.fields?.[key] === undefined;
}

/** The list type of a list node (atomic unless declared). */
export function listTypeOf(structure: KindStructure | undefined): ListType {
  const type = structure?.listType ?? 'atomic';
  return type === 'map' && !structure?.listMapKeys?.length ? 'atomic' : type;
}

/** A built-in kind's structure from its strategic-merge metadata. */
export function structureFromPatchMeta(meta: PatchMeta): KindStructure {
  const fields = meta.fields
    ? Object.fromEntries(
        Object.entries(meta.fields).map(([key, child]) => [key, structureFromPatchMeta(child)]),
      )
    : undefined;
  return {
    ...(fields && { fields }),
    ...(meta.values && { values: structureFromPatchMeta(meta.values) }),
    ...(meta.items && { items: structureFromPatchMeta(meta.items) }),
    ...(meta.strategy === 'merge' && { listType: meta.mergeKey ? 'map' : 'set' }),
    ...(meta.mergeKey && { listMapKeys: [meta.mergeKey] }),
    ...(meta.strategy === 'replace' && { mapType: 'atomic' }),
  };
}

/**
 * A custom resource's structure from its structural schema. `metadata` is ObjectMeta whatever the schema says
 * (CRD schemas may not describe it), so finalizers are a set and owner references a map keyed by `uid`.
 */
export function structureFromSchema(schema: JSONSchemaProps): KindStructure {
  const root = schemaStructure(schema);
  return { ...root, fields: { ...root.fields, metadata: structureFromPatchMeta(objectMetaPatchMeta) } };
}

function schemaStructure(schema: JSONSchemaProps): KindStructure {
  const fields = schema.properties
    ? Object.fromEntries(
        Object.entries(schema.properties).map(([key, child]) => [key, schemaStructure(child)]),
      )
    : undefined;
  const values =
    typeof schema.additionalProperties === 'object'
      ? schemaStructure(schema.additionalProperties)
      : undefined;
  const listType = schema['x-kubernetes-list-type'];
  const listMapKeys = schema['x-kubernetes-list-map-keys'];
  return {
    ...(fields && { fields }),
    ...(values && { values }),
    ...(schema.items && { items: schemaStructure(schema.items) }),
    ...((listType === 'set' || listType === 'map') && { listType }),
    ...(Array.isArray(listMapKeys) && { listMapKeys: listMapKeys.map(String) }),
    ...(schema['x-kubernetes-map-type'] === 'atomic' && { mapType: 'atomic' }),
  };
}
