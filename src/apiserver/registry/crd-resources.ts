/**
 * CustomResourceDefinitions as the registry serves them: reading a CRD object (with the defaults the apiextensions
 * server applies) and turning an established CRD into one served resource per served version, each with its
 * compiled schema, all stored in the storage version (kube-api.md §15.3). Validating CRD objects is the built-in
 * CRD kind's job (builtins/).
 */
import { compileSchema, isJsonObject, type JSONSchemaProps, type JsonRecord } from '../../api/index.js';
import { structureFromSchema } from '../patch/index.js';
import type { KubeObject } from '../store/index.js';
import { customResourceColumns, type PrinterColumnDefinition } from '../wire/index.js';
import type { ResourceInfo, Subresource, TableColumn } from './contract.js';
import { CustomResourceStrategy, type CustomScale } from './custom-strategy.js';
import type { ServedResource } from './served-resource.js';

/** `spec.names` (and `status.acceptedNames`) with apiextensions' defaults applied. */
export interface CrdNames {
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  shortNames: string[];
  categories: string[];
}

/** One entry of `spec.versions`. */
export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: Record<string, unknown>; scale?: CustomScale };
  additionalPrinterColumns?: PrinterColumnDefinition[];
}

/** The parts of a CRD spec the registry acts on. */
export interface CrdSpec {
  group: string;
  scope: string;
  names: CrdNames;
  versions: CrdVersion[];
}

/** The finalizer the apiextensions server puts on a CRD being deleted until its custom resources are gone. */
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/** The group and resource of CRDs in the store. */
export const CRD_RESOURCE = { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' } as const;

function record(value: unknown): JsonRecord {
  return isJsonObject(value) ? value : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Reads `names` with the defaults `singular = lowercase kind` and `listKind = <kind>List`. */
export function readNames(value: unknown): CrdNames {
  const names = record(value);
  const kind = text(names.kind);
  return {
    plural: text(names.plural),
    singular: text(names.singular) || kind.toLowerCase(),
    kind,
    listKind: text(names.listKind) || (kind ? `${kind}List` : ''),
    shortNames: strings(names.shortNames),
    categories: strings(names.categories),
  };
}

/** Reads the spec of a CRD object. */
export function readCrdSpec(crd: KubeObject): CrdSpec {
  const spec = record(crd.spec);
  const versions = Array.isArray(spec.versions) ? spec.versions.map(record) : [];
  return {
    group: text(spec.group),
    scope: text(spec.scope),
    names: readNames(spec.names),
    versions: versions.map((version) => ({
      name: text(version.name),
      served: version.served === true,
      storage: version.storage === true,
      ...(version.schema !== undefined && { schema: record(version.schema) as CrdVersion['schema'] }),
      ...(version.subresources !== undefined && {
        subresources: record(version.subresources) as CrdVersion['subresources'],
      }),
      ...(Array.isArray(version.additionalPrinterColumns) && {
        additionalPrinterColumns: version.additionalPrinterColumns as PrinterColumnDefinition[],
      }),
    })),
  };
}

/** The storage version's name, or undefined when the CRD has none (invalid). */
export function storageVersionOf(spec: CrdSpec): string | undefined {
  return spec.versions.find((version) => version.storage)?.name;
}

/** `status.acceptedNames`, when the naming controller has accepted names. */
export function acceptedNamesOf(crd: KubeObject): CrdNames | undefined {
  const accepted = record(record(crd.status).acceptedNames);
  return text(accepted.plural) ? readNames(accepted) : undefined;
}

/** Whether a CRD's condition of `type` is True. */
export function conditionTrue(crd: KubeObject, type: string): boolean {
  const conditions = record(crd.status).conditions;
  return (
    Array.isArray(conditions) &&
    conditions.some((c) => record(c).type === type && record(c).status === 'True')
  );
}

/** Whether the CRD has been established (its resources are served). */
export function isEstablished(crd: KubeObject): boolean {
  return conditionTrue(crd, 'Established');
}

const CUSTOM_VERBS = [
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
] as const;

/**
 * The resources an established CRD serves: one per served version, named by its accepted names, all stored in the
 * storage version. Empty when the CRD is not established.
 */
export function crdServedResources(crd: KubeObject): ServedResource[] {
  const names = acceptedNamesOf(crd);
  const spec = readCrdSpec(crd);
  const storageVersion = storageVersionOf(spec);
  if (!isEstablished(crd) || names === undefined || storageVersion === undefined) return [];
  return spec.versions
    .filter((version) => version.served && version.schema?.openAPIV3Schema !== undefined)
    .map((version) => servedVersion(spec, names, version, storageVersion));
}

/**
 * The Table columns of a CRD version as apiextensions' table convertor serves them (its printer columns with their
 * descriptions, or Age when it declares none), without the leading Name column, which every Table gets anyway.
 */
function printerColumns(declared: readonly PrinterColumnDefinition[]): TableColumn[] {
  return customResourceColumns(declared).flatMap((column) =>
    column.jsonPath === undefined
      ? []
      : [
          {
            name: column.name,
            type: column.type,
            format: column.format ?? '',
            description: column.description ?? '',
            priority: column.priority ?? 0,
            jsonPath: column.jsonPath,
          },
        ],
  );
}

function servedVersion(
  spec: CrdSpec,
  names: CrdNames,
  version: CrdVersion,
  storageVersion: string,
): ServedResource {
  const schema = version.schema?.openAPIV3Schema as JSONSchemaProps;
  const statusSubresource = version.subresources?.status !== undefined;
  const scale = version.subresources?.scale;
  const subresources: Subresource[] = [];
  if (statusSubresource) subresources.push('status');
  if (scale !== undefined) subresources.push('scale');
  const info: ResourceInfo = {
    group: spec.group,
    version: version.name,
    resource: names.plural,
    singular: names.singular,
    kind: names.kind,
    listKind: names.listKind,
    namespaced: spec.scope === 'Namespaced',
    verbs: CUSTOM_VERBS,
    shortNames: names.shortNames,
    categories: names.categories,
    subresources,
    columns: printerColumns(version.additionalPrinterColumns ?? []),
    openAPIV3Schema: schema,
    custom: true,
  };
  const strategy = new CustomResourceStrategy({
    group: spec.group,
    version: version.name,
    storageVersion,
    kind: names.kind,
    plural: names.plural,
    namespaced: info.namespaced,
    schema: compileSchema(schema, { group: spec.group, version: version.name, kind: names.kind }),
    statusSubresource,
    ...(scale !== undefined && { scale }),
    structure: structureFromSchema(schema),
  });
  return { info, strategy };
}
