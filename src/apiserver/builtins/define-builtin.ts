/**
 * Builds a `BuiltinResource` from a kind declared with `defineKind` plus what only the API server needs. The names
 * (group, version, kind, plural, short names, categories, scope) come from the kind declaration so they are stated
 * once; everything else defaults to what most built-in kinds do.
 */
import type { KindDefinition } from '../../api/index.js';
import type { BuiltinObject, BuiltinResource, BuiltinSubresource, Verb } from './builtin-resource.js';
import { plainObjectPatchMeta } from './patch-meta.js';

/** The verbs of an ordinary resource. */
export const STANDARD_VERBS: readonly Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** The `status` subresource: GET/PUT/PATCH, owning the top-level `status`. */
export const STATUS_SUBRESOURCE: BuiltinSubresource = {
  name: 'status',
  verbs: ['get', 'patch', 'update'],
  owns: ['status'],
};

/** The `scale` subresource of the apps/v1 workloads, served as `autoscaling/v1` `Scale`. */
export const SCALE_SUBRESOURCE: BuiltinSubresource = {
  name: 'scale',
  verbs: ['get', 'patch', 'update'],
  responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  owns: ['spec.replicas'],
};

/** The parts of a descriptor that come from the kind declaration. */
type DeclaredField =
  | 'group'
  | 'version'
  | 'apiVersion'
  | 'kind'
  | 'listKind'
  | 'plural'
  | 'singular'
  | 'namespaced'
  | 'shortNames'
  | 'categories'
  | 'definition';

/** The parts of a descriptor that `defineBuiltin` defaults when the options leave them out. */
type DefaultedField =
  | 'verbs'
  | 'subresources'
  | 'allowUnconditionalUpdate'
  | 'allowCreateOnUpdate'
  | 'persisted'
  | 'returnsDeletedObject'
  | 'fieldSelectors'
  | 'patchMeta';

/** What `defineBuiltin` takes: the kind declaration and the server-side parts that differ from the defaults. */
export type BuiltinOptions<T extends BuiltinObject> = Omit<
  BuiltinResource<T>,
  DeclaredField | DefaultedField
> &
  Partial<Pick<BuiltinResource<T>, DefaultedField>>;

/** Declares a built-in kind; see the module comment. */
export function defineBuiltin<T extends BuiltinObject>(
  definition: KindDefinition,
  options: BuiltinOptions<T>,
): BuiltinResource<T> {
  return {
    group: definition.group,
    version: definition.version,
    apiVersion: definition.apiVersion,
    kind: definition.kind,
    listKind: definition.listKind,
    plural: definition.plural,
    singular: definition.singular,
    namespaced: definition.scope === 'Namespaced',
    shortNames: definition.shortNames,
    categories: definition.categories,
    definition,
    verbs: STANDARD_VERBS,
    subresources: [],
    allowUnconditionalUpdate: true,
    allowCreateOnUpdate: false,
    persisted: true,
    returnsDeletedObject: false,
    fieldSelectors: [],
    patchMeta: plainObjectPatchMeta,
    ...options,
  };
}
