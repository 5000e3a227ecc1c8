/** Builds the CustomResourceDefinition of a declared kind: what `npm run generate` writes to deploy/crds. */
import type { JSONSchemaProps, KindDefinition } from './kind.js';

/** The subset of apiextensions.k8s.io/v1 CustomResourceDefinition that we generate. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: {
    group: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames?: string[];
      categories?: string[];
    };
    scope: 'Namespaced' | 'Cluster';
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: JSONSchemaProps };
      subresources?: { status?: Record<string, never>; scale?: Record<string, string> };
      additionalPrinterColumns?: Array<Record<string, unknown>>;
    }>;
  };
}

/** The CRD's name: `<plural>.<group>`. */
export function crdName(kind: KindDefinition): string {
  return `${kind.plural}.${kind.group}`;
}

/** Builds the CRD for `kind`; every served version shares the schema, the first is the storage version. */
export function toCustomResourceDefinition(kind: KindDefinition): CustomResourceDefinition {
  const subresources: { status?: Record<string, never>; scale?: Record<string, string> } = {};
  if (kind.statusSubresource) subresources.status = {};
  if (kind.scale) subresources.scale = { ...kind.scale };
  const names: CustomResourceDefinition['spec']['names'] = {
    kind: kind.kind,
    listKind: kind.listKind,
    plural: kind.plural,
    singular: kind.singular,
  };
  if (kind.shortNames.length) names.shortNames = [...kind.shortNames];
  if (kind.categories.length) names.categories = [...kind.categories];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crdName(kind) },
    spec: {
      group: kind.group,
      names,
      scope: kind.scope,
      versions: kind.versions.map((name, index) => ({
        name,
        served: true,
        storage: index === 0,
        ...(kind.printerColumns.length
          ? { additionalPrinterColumns: kind.printerColumns.map((column) => ({ ...column })) }
          : {}),
        schema: { openAPIV3Schema: kind.openAPIV3Schema },
        ...(Object.keys(subresources).length ? { subresources } : {}),
      })),
    },
  };
}
