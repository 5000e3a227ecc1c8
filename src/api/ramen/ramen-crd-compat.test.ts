/**
 * Our Ramen CRDs against Ramen's own (from ../shared/ramen-reference): the same schema node for node (types, enums,
 * patterns, formats, defaults, required fields, list/map types, CEL rules), the same names and printer columns.
 */
import { describe, expect, it } from 'vitest';
import { readReferenceYaml, skipReason } from '../../../test/support/ramen-reference.js';
import { type CustomResourceDefinition, diffSchemas, toCustomResourceDefinition } from '../schema/index.js';
import { ramenKinds } from './index.js';

const referenceCrds = readReferenceYaml('crds').map(({ doc }) => doc as CustomResourceDefinition);

describe.skipIf(referenceCrds.length === 0)(`Ramen CRD compatibility${skipReason}`, () => {
  it('declares each of the nine Ramen kinds', () => {
    expect(ramenKinds.map((kind) => kind.kind).sort()).toEqual(
      referenceCrds.map((crd) => crd.spec.names.kind).sort(),
    );
  });

  describe.each(referenceCrds.map((crd) => [crd.spec.names.kind, crd] as const))('%s', (kindName, theirs) => {
    const kind = ramenKinds.find((k) => k.kind === kindName);
    const ours = kind && toCustomResourceDefinition(kind);

    it('has the same names and scope', () => {
      expect(ours?.metadata.name).toBe(theirs.metadata.name);
      expect(ours?.spec.scope).toBe(theirs.spec.scope);
      expect(ours?.spec.names).toEqual(theirs.spec.names);
    });

    it('has the same versions, subresources and printer columns', () => {
      expect(ours?.spec.versions.map(({ schema: _s, ...version }) => version)).toEqual(
        theirs.spec.versions.map(({ schema: _s, ...version }) => version),
      );
    });

    it('has the same schema node for node', () => {
      const ourSchema = ours?.spec.versions[0]?.schema.openAPIV3Schema ?? {};
      const theirSchema = theirs.spec.versions[0]?.schema.openAPIV3Schema ?? {};
      expect(diffSchemas(ourSchema, theirSchema)).toEqual([]);
    });
  });
});
