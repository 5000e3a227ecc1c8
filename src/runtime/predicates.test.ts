import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/index.js';
import type { ObjectEvent, UpdateEvent } from './object-event.js';
import {
  and,
  annotationChanged,
  generationChanged,
  labelChanged,
  labelSelectorPredicate,
  not,
  or,
  passes,
  resourceVersionChanged,
} from './predicates.js';

function obj(meta: Partial<KubeObject['metadata']>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n', ...meta } };
}

function update(old: KubeObject, now: KubeObject): UpdateEvent {
  return { type: 'update', cluster: 'c', oldObject: old, object: now };
}

const created: ObjectEvent = { type: 'create', cluster: 'c', object: obj({}), isInInitialList: false };
const deleted: ObjectEvent = { type: 'delete', cluster: 'c', object: obj({}), finalStateUnknown: false };

describe('predicates', () => {
  it('generationChanged passes spec changes only, and every create and delete', () => {
    expect(passes([generationChanged], update(obj({ generation: 1 }), obj({ generation: 2 })))).toBe(true);
    expect(
      passes(
        [generationChanged],
        update(obj({ generation: 2, resourceVersion: '1' }), obj({ generation: 2 })),
      ),
    ).toBe(false);
    expect(passes([generationChanged], created)).toBe(true);
    expect(passes([generationChanged], deleted)).toBe(true);
  });

  it('labelChanged and annotationChanged compare the maps, not their order', () => {
    expect(
      passes(
        [labelChanged],
        update(obj({ labels: { a: '1', b: '2' } }), obj({ labels: { b: '2', a: '1' } })),
      ),
    ).toBe(false);
    expect(passes([labelChanged], update(obj({ labels: { a: '1' } }), obj({ labels: { a: '2' } })))).toBe(
      true,
    );
    expect(passes([labelChanged], update(obj({}), obj({ labels: { a: '1' } })))).toBe(true);
    expect(passes([annotationChanged], update(obj({ annotations: { a: '1' } }), obj({})))).toBe(true);
    expect(passes([annotationChanged], update(obj({ labels: { a: '1' } }), obj({})))).toBe(false);
  });

  it('resourceVersionChanged drops resyncs', () => {
    const same = obj({ resourceVersion: '5' });
    expect(passes([resourceVersionChanged], update(same, same))).toBe(false);
    expect(passes([resourceVersionChanged], update(same, obj({ resourceVersion: '6' })))).toBe(true);
  });

  it('labelSelectorPredicate filters every event type on the (new) object', () => {
    const gold = labelSelectorPredicate({ matchLabels: { tier: 'gold' } });
    expect(passes([gold], { ...created, object: obj({ labels: { tier: 'gold' } }) })).toBe(true);
    expect(passes([gold], created)).toBe(false);
    expect(passes([gold], update(obj({ labels: { tier: 'gold' } }), obj({})))).toBe(false);
  });

  it('combines with and, or and not', () => {
    const bumped = update(obj({ generation: 1 }), obj({ generation: 2 }));
    const relabelled = update(obj({ generation: 1 }), obj({ generation: 1, labels: { a: 'b' } }));
    expect(passes([or(generationChanged, labelChanged)], relabelled)).toBe(true);
    expect(passes([and(generationChanged, labelChanged)], relabelled)).toBe(false);
    expect(passes([not(generationChanged)], bumped)).toBe(false);
    expect(passes([generationChanged, labelChanged], bumped)).toBe(false);
  });
});
