/**
 * KubeObjectProtectionSpec: how Ramen captures (and later restores) the Kubernetes objects of an application
 * besides its PVCs, optionally driven by a Recipe. The DRPC carries it and the hub copies it into every VRG.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Duration, type KubeSchemaOptions, LabelSelector, List, MapOf } from '../schema/index.js';

/** A reference to the Recipe describing the application's capture and recovery workflow. */
export function RecipeRef(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      name: Type.Optional(Type.String({ description: 'Recipe name.' })),
      namespace: Type.Optional(
        Type.String({ description: 'Recipe namespace; the application namespace if empty.' }),
      ),
    },
    options,
  );
}

/** Kube object protection settings of a DRPC or VRG. */
export function KubeObjectProtectionSpec(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      captureInterval: Type.Optional(
        Duration({ description: 'How often objects are captured; Ramen uses 5m when unset.' }),
      ),
      kubeObjectSelector: Type.Optional(
        LabelSelector({ description: 'Selects the objects to capture when no Recipe is given.' }),
      ),
      recipeParameters: Type.Optional(
        MapOf(List(Type.String()), { description: 'Values substituted into the Recipe, by parameter name.' }),
      ),
      recipeRef: Type.Optional(RecipeRef({ description: 'The Recipe to follow, if any.' })),
    },
    options,
  );
}
/** Kube object protection settings as the TypeScript code sees them. */
export type KubeObjectProtectionSpec = Static<ReturnType<typeof KubeObjectProtectionSpec>>;
