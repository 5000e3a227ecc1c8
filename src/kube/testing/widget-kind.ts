/**
 * Test support: a small namespaced custom kind with a spec, a status subresource and conditions, declared the way
 * the product declares its kinds. Client and runtime tests install it into the embedded API server.
 */
import { Type } from '@sinclair/typebox';
import { Conditions, defineKind, Int64, type KindObject } from '../../api/index.js';

/** A test kind: `spec.size` and `spec.color` drive what a sample reconciler writes. */
export const WidgetKind = defineKind({
  group: 'test.ramendr.io',
  version: 'v1',
  kind: 'Widget',
  plural: 'widgets',
  scope: 'Namespaced',
  description: 'A test object for client and runtime tests.',
  properties: {
    spec: Type.Object({
      size: Type.Integer({ minimum: 0, maximum: 1000, description: 'How big.' }),
      color: Type.Optional(Type.String({ description: 'Which color.' })),
    }),
    status: Type.Optional(
      Type.Object({
        observedGeneration: Type.Optional(Int64({ description: 'The generation last reconciled.' })),
        configMap: Type.Optional(Type.String({ description: 'The ConfigMap written for the widget.' })),
        conditions: Type.Optional(Conditions()),
      }),
    ),
  },
});

/** A Widget object. */
export type Widget = KindObject<typeof WidgetKind>;

/** A Widget with the given name, namespace and spec. */
export function widget(namespace: string, name: string, size: number, color?: string): Widget {
  return {
    apiVersion: WidgetKind.apiVersion,
    kind: WidgetKind.kind,
    metadata: { namespace, name },
    spec: color === undefined ? { size } : { size, color },
  };
}
