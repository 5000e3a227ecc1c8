/**
 * The strategy of a custom resource served from one CRD version (apiextensions-apiserver's `customResourceStrategy`
 * and `statusStrategy`): prune and default with the version's structural schema, validate with its OpenAPI and CEL
 * rules, drop `status` on create and keep it on main-resource writes when the status subresource is on, count
 * generation over everything but metadata (and status), and serve every version from one storage version by
 * rewriting `apiVersion` (conversion strategy None).
 */

import { type CompiledSchema, type FieldError, invalidError, jsonEqual, pruneCopy } from '../../api/index.js';
import type { KubeObject } from '../store/index.js';
import type { Subresource } from './contract.js';
import { getPath, withoutFields } from './json-paths.js';
import type { DecodedBody, KindStrategy, PatchFacts, ScaleMapping } from './kind-strategy.js';
import { presentObject } from './object-metadata.js';

const MAX_INT32 = 2_147_483_647;

/** The CRD `subresources.scale` of a version. */
export interface CustomScale {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath?: string;
}

/** Everything a custom resource strategy is built from. */
export interface CustomStrategyOptions {
  readonly group: string;
  /** The served version. */
  readonly version: string;
  readonly storageVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly schema: CompiledSchema;
  readonly statusSubresource: boolean;
  readonly scale?: CustomScale;
  /** The list/map structure for server-side apply, derived from the schema by the caller. */
  readonly structure?: unknown;
}

/** `ValidateScaleSpec`/`ValidateScaleStatus`: a replica count that is present must be an int32 ≥ 0. */
function replicaErrors(object: KubeObject, path: string): FieldError[] {
  const value = getPath(object, path);
  if (value === undefined) return [];
  const field = path.startsWith('.') ? path.slice(1) : path;
  if (typeof value !== 'number' || !Number.isInteger(value))
    return [invalidError(field, value, 'should be an integer')];
  if (value < 0) return [invalidError(field, value, 'should be a non-negative integer')];
  if (value > MAX_INT32) return [invalidError(field, value, `should be less than or equal to ${MAX_INT32}`)];
  return [];
}

/** The strategy of one served version of a CRD. */
export class CustomResourceStrategy implements KindStrategy {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly storage;
  readonly custom = true;
  readonly namespaced: boolean;
  readonly nameRule = 'dns1123-subdomain' as const;
  readonly allowUnconditionalUpdate = false;
  readonly allowCreateOnUpdate = false;
  readonly persisted = true;
  readonly returnsDeletedObject = false;
  readonly tracksGeneration = true;
  readonly subresourcePaths: ReadonlyMap<Subresource, readonly string[]>;
  readonly scale: ScaleMapping | undefined;
  readonly fieldLabels: readonly string[] = [];
  readonly patch: PatchFacts;
  readonly #schema: CompiledSchema;
  readonly #storageApiVersion: string;
  readonly #statusSubresource: boolean;
  readonly #scale: CustomScale | undefined;

  constructor(options: CustomStrategyOptions) {
    this.group = options.group;
    this.version = options.version;
    this.kind = options.kind;
    this.apiVersion = `${options.group}/${options.version}`;
    this.storage = { group: options.group, resource: options.plural };
    this.namespaced = options.namespaced;
    this.#schema = options.schema;
    this.#storageApiVersion = `${options.group}/${options.storageVersion}`;
    this.#statusSubresource = options.statusSubresource;
    this.#scale = options.scale;
    this.subresourcePaths = new Map(options.statusSubresource ? [['status', ['status']]] : []);
    this.scale = options.scale && scaleMapping(options.scale);
    this.patch = { structure: options.structure };
  }

  decode(body: KubeObject): DecodedBody {
    const pruned = pruneCopy(body, this.#schema.root);
    return {
      object: this.#schema.applyDefaults(pruned.value as KubeObject),
      unknownFields: pruned.unknownFields,
    };
  }

  prepareForCreate(object: KubeObject): void {
    if (this.#statusSubresource) delete object.status;
  }

  prepareForUpdate(): void {}

  prepareForSubresourceUpdate(): void {}

  generationChanged(object: KubeObject, old: KubeObject): boolean {
    const ignored = this.#statusSubresource ? ['metadata', 'status'] : ['metadata'];
    return !jsonEqual(withoutFields(object, ignored), withoutFields(old, ignored));
  }

  validate(object: KubeObject, old?: KubeObject): FieldError[] {
    const errors = this.#schema.validate(
      object,
      old === undefined ? undefined : this.#schema.applyDefaults(old),
    );
    if (this.#scale !== undefined) {
      errors.push(...replicaErrors(object, this.#scale.specReplicasPath));
      errors.push(...replicaErrors(object, this.#scale.statusReplicasPath));
    }
    return errors;
  }

  canonicalize(): void {}

  toStorage(object: KubeObject): KubeObject {
    return { ...object, apiVersion: this.#storageApiVersion, kind: this.kind };
  }

  fromStorage(stored: KubeObject): KubeObject {
    return presentObject(this.apiVersion, this.kind, this.#schema.applyDefaults(stored));
  }
}

function scaleMapping(scale: CustomScale): ScaleMapping {
  return {
    specReplicasPath: scale.specReplicasPath,
    statusReplicasPath: scale.statusReplicasPath,
    selector(object) {
      if (scale.labelSelectorPath === undefined) return undefined;
      const value = getPath(object, scale.labelSelectorPath);
      return typeof value === 'string' ? value : undefined;
    },
  };
}
