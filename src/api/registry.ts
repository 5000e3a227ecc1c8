/** Every kind the product declares: Ramen's own and the external ones it reads or writes. */
import { externalKinds } from './external/index.js';
import { ramenKinds } from './ramen/index.js';
import type { KindDefinition } from './schema/index.js';

/** All declared kinds. */
export const allKinds: readonly KindDefinition[] = [...ramenKinds, ...externalKinds];

/** Finds a declared kind by apiVersion and kind. */
export function findKind(apiVersion: string, kind: string): KindDefinition | undefined {
  return allKinds.find((k) => k.kind === kind && k.versions.some((v) => `${k.group}/${v}` === apiVersion));
}
