import { describe, expect, it } from 'vitest';
import { DRPolicyKind } from '../ramen/index.js';
import type { JSONSchemaProps } from '../schema/index.js';
import { withDefaults } from './default.js';
import { compileSchemaNode } from './schema-node.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer', default: 1 },
        mode: { type: 'string', default: 'fast' },
        nested: {
          type: 'object',
          default: {},
          properties: { level: { type: 'integer', default: 3 }, on: { type: 'boolean' } },
        },
        ports: {
          type: 'array',
          items: {
            type: 'object',
            default: { name: 'unnamed' },
            properties: { name: { type: 'string' }, protocol: { type: 'string', default: 'TCP' } },
          },
        },
        limits: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { max: { type: 'integer', default: 10 } } },
        },
        tags: { type: 'array', items: { type: 'string' } },
      },
    },
  },
};
const root = compileSchemaNode(schema);

describe('withDefaults', () => {
  it('applies defaults only where the parent exists', () => {
    expect(withDefaults({}, root)).toEqual({});
    expect(withDefaults({ spec: {} }, root)).toEqual({
      spec: { replicas: 1, mode: 'fast', nested: { level: 3 } },
    });
  });

  it('does not override values that are set', () => {
    expect(withDefaults({ spec: { replicas: 5, nested: { level: 0 } } }, root)).toEqual({
      spec: { replicas: 5, mode: 'fast', nested: { level: 0 } },
    });
  });

  it('defaults inside list items and map values, and replaces null items that have a default', () => {
    const out = withDefaults(
      { spec: { ports: [{ name: 'http' }, null], limits: { cpu: {}, mem: { max: 2 } } } },
      root,
    );
    expect(out).toEqual({
      spec: {
        replicas: 1,
        mode: 'fast',
        nested: { level: 3 },
        ports: [
          { name: 'http', protocol: 'TCP' },
          { name: 'unnamed', protocol: 'TCP' },
        ],
        limits: { cpu: { max: 10 }, mem: { max: 2 } },
      },
    });
  });

  it('replaces an explicit null of a non-nullable field that has a default', () => {
    expect(withDefaults({ spec: { replicas: null, mode: 'slow', nested: { level: 1 } } }, root)).toEqual({
      spec: { replicas: 1, mode: 'slow', nested: { level: 1 } },
    });
  });

  it('never modifies its input and returns it as is when nothing applies', () => {
    const complete = { spec: { replicas: 2, mode: 'm', nested: { level: 1 }, tags: ['a'] } };
    expect(withDefaults(complete, root)).toBe(complete);
    const partial = { spec: { tags: ['a'], nested: { on: true } } };
    const snapshot = structuredClone(partial);
    const out = withDefaults(partial, root) as typeof partial;
    expect(partial).toEqual(snapshot);
    expect(out.spec.tags).toBe(partial.spec.tags);
  });

  it('copies default values so objects never share them', () => {
    const a = withDefaults({ spec: {} }, root) as { spec: { nested: { level: number } } };
    a.spec.nested.level = 99;
    const b = withDefaults({ spec: {} }, root) as { spec: { nested: { level: number } } };
    expect(b.spec.nested.level).toBe(3);
  });

  it('gives a DRPolicy its empty replicationClassSelector and volumeSnapshotClassSelector', () => {
    const drpolicyRoot = compileSchemaNode(DRPolicyKind.openAPIV3Schema);
    const policy = { spec: { drClusters: ['a', 'b'], schedulingInterval: '5m' } };
    expect(withDefaults(policy, drpolicyRoot)).toEqual({
      spec: {
        drClusters: ['a', 'b'],
        schedulingInterval: '5m',
        replicationClassSelector: {},
        volumeSnapshotClassSelector: {},
      },
    });
    const withSelector = { spec: { ...policy.spec, replicationClassSelector: { matchLabels: { a: 'b' } } } };
    expect(
      (withDefaults(withSelector, drpolicyRoot) as typeof withSelector).spec.replicationClassSelector,
    ).toEqual({
      matchLabels: { a: 'b' },
    });
  });
});
