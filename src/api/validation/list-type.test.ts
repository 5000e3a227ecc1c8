import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../schema/index.js';
import { validateEmbeddedResources } from './embedded-resource.js';
import { renderFieldError } from './field-error.js';
import { validateListTypes } from './list-type.js';
import { compileSchemaNode } from './schema-node.js';

function root(spec: JSONSchemaProps) {
  return compileSchemaNode({ type: 'object', properties: { spec } });
}

describe('x-kubernetes-list-type', () => {
  it('set: reports each duplicated value once, at its second occurrence', () => {
    const node = root({ type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' });
    expect(validateListTypes({ spec: ['a', 'b', 'a', 'a', 'b'] }, node).map(renderFieldError)).toEqual([
      'spec[2]: Duplicate value: "a"',
      'spec[4]: Duplicate value: "b"',
    ]);
    expect(validateListTypes({ spec: ['a', 'b'] }, node)).toEqual([]);
  });

  it('map: reports items with the same keys', () => {
    const items = { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } };
    const single = root({
      type: 'array',
      items,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
    expect(
      validateListTypes(
        {
          spec: [
            { name: 'a', port: 1 },
            { name: 'a', port: 2 },
          ],
        },
        single,
      ).map(renderFieldError),
    ).toEqual(['spec[1]: Duplicate value: map[string]interface {}{"name":"a"}']);
    const pair = root({
      type: 'array',
      items,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name', 'port'],
    });
    expect(
      validateListTypes(
        {
          spec: [
            { name: 'a', port: 1 },
            { name: 'a', port: 2 },
          ],
        },
        pair,
      ),
    ).toEqual([]);
    expect(
      validateListTypes(
        {
          spec: [
            { name: 'a', port: 1 },
            { port: 1, name: 'a' },
          ],
        },
        pair,
      ).map(renderFieldError),
    ).toEqual(['spec[1]: Duplicate value: map[string]interface {}{"name":"a", "port":1}']);
  });

  it('checks lists nested in objects and list items', () => {
    const node = root({
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-list-type': 'set' },
    });
    expect(validateListTypes({ spec: { k: [1, 1] } }, node).map(renderFieldError)).toEqual([
      'spec[k][1]: Duplicate value: 1',
    ]);
  });
});

describe('x-kubernetes-embedded-resource', () => {
  const node = root({
    type: 'object',
    properties: {
      template: {
        type: 'object',
        'x-kubernetes-embedded-resource': true,
        'x-kubernetes-preserve-unknown-fields': true,
      },
    },
  });

  it('requires apiVersion and kind', () => {
    expect(validateEmbeddedResources({ spec: { template: {} } }, node).map(renderFieldError)).toEqual([
      'spec.template.apiVersion: Required value: must not be empty',
      'spec.template.kind: Required value: must not be empty',
    ]);
  });

  it('checks their values and the embedded name', () => {
    const template = { apiVersion: 'a/b/c', kind: 'Not_A_Kind', metadata: { name: 'x/y' } };
    expect(validateEmbeddedResources({ spec: { template } }, node).map(renderFieldError)).toEqual([
      'spec.template.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
      expect.stringMatching(
        /^spec\.template\.kind: Invalid value: "Not_A_Kind": may have mixed case, but should otherwise match: a DNS-1035 label/,
      ),
      'spec.template.metadata.name: Invalid value: "x/y": may not contain \'/\'',
    ]);
    const valid = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };
    expect(validateEmbeddedResources({ spec: { template: valid } }, node)).toEqual([]);
  });
});
