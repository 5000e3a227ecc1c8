import { describe, expect, it } from 'vitest';
import { renderFieldError } from '../../api/index.js';
import {
  finalizerNameErrors,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPathSegmentName,
  objectMetaNameErrors,
} from './names.js';

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('apimachinery name checks', () => {
  it('reports a bad subdomain with the Go regex message', () => {
    expect(isDNS1123Subdomain('Bad_Name')).toEqual([SUBDOMAIN_MESSAGE]);
    expect(isDNS1123Subdomain('good.name-1')).toEqual([]);
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });

  it('says "must not contain dots" for a subdomain given where a label is required', () => {
    expect(isDNS1123Label('team.a')).toEqual(['must not contain dots']);
    expect(isDNS1123Label('-x')[0]).toContain("(e.g. 'my-name',  or '123-abc', regex used for validation is");
  });

  it('requires DNS-1035 labels to start with a letter', () => {
    expect(isDNS1035Label('web')).toEqual([]);
    expect(isDNS1035Label('1web')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('checks config keys, including the ".." prefix rule', () => {
    expect(isConfigMapKey('app.properties')).toEqual([]);
    expect(isConfigMapKey('..data')).toEqual(["must not start with '..'"]);
    expect(isConfigMapKey('a b')).toEqual([
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it('checks qualified names part by part', () => {
    expect(isQualifiedName('example.com/name')).toEqual([]);
    expect(isQualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of/);
  });

  it('forbids path separators in path-segment names', () => {
    expect(isValidPathSegmentName('..')).toEqual(["may not be '..'"]);
    expect(isValidPathSegmentName('a/b%')).toEqual(["may not contain '/'", "may not contain '%'"]);
  });
});

describe('objectMetaNameErrors', () => {
  it('requires a name or generateName', () => {
    const errors = objectMetaNameErrors('dns1123-subdomain', true, { namespace: 'default' });
    expect(errors.map(renderFieldError)).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
  });

  it('accepts a generateName prefix ending in a dash but not an invalid name', () => {
    expect(objectMetaNameErrors('dns1123-label', false, { generateName: 'ns-', name: 'ns-abcde' })).toEqual(
      [],
    );
    const errors = objectMetaNameErrors('dns1123-label', false, { name: 'Team.A' });
    expect(errors.map(renderFieldError)[0]).toMatch(
      /^metadata\.name: Invalid value: "Team\.A": a lowercase RFC 1123 label/,
    );
  });

  it('requires a namespace for namespaced kinds and forbids one for cluster-scoped kinds', () => {
    expect(objectMetaNameErrors('dns1123-subdomain', true, { name: 'x' }).map(renderFieldError)).toEqual([
      'metadata.namespace: Required value',
    ]);
    expect(
      objectMetaNameErrors('dns1123-subdomain', false, { name: 'x', namespace: 'a' }).map(renderFieldError),
    ).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });

  it('skips every check for review kinds', () => {
    expect(objectMetaNameErrors('none', false, {})).toEqual([]);
  });
});

describe('finalizerNameErrors', () => {
  it('accepts standard and fully qualified finalizers only', () => {
    expect(finalizerNameErrors('spec.finalizers[0]', 'kubernetes')).toEqual([]);
    expect(finalizerNameErrors('spec.finalizers[0]', 'example.com/cleanup')).toEqual([]);
    expect(finalizerNameErrors('spec.finalizers[0]', 'cleanup').map(renderFieldError)).toEqual([
      'spec.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
});
