/**
 * corev1.VolumeResourceRequirements: the `resources` of a PersistentVolumeClaim spec. Ramen records it for every
 * protected PVC so that the peer cluster can recreate the claim with the same size.
 */
import { type Static, Type } from '@sinclair/typebox';
import type { KubeSchemaOptions } from './builders.js';
import { ResourceList } from './core.js';

/** The storage a claim asks for (`requests`) and may grow to (`limits`). */
export function VolumeResourceRequirements(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      limits: Type.Optional(ResourceList({ description: 'The most of each resource the claim may use.' })),
      requests: Type.Optional(ResourceList({ description: 'The least of each resource the claim needs.' })),
    },
    options,
  );
}
/** Volume resource requirements as the TypeScript code sees them. */
export type VolumeResourceRequirements = Static<ReturnType<typeof VolumeResourceRequirements>>;
