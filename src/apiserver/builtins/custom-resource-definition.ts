/**
 * CustomResourceDefinition (apiextensions.k8s.io/v1), §15.1: `<plural>.<group>` names, singular/listKind/conversion
 * defaults, the stored-versions bookkeeping, the object-level validation (group, scope, names, versions with exactly
 * one storage version, printer columns, conversion) plus each version's structural schema, immutable group/plural
 * (and scope/kind once established), generation on spec changes, `/status`, and the NAME/CREATED AT printer.
 * Establishment (NamesAccepted, Established) and serving the custom resources are the registry's.
 */

import { Type } from '@sinclair/typebox';
import {
  defineKind,
  type FieldError,
  FreeForm,
  forbiddenError,
  Int32,
  invalidError,
  type JSONSchemaProps,
  type KindObject,
  List,
  notSupportedError,
  requiredError,
  TypedString,
  validateStructuralSchema,
} from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { defineBuiltin, STATUS_SUBRESOURCE } from './define-builtin.js';
import { ensureArray, ensureObject } from './ensure.js';
import { isDNS1035Label, isDNS1123Subdomain } from './names.js';
import { rootPatchMeta } from './patch-meta.js';
import { nameColumn } from './printer-helpers.js';
import { StatusCondition } from './schemas/common.js';
import { immutableErrors } from './workload-validation.js';

const Names = () =>
  Type.Object({
    categories: Type.Optional(
      List(Type.String(), { description: 'Groups such as `all` the resource belongs to.' }),
    ),
    kind: Type.Optional(Type.String({ description: 'CamelCase kind of the resource.' })),
    listKind: Type.Optional(Type.String({ description: 'Kind of its lists; `<kind>List` by default.' })),
    plural: Type.Optional(Type.String({ description: 'Plural resource name used in URLs.' })),
    shortNames: Type.Optional(List(Type.String(), { description: 'Short names for kubectl.' })),
    singular: Type.Optional(Type.String({ description: 'Singular name; the lower-cased kind by default.' })),
  });

const PrinterColumn = Type.Object({
  description: Type.Optional(Type.String()),
  format: Type.Optional(Type.String()),
  jsonPath: Type.Optional(Type.String({ description: 'Simple JSONPath evaluated against each object.' })),
  name: Type.Optional(Type.String()),
  priority: Type.Optional(Int32({ description: '0 for the default view, higher for wide.' })),
  type: Type.Optional(Type.String({ description: 'integer, number, string, boolean or date.' })),
});

const Version = Type.Object({
  additionalPrinterColumns: Type.Optional(List(PrinterColumn, { description: 'Columns of kubectl get.' })),
  deprecated: Type.Optional(Type.Boolean()),
  deprecationWarning: Type.Optional(Type.String()),
  name: Type.Optional(Type.String({ description: 'Version name, e.g. v1alpha1.' })),
  schema: Type.Optional(
    Type.Object({
      openAPIV3Schema: Type.Optional(FreeForm({ description: 'Structural schema of the objects.' })),
    }),
  ),
  selectableFields: Type.Optional(
    List(Type.Object({ jsonPath: Type.Optional(Type.String()) }), { description: 'Extra field selectors.' }),
  ),
  served: Type.Optional(Type.Boolean({ description: 'Whether the version is served.' })),
  storage: Type.Optional(Type.Boolean({ description: 'Whether objects are stored in this version.' })),
  subresources: Type.Optional(
    Type.Object({
      scale: Type.Optional(
        Type.Object({
          labelSelectorPath: Type.Optional(Type.String()),
          specReplicasPath: Type.Optional(Type.String()),
          statusReplicasPath: Type.Optional(Type.String()),
        }),
      ),
      status: Type.Optional(FreeForm()),
    }),
  ),
});

/** The CustomResourceDefinition kind's schema. */
export const CustomResourceDefinitionKind = defineKind({
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  scope: 'Cluster',
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  description: 'Defines a custom resource the API server then serves.',
  properties: {
    spec: Type.Optional(
      Type.Object({
        conversion: Type.Optional(
          Type.Object({
            strategy: Type.Optional(Type.String({ description: 'None (default) or Webhook.' })),
            webhook: Type.Optional(FreeForm({ description: 'How to call a conversion webhook.' })),
          }),
        ),
        group: Type.Optional(Type.String({ description: 'API group of the resource.' })),
        names: Type.Optional(Names()),
        preserveUnknownFields: Type.Optional(Type.Boolean()),
        scope: Type.Optional(
          TypedString<'Namespaced' | 'Cluster'>({ description: 'Namespaced or Cluster.' }),
        ),
        versions: Type.Optional(List(Version, { description: 'Served versions; exactly one is stored.' })),
      }),
    ),
    status: Type.Optional(
      Type.Object({
        acceptedNames: Type.Optional(Names()),
        conditions: Type.Optional(
          List(StatusCondition(), { description: 'NamesAccepted, Established, Terminating.' }),
        ),
        storedVersions: Type.Optional(
          List(Type.String(), { description: 'Versions objects were ever stored in.' }),
        ),
      }),
    ),
  },
});

/** A CustomResourceDefinition object. */
export type CustomResourceDefinition = KindObject<typeof CustomResourceDefinitionKind>;
type Spec = NonNullable<CustomResourceDefinition['spec']>;
type CRDNames = NonNullable<Spec['names']>;

/** `SetDefaults_CustomResourceDefinition`. */
export function defaultCustomResourceDefinition(crd: CustomResourceDefinition): void {
  const spec = ensureObject(crd, 'spec');
  const names = ensureObject(spec, 'names');
  names.singular ||= (names.kind ?? '').toLowerCase() || undefined;
  if (names.singular === undefined) delete names.singular;
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
  const service = (spec.conversion.webhook?.clientConfig as { service?: { port?: number } } | undefined)
    ?.service;
  if (service) service.port ??= 443;
  const status = ensureObject(crd, 'status');
  if (!status.storedVersions?.length) {
    const storage = spec.versions?.find((version) => version.storage)?.name;
    if (storage) status.storedVersions = [storage];
  }
}

/** Appends the storage version to `status.storedVersions` (the strategy does on create and update). */
function recordStorageVersion(crd: CustomResourceDefinition): void {
  const storage = crd.spec?.versions?.find((version) => version.storage)?.name;
  const status = ensureObject(crd, 'status');
  const stored = ensureArray(status, 'storedVersions');
  if (storage && !stored.includes(storage)) stored.push(storage);
}

const dns1035 = (value: string) => isDNS1035Label(value).join(',');

/** `ValidateCustomResourceDefinitionNames` for `spec.names` or `status.acceptedNames`. */
export function crdNamesErrors(path: string, names: CRDNames | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const check = (field: string, value: string | undefined, prefix = '') => {
    if (!value) return;
    const message = dns1035(prefix ? value.toLowerCase() : value);
    if (message) errors.push(invalidError(`${path}.${field}`, value, prefix + message));
  };
  check('plural', names?.plural);
  check('singular', names?.singular);
  check('kind', names?.kind, 'may have mixed case, but should otherwise match: ');
  check('listKind', names?.listKind, 'may have mixed case, but should otherwise match: ');
  (names?.shortNames ?? []).forEach((shortName, index) => {
    const message = dns1035(shortName);
    if (message) errors.push(invalidError(`${path}.shortNames[${index}]`, shortName, message));
  });
  if (names?.kind && names.kind === names.listKind) {
    errors.push(invalidError(`${path}.listKind`, names.listKind, 'kind and listKind may not be the same'));
  }
  (names?.categories ?? []).forEach((category, index) => {
    const message = dns1035(category);
    if (message) errors.push(invalidError(`${path}.categories[${index}]`, category, message));
  });
  return errors;
}

const PRINTER_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const PRINTER_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

function printerColumnErrors(
  path: string,
  column: NonNullable<NonNullable<Spec['versions']>[number]['additionalPrinterColumns']>[number],
): FieldError[] {
  const errors: FieldError[] = [];
  if (!column.name) errors.push(requiredError(`${path}.name`));
  const typeMessage = `must be one of ${PRINTER_TYPES.join(',')}`;
  if (!column.type) errors.push(requiredError(`${path}.type`, typeMessage));
  else if (!PRINTER_TYPES.includes(column.type))
    errors.push(invalidError(`${path}.type`, column.type, typeMessage));
  if (column.format && !PRINTER_FORMATS.includes(column.format)) {
    errors.push(invalidError(`${path}.format`, column.format, `must be one of ${PRINTER_FORMATS.join(',')}`));
  }
  if (!column.jsonPath) errors.push(requiredError(`${path}.JSONPath`));
  return errors;
}

function versionErrors(spec: Spec): FieldError[] {
  const versions = spec.versions ?? [];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((version, index) => {
    const at = `spec.versions[${index}]`;
    const name = version.name ?? '';
    if (seen.has(name)) unique = false;
    seen.add(name);
    const message = dns1035(name);
    if (message) errors.push(invalidError(`${at}.name`, name, message));
    const schema = version.schema?.openAPIV3Schema;
    if (!schema) errors.push(requiredError(`${at}.schema.openAPIV3Schema`, 'schemas are required'));
    else errors.push(...validateStructuralSchema(schema as JSONSchemaProps, `${at}.schema.openAPIV3Schema`));
    (version.additionalPrinterColumns ?? []).forEach((column, columnIndex) => {
      errors.push(...printerColumnErrors(`${at}.additionalPrinterColumns[${columnIndex}]`, column));
    });
    if (!version.deprecated && version.deprecationWarning !== undefined) {
      errors.push(
        invalidError(
          `${at}.deprecationWarning`,
          version.deprecationWarning,
          'can only be set for deprecated versions',
        ),
      );
    }
  });
  if (!unique) errors.push(invalidError('spec.versions', versions, 'must contain unique version names'));
  if (versions.filter((version) => version.storage).length !== 1) {
    errors.push(
      invalidError('spec.versions', versions, 'must have exactly one version marked as storage version'),
    );
  }
  return errors;
}

function groupErrors(group: string): FieldError[] {
  if (!group) return [requiredError('spec.group')];
  const messages = isDNS1123Subdomain(group);
  if (messages.length) return [invalidError('spec.group', group, messages.join(','))];
  return group.includes('.')
    ? []
    : [invalidError('spec.group', group, 'should be a domain with at least one dot')];
}

function conversionErrors(spec: Spec): FieldError[] {
  const conversion = spec.conversion;
  if (!conversion) return [];
  const strategy = conversion.strategy ?? '';
  if (!strategy) return [requiredError('spec.conversion.strategy')];
  if (strategy !== 'None' && strategy !== 'Webhook') {
    return [notSupportedError('spec.conversion.strategy', strategy, ['None', 'Webhook'])];
  }
  if (strategy === 'Webhook' && !conversion.webhook) {
    return [requiredError('spec.conversion.webhook', 'required when strategy is set to Webhook')];
  }
  if (strategy === 'None' && conversion.webhook) {
    return [
      forbiddenError('spec.conversion.webhook', 'should not be set when strategy is not set to Webhook'),
    ];
  }
  return [];
}

/** `ValidateCustomResourceDefinitionStoredVersions`. */
function storedVersionErrors(crd: CustomResourceDefinition): FieldError[] {
  const stored = crd.status?.storedVersions ?? [];
  if (stored.length === 0)
    return [invalidError('status.storedVersions', stored, 'must have at least one stored version')];
  const errors: FieldError[] = [];
  const versions = crd.spec?.versions ?? [];
  for (const version of versions) {
    if (version.storage && !stored.includes(version.name ?? '')) {
      errors.push(
        invalidError('status.storedVersions', version, `must have the storage version ${version.name ?? ''}`),
      );
    }
  }
  stored.forEach((name, index) => {
    if (!versions.some((version) => version.name === name)) {
      errors.push(invalidError(`status.storedVersions[${index}]`, name, 'must appear in spec.versions'));
    }
  });
  return errors;
}

/** `ValidateCustomResourceDefinition` (the ObjectMeta name rule included). */
export function crdErrors(crd: CustomResourceDefinition): FieldError[] {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const errors: FieldError[] = [];
  const name = crd.metadata.name ?? '';
  if (name && name !== `${names.plural ?? ''}.${spec.group ?? ''}`) {
    errors.push(invalidError('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  }
  errors.push(...groupErrors(spec.group ?? ''));
  if (!spec.scope) errors.push(requiredError('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') {
    errors.push(notSupportedError('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  }
  errors.push(...versionErrors(spec));
  for (const field of ['plural', 'singular', 'kind', 'listKind'] as const) {
    if (!names[field]) errors.push(requiredError(`spec.names.${field}`));
  }
  errors.push(...crdNamesErrors('spec.names', names));
  errors.push(...conversionErrors(spec));
  errors.push(...crdNamesErrors('status.acceptedNames', crd.status?.acceptedNames));
  errors.push(...storedVersionErrors(crd));
  return errors;
}

const isEstablished = (crd: CustomResourceDefinition) =>
  (crd.status?.conditions ?? []).some(
    (condition) => condition.type === 'Established' && condition.status === 'True',
  );

/** `ValidateCustomResourceDefinitionUpdate`: group and plural never change; scope and kind not once established. */
export function crdUpdateErrors(crd: CustomResourceDefinition, old: CustomResourceDefinition): FieldError[] {
  const errors = crdErrors(crd);
  if (isEstablished(old)) {
    errors.push(...immutableErrors('spec.scope', crd.spec?.scope ?? '', old.spec?.scope ?? ''));
    errors.push(
      ...immutableErrors('spec.names.kind', crd.spec?.names?.kind ?? '', old.spec?.names?.kind ?? ''),
    );
  }
  errors.push(...immutableErrors('spec.group', crd.spec?.group ?? '', old.spec?.group ?? ''));
  errors.push(
    ...immutableErrors('spec.names.plural', crd.spec?.names?.plural ?? '', old.spec?.names?.plural ?? ''),
  );
  return errors;
}

/** The CustomResourceDefinition built-in. */
export const customResourceDefinitionResource: BuiltinResource<CustomResourceDefinition> =
  defineBuiltin<CustomResourceDefinition>(CustomResourceDefinitionKind, {
    subresources: [STATUS_SUBRESOURCE],
    nameRule: 'dns1123-subdomain',
    allowUnconditionalUpdate: false,
    generation: { watched: ['spec'] },
    defaults: defaultCustomResourceDefinition,
    prepareForCreate(crd) {
      crd.status = {};
      recordStorageVersion(crd);
    },
    prepareForUpdate: recordStorageVersion,
    validate: crdErrors,
    validateUpdate: crdUpdateErrors,
    printerColumns: [
      nameColumn<CustomResourceDefinition>(),
      {
        name: 'Created At',
        type: 'date',
        format: '',
        description: 'When the definition was created.',
        priority: 0,
        cell: (crd) => crd.metadata.creationTimestamp ?? null,
      },
    ],
    patchMeta: rootPatchMeta({}),
  });
