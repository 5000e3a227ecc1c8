/**
 * A resource as the registry serves it at one group/version: what discovery, routing and Table output see
 * (`ResourceInfo`, the contract with the HTTP layer) together with the strategy the write pipeline runs for it.
 * Built-in kinds become served resources here; CRD versions in crd-resources.ts.
 */
import type { BuiltinObject, BuiltinResource } from '../builtins/index.js';
import { BuiltinStrategy } from './builtin-strategy.js';
import type { ResourceInfo, Subresource, TableColumn } from './contract.js';
import type { KindStrategy } from './kind-strategy.js';

/** One served group/version/resource: its discovery facts and its behaviour. */
export interface ServedResource {
  readonly info: ResourceInfo;
  readonly strategy: KindStrategy;
}

/** The key of a served resource in lookups: `group/version/resource`. */
export function servedKey(group: string, version: string, resource: string): string {
  return `${group}/${version}/${resource}`;
}

/** The served resource of a built-in kind. */
export function servedBuiltin(resource: BuiltinResource<BuiltinObject>): ServedResource {
  const columns: TableColumn[] = resource.printerColumns.map((column) => ({
    name: column.name,
    type: column.type,
    format: column.format,
    description: column.description,
    priority: column.priority,
    cell: (object, context) => column.cell(object as BuiltinObject, context),
  }));
  const rowConditions = resource.rowConditions;
  const info: ResourceInfo = {
    group: resource.group,
    version: resource.version,
    resource: resource.plural,
    singular: resource.singular,
    kind: resource.kind,
    listKind: resource.listKind,
    namespaced: resource.namespaced,
    verbs: resource.verbs,
    shortNames: resource.shortNames,
    categories: resource.categories,
    subresources: resource.subresources.map((sub) => sub.name as Subresource),
    columns,
    openAPIV3Schema: resource.definition.openAPIV3Schema,
    custom: false,
    ...(rowConditions && { rowConditions: (object) => rowConditions(object as BuiltinObject) }),
  };
  return { info, strategy: new BuiltinStrategy(resource) };
}
