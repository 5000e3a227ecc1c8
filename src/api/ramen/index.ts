/** Ramen's own kinds (`ramendr.openshift.io/v1alpha1`) and the RamenConfig document. */
import type { KindDefinition } from '../schema/index.js';
import { DRPolicyKind } from './drpolicy.js';

export * from './drpolicy.js';
export * from './group.js';
export * from './peer-class.js';

/** Every Ramen CRD kind, in the order `npm run generate` writes them. */
export const ramenKinds: readonly KindDefinition[] = [DRPolicyKind];
