/**
 * Our external CRDs against the upstream ones (from ../shared/ramen-reference/external-crds): for every external kind
 * with an upstream file, the same names, scope, versions, subresources and printer columns, and a schema that accepts
 * everything upstream defines. "Accepts" is checked node by node on the storage version: every upstream property
 * path exists in ours with the same type and the same value constraints (ours may add enum values and properties),
 * or lies under a node of ours that preserves unknown fields; required fields, defaults and CEL rules match.
 */
import { describe, expect, it } from 'vitest';
import { readReferenceYaml, skipReason } from '../../../test/support/ramen-reference.js';
import { canonicalJson } from '../json-value.js';
import {
  type CustomResourceDefinition,
  crdName,
  type JSONSchemaProps,
  toCustomResourceDefinition,
} from '../schema/index.js';
import { externalKinds } from './index.js';

/** The upstream CRDs in the reference folder that describe kinds we declare. */
const EXPECTED_UPSTREAM = [
  'managedclusters.cluster.open-cluster-management.io',
  'manifestworks.work.open-cluster-management.io',
  'managedclusterviews.view.open-cluster-management.io',
  'placements.cluster.open-cluster-management.io',
  'placementdecisions.cluster.open-cluster-management.io',
  'placementrules.apps.open-cluster-management.io',
  'volumereplications.replication.storage.openshift.io',
  'volumereplicationclasses.replication.storage.openshift.io',
  'volumegroupreplications.replication.storage.openshift.io',
  'volumegroupreplicationclasses.replication.storage.openshift.io',
  'volumegroupreplicationcontents.replication.storage.openshift.io',
  'networkfenceclasses.csiaddons.openshift.io',
  'replicationsources.volsync.backube',
  'replicationdestinations.volsync.backube',
  'volumesnapshots.snapshot.storage.k8s.io',
  'volumesnapshotclasses.snapshot.storage.k8s.io',
  'recipes.ramendr.openshift.io',
].sort();

/** Value constraints that must be identical wherever both schemas type a node. */
const SAME_VALUE_KEYS = [
  'type',
  'format',
  'pattern',
  'default',
  'nullable',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'oneOf',
  'anyOf',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-map-keys',
] as const;

const referenceCrds = readReferenceYaml('external-crds')
  .map(({ doc }) => doc as CustomResourceDefinition)
  .filter((crd) => externalKinds.some((kind) => crdName(kind) === crd.metadata.name));

function preservesUnknown(node: JSONSchemaProps): boolean {
  return node['x-kubernetes-preserve-unknown-fields'] === true;
}

/** An array's list type; absent means atomic. */
function listType(node: JSONSchemaProps): unknown {
  return node.type === 'array'
    ? (node['x-kubernetes-list-type'] ?? 'atomic')
    : node['x-kubernetes-list-type'];
}

function ruleTexts(node: JSONSchemaProps): string[] {
  return (node['x-kubernetes-validations'] ?? []).map((validation) => validation.rule);
}

/** Every way in which `ours` would reject or mangle what `theirs` accepts, as `path: problem`. */
function acceptanceGaps(ours: JSONSchemaProps, theirs: JSONSchemaProps, path = ''): string[] {
  const at = path || '<root>';
  const gaps: string[] = [];
  for (const key of SAME_VALUE_KEYS) {
    const mine = canonicalJson(ours[key]);
    const their = canonicalJson(theirs[key]);
    if (mine !== their) gaps.push(`${at}: ${key} is ${mine ?? 'absent'}, upstream has ${their ?? 'absent'}`);
  }
  const theirEnum = (theirs.enum as unknown[] | undefined) ?? [];
  const ourEnum = ours.enum as unknown[] | undefined;
  if (ourEnum && !theirEnum.every((value) => ourEnum.includes(value)))
    gaps.push(`${at}: enum ${canonicalJson(ourEnum)} lacks some of ${canonicalJson(theirEnum)}`);
  if (theirEnum.length && !ourEnum)
    gaps.push(`${at}: upstream enum ${canonicalJson(theirEnum)} is not declared`);
  if (listType(ours) !== listType(theirs))
    gaps.push(`${at}: list type is ${String(listType(ours))}, upstream has ${String(listType(theirs))}`);
  if (preservesUnknown(theirs) && !preservesUnknown(ours))
    gaps.push(`${at}: upstream preserves unknown fields`);
  for (const rule of ruleTexts(theirs))
    if (!ruleTexts(ours).includes(rule)) gaps.push(`${at}: CEL rule ${JSON.stringify(rule)} is missing`);
  gaps.push(...requiredGaps(ours, theirs, at));
  gaps.push(...childGaps(ours, theirs, path));
  return gaps;
}

/** Where ours types the object, it must require what upstream requires, and no more. */
function requiredGaps(ours: JSONSchemaProps, theirs: JSONSchemaProps, at: string): string[] {
  if (!ours.properties && preservesUnknown(ours)) return [];
  const mine = [...(ours.required ?? [])].sort();
  const their = [...(theirs.required ?? [])].sort();
  if (canonicalJson(mine) === canonicalJson(their)) return [];
  return [`${at}: requires ${canonicalJson(mine)}, upstream requires ${canonicalJson(their)}`];
}

function childGaps(ours: JSONSchemaProps, theirs: JSONSchemaProps, path: string): string[] {
  const gaps: string[] = [];
  const ourProperties = ours.properties ?? {};
  for (const [name, their] of Object.entries(theirs.properties ?? {})) {
    const mine = ourProperties[name];
    if (mine) gaps.push(...acceptanceGaps(mine, their, `${path}.${name}`));
    else if (!preservesUnknown(ours)) gaps.push(`${path}.${name}: missing from ours`);
  }
  if (theirs.items) {
    if (ours.items) gaps.push(...acceptanceGaps(ours.items, theirs.items, `${path}[]`));
    else gaps.push(`${path}[]: items missing from ours`);
  }
  const theirAdditional = theirs.additionalProperties;
  if (theirAdditional && typeof theirAdditional === 'object') {
    const mine = ours.additionalProperties;
    if (mine && typeof mine === 'object') gaps.push(...acceptanceGaps(mine, theirAdditional, `${path}{}`));
    else if (!preservesUnknown(ours)) gaps.push(`${path}{}: map values missing from ours`);
  }
  return gaps;
}

/** The parts of a served version that `kubectl` and the API server act on (descriptions of columns aside). */
function servedShape(version: CustomResourceDefinition['spec']['versions'][number]) {
  return {
    name: version.name,
    served: version.served,
    storage: version.storage,
    subresources: version.subresources ?? {},
    printerColumns: (version.additionalPrinterColumns ?? []).map(
      ({ description: _d, priority, ...column }) => ({
        ...column,
        priority: priority ?? 0,
      }),
    ),
  };
}

function storageSchema(crd: CustomResourceDefinition): JSONSchemaProps {
  return crd.spec.versions.find((version) => version.storage)?.schema.openAPIV3Schema ?? {};
}

describe.skipIf(referenceCrds.length === 0)(`External CRD compatibility${skipReason}`, () => {
  it('finds an upstream CRD for each external kind that has one', () => {
    expect(referenceCrds.map((crd) => crd.metadata.name).sort()).toEqual(EXPECTED_UPSTREAM);
  });

  it('declares every external kind once', () => {
    const names = externalKinds.map((kind) => crdName(kind));
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(24);
  });

  describe.each(referenceCrds.map((crd) => [crd.spec.names.kind, crd] as const))(
    '%s',
    (_kindName, theirs) => {
      const kind = externalKinds.find((k) => crdName(k) === theirs.metadata.name);
      const ours = kind && toCustomResourceDefinition(kind);

      it('has the same group, names and scope', () => {
        expect(ours?.spec.group).toBe(theirs.spec.group);
        expect(ours?.spec.scope).toBe(theirs.spec.scope);
        // Short names we add on purpose (kubectl convenience) are the only allowed difference.
        const added = ADDED_SHORT_NAMES[theirs.spec.names.kind] ?? [];
        const theirShortNames = [...(theirs.spec.names.shortNames ?? []), ...added];
        const { shortNames: _ours, ...ourNames } = ours?.spec.names ?? { kind: '', plural: '' };
        const { shortNames: _theirs, ...theirNames } = theirs.spec.names;
        expect(ourNames).toEqual(theirNames);
        expect(ours?.spec.names.shortNames ?? []).toEqual(theirShortNames);
      });

      it('serves the same versions with the same subresources and printer columns', () => {
        expect(ours?.spec.versions.map(servedShape)).toEqual(theirs.spec.versions.map(servedShape));
      });

      it('accepts everything the upstream storage version defines', () => {
        expect(acceptanceGaps(ours ? storageSchema(ours) : {}, storageSchema(theirs))).toEqual([]);
      });
    },
  );

  it('reports a field missing from ours (the comparison can fail)', () => {
    const theirs: JSONSchemaProps = {
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'string', enum: ['x', 'y'] }, b: { type: 'integer', format: 'int32' } },
    };
    const ours: JSONSchemaProps = { type: 'object', properties: { a: { type: 'string', enum: ['x'] } } };
    expect(acceptanceGaps(ours, theirs)).toEqual([
      '<root>: requires [], upstream requires ["a"]',
      '.a: enum ["x"] lacks some of ["x","y"]',
      '.b: missing from ours',
    ]);
    expect(acceptanceGaps({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, theirs)).toEqual(
      [],
    );
  });
});

/** The schema node a printer column's JSONPath reads, or why none exists (filters and `[*]` step into items). */
function resolveColumn(schema: JSONSchemaProps, jsonPath: string): string | undefined {
  const steps = jsonPath
    .replace(/\[[^\]]*\]/g, '.[]')
    .split('.')
    .filter(Boolean);
  let node: JSONSchemaProps | undefined = schema;
  for (const step of steps) {
    if (!node || node === schema.properties?.metadata) return undefined;
    if (preservesUnknown(node) && !(step in (node.properties ?? {}))) return undefined;
    node = step === '[]' ? node.items : node.properties?.[step];
    if (!node) return `${jsonPath}: no schema node for ${step}`;
  }
  return undefined;
}

/** Structural-schema violations the API server would reject the CRD for. */
function structuralProblems(node: JSONSchemaProps, path = ''): string[] {
  const at = path || '<root>';
  const problems: string[] = [];
  if (!node.type && !node['x-kubernetes-int-or-string'] && !preservesUnknown(node))
    problems.push(`${at}: no type`);
  if (node.properties && node.additionalProperties)
    problems.push(`${at}: properties and additionalProperties`);
  for (const [name, child] of Object.entries(node.properties ?? {}))
    problems.push(...structuralProblems(child, `${path}.${name}`));
  if (node.items) problems.push(...structuralProblems(node.items, `${path}[]`));
  if (node.additionalProperties && typeof node.additionalProperties === 'object')
    problems.push(...structuralProblems(node.additionalProperties, `${path}{}`));
  return problems;
}

/**
 * Short names our CRDs add to upstream's: csi-addons' VolumeGroupReplication CRD has none, and `kubectl get vr,vgr`
 * should work like `kubectl get vr` (see csi-addons-replication.ts).
 */
const ADDED_SHORT_NAMES: Readonly<Record<string, readonly string[]>> = { VolumeGroupReplication: ['vgr'] };

describe('External CRDs, with or without an upstream file', () => {
  describe.each(externalKinds.map((kind) => [kind.kind, kind] as const))('%s', (_kindName, kind) => {
    it('is a structural schema', () => {
      expect(structuralProblems(kind.openAPIV3Schema)).toEqual([]);
    });

    it('has printer columns that read fields of its schema', () => {
      const unresolved = kind.printerColumns
        .map((column) => resolveColumn(kind.openAPIV3Schema, column.jsonPath))
        .filter(Boolean);
      expect(unresolved).toEqual([]);
    });
  });

  it('notices a printer column that reads nothing (the check can fail)', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: { spec: { type: 'object', properties: {} } },
    };
    expect(resolveColumn(schema, '.spec.missing')).toBe('.spec.missing: no schema node for missing');
    expect(structuralProblems({ properties: { a: {} } })).toEqual(['<root>: no type', '.a: no type']);
  });
});
