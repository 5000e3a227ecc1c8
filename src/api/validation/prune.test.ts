import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../schema/index.js';
import { pruneCopy } from './prune.js';
import { compileSchemaNode } from './schema-node.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } },
        labels: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { v: { type: 'string' } } },
        },
        free: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { strict: { type: 'object', properties: { keep: { type: 'string' } } } },
        },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } },
        },
        nullableName: { type: 'string', nullable: true },
        defaulted: { type: 'string', default: 'd' },
      },
    },
  },
};
const root = compileSchemaNode(schema);

describe('pruneCopy', () => {
  it('drops unknown fields at every depth and reports their paths sorted', () => {
    const input = {
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'n', whatever: { kept: true } },
      status: { phase: 'gone' },
      spec: {
        name: 'a',
        foo: 1,
        items: [{ id: '1', extra: true }, { id: '2' }],
        labels: { app: { v: 'x', w: 'y' } },
      },
    };
    const { value, unknownFields } = pruneCopy(input, root);
    expect(value).toEqual({
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'n', whatever: { kept: true } },
      spec: { name: 'a', items: [{ id: '1' }, { id: '2' }], labels: { app: { v: 'x' } } },
    });
    expect(unknownFields).toEqual(['spec.foo', 'spec.items[0].extra', 'spec.labels.app.w', 'status']);
  });

  it('leaves the input untouched and shares nothing with it', () => {
    const input = { spec: { items: [{ id: '1', extra: true }] } };
    const snapshot = structuredClone(input);
    const { value } = pruneCopy(input, root);
    expect(input).toEqual(snapshot);
    (value as { spec: { items: { id: string }[] } }).spec.items[0]!.id = 'changed';
    expect(input.spec.items[0]!.id).toBe('1');
  });

  it('keeps everything under x-kubernetes-preserve-unknown-fields but prunes inside declared properties', () => {
    const { value, unknownFields } = pruneCopy(
      { spec: { free: { anything: [1, { deep: true }], strict: { keep: 'k', drop: 'd' } } } },
      root,
    );
    expect(value).toEqual({ spec: { free: { anything: [1, { deep: true }], strict: { keep: 'k' } } } });
    expect(unknownFields).toEqual(['spec.free.strict.drop']);
  });

  it('keeps apiVersion, kind and metadata of embedded resources', () => {
    const { value, unknownFields } = pruneCopy(
      {
        spec: {
          template: {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { labels: { a: 'b' } },
            spec: { replicas: 1, x: 2 },
            y: 3,
          },
        },
      },
      root,
    );
    expect(value).toEqual({
      spec: {
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { a: 'b' } }, spec: { replicas: 1 } },
      },
    });
    expect(unknownFields).toEqual(['spec.template.spec.x', 'spec.template.y']);
  });

  it('drops explicit nulls of non-nullable fields without defaults, silently', () => {
    const { value, unknownFields } = pruneCopy(
      { spec: { name: null, nullableName: null, defaulted: null } },
      root,
    );
    expect(value).toEqual({ spec: { nullableName: null, defaulted: null } });
    expect(unknownFields).toEqual([]);
  });
});
