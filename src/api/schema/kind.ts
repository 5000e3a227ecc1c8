/**
 * A kind is declared once, with `defineKind`: its names, its printer columns and its TypeBox schema. From that one
 * declaration come the TypeScript type of its objects (`KindObject`), the plain structural schema the API server
 * validates with (`openAPIV3Schema`) and its CustomResourceDefinition (`toCustomResourceDefinition`).
 */
import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import type { KubeSchemaOptions, ValidationRule } from './builders.js';
import type { ObjectMeta } from './meta.js';

/** A CRD `additionalPrinterColumns` entry (what `kubectl get` shows). */
export interface PrinterColumn {
  name: string;
  type: 'integer' | 'number' | 'string' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  format?: string;
  /** 0 shows in `kubectl get`; greater only in `-o wide`. @default 0 */
  priority?: number;
}

/** The scale subresource's paths (CRD `subresources.scale`). */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** A plain JSON Schema node as it appears in a CRD: no TypeBox symbols, only data. */
export type JSONSchemaProps = {
  [key: string]: unknown;
  type?: string;
  properties?: Record<string, JSONSchemaProps>;
  items?: JSONSchemaProps;
  additionalProperties?: JSONSchemaProps | boolean;
  required?: string[];
  'x-kubernetes-validations'?: ValidationRule[];
};

/** What `defineKind` takes. */
export interface KindOptions<P extends TProperties> {
  group: string;
  /** The storage version. */
  version: string;
  /** More versions served with the same schema (conversion strategy None), e.g. an older beta. @default [] */
  alsoServedVersions?: string[];
  kind: string;
  plural: string;
  /** @default the lowercased kind */
  singular?: string;
  /** @default `${kind}List` */
  listKind?: string;
  scope: 'Namespaced' | 'Cluster';
  /** @default [] */
  shortNames?: string[];
  /** @default [] */
  categories?: string[];
  /** What the kind is for, shown by `kubectl explain`. */
  description: string;
  /** The top-level fields besides apiVersion, kind and metadata: usually `spec` and `status`. */
  properties: P;
  /** CEL rules on the object root. @default [] */
  validations?: ValidationRule[];
  /** @default [] */
  printerColumns?: PrinterColumn[];
  /** Whether `/status` is a subresource. @default true when `properties` has `status` */
  statusSubresource?: boolean;
  scale?: ScaleSubresource;
}

/** A declared kind with everything derived from its schema. */
export interface KindDefinition<P extends TProperties = TProperties> {
  readonly group: string;
  readonly version: string;
  readonly versions: readonly string[];
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly listKind: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly printerColumns: readonly PrinterColumn[];
  readonly statusSubresource: boolean;
  readonly scale?: ScaleSubresource;
  /** The TypeBox schema of the body (the top-level properties); the source of the TypeScript type. */
  readonly body: TObject<P>;
  /** The structural schema served and enforced for this kind (`metadata` is a bare object, as in every CRD). */
  readonly openAPIV3Schema: JSONSchemaProps;
}

/** The TypeScript type of an object of a declared kind. */
export type KindObject<D extends KindDefinition> =
  D extends KindDefinition<infer P>
    ? { apiVersion: string; kind: string; metadata: ObjectMeta } & Static<TObject<P>>
    : never;

/** Removes TypeBox's symbol keys so a schema is plain data (what YAML and the validator see). */
export function plainSchema(schema: unknown): JSONSchemaProps {
  return JSON.parse(JSON.stringify(schema)) as JSONSchemaProps;
}

const API_VERSION_DESCRIPTION =
  'APIVersion defines the versioned schema of this representation of an object. Servers convert recognized ' +
  'schemas to the latest internal value and may reject unrecognized values.';
const KIND_DESCRIPTION =
  'Kind is a string value representing the REST resource this object represents; CamelCase, cannot be updated.';

/** Declares a kind; see the module comment. */
export function defineKind<P extends TProperties>(options: KindOptions<P>): KindDefinition<P> {
  const rootOptions: KubeSchemaOptions = { description: options.description };
  if (options.validations?.length) rootOptions['x-kubernetes-validations'] = options.validations;
  const body = Type.Object(options.properties, rootOptions);
  const plainBody = plainSchema(body);
  const openAPIV3Schema: JSONSchemaProps = {
    description: options.description,
    type: 'object',
    properties: {
      apiVersion: { description: API_VERSION_DESCRIPTION, type: 'string' },
      kind: { description: KIND_DESCRIPTION, type: 'string' },
      metadata: { type: 'object' },
      ...plainBody.properties,
    },
  };
  if (plainBody.required?.length) openAPIV3Schema.required = plainBody.required;
  if (options.validations?.length) openAPIV3Schema['x-kubernetes-validations'] = options.validations;
  return {
    group: options.group,
    version: options.version,
    versions: [options.version, ...(options.alsoServedVersions ?? [])],
    apiVersion: options.group ? `${options.group}/${options.version}` : options.version,
    kind: options.kind,
    plural: options.plural,
    singular: options.singular ?? options.kind.toLowerCase(),
    listKind: options.listKind ?? `${options.kind}List`,
    scope: options.scope,
    shortNames: options.shortNames ?? [],
    categories: options.categories ?? [],
    printerColumns: options.printerColumns ?? [],
    statusSubresource: options.statusSubresource ?? 'status' in options.properties,
    ...(options.scale ? { scale: options.scale } : {}),
    body,
    openAPIV3Schema,
  };
}
