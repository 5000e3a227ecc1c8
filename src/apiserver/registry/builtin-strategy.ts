/**
 * The strategy of a built-in kind: an adapter from a `BuiltinResource` descriptor (builtins/) to the
 * `KindStrategy` the write pipeline speaks. Decoding prunes with the kind's schema (so `fieldValidation` sees
 * unknown fields as a typed Go decoder would drop them), refuses values of the wrong JSON type with 400 as the Go
 * decoder does, and applies the kind's defaulting; the other hooks delegate to the descriptor.
 */
import {
  type CompiledSchema,
  compileSchema,
  type FieldError,
  jsonEqual,
  pruneCopy,
  renderFieldError,
} from '../../api/index.js';
import type { BuiltinObject, BuiltinResource, HookContext } from '../builtins/index.js';
import { structureFromPatchMeta } from '../patch/index.js';
import { type KubeObject, resolveFieldPath } from '../store/index.js';
import type { Subresource } from './contract.js';
import { getPath } from './json-paths.js';
import type { DecodedBody, FieldLabelReader, KindStrategy, ScaleMapping } from './kind-strategy.js';
import { presentObject } from './object-metadata.js';
import { undecodable } from './status-errors.js';

/** The strategy of one built-in kind. */
export class BuiltinStrategy implements KindStrategy {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly storage;
  readonly custom = false;
  readonly namespaced: boolean;
  readonly nameRule;
  readonly allowUnconditionalUpdate: boolean;
  readonly allowCreateOnUpdate: boolean;
  readonly persisted: boolean;
  readonly returnsDeletedObject: boolean;
  readonly tracksGeneration: boolean;
  readonly subresourcePaths: ReadonlyMap<Subresource, readonly string[]>;
  readonly scale: ScaleMapping | undefined;
  readonly ttlSeconds: number | undefined;
  readonly fieldLabels: readonly string[];
  readonly fieldLabelReader: FieldLabelReader | undefined;
  readonly patch;
  readonly #resource: BuiltinResource;
  #schema: CompiledSchema | undefined;

  constructor(resource: BuiltinResource) {
    this.#resource = resource;
    this.group = resource.group;
    this.version = resource.version;
    this.kind = resource.kind;
    this.apiVersion = resource.apiVersion;
    this.storage = resource.storage
      ? { group: resource.storage.group, resource: resource.storage.plural }
      : { group: resource.group, resource: resource.plural };
    this.namespaced = resource.namespaced;
    this.nameRule = resource.nameRule;
    this.allowUnconditionalUpdate = resource.allowUnconditionalUpdate;
    this.allowCreateOnUpdate = resource.allowCreateOnUpdate;
    this.persisted = resource.persisted;
    this.returnsDeletedObject = resource.returnsDeletedObject;
    this.tracksGeneration = resource.generation !== undefined;
    this.subresourcePaths = new Map(
      resource.subresources
        .filter((sub) => sub.name !== 'scale' && sub.owns !== undefined)
        .map((sub) => [sub.name, sub.owns ?? []]),
    );
    this.scale = resource.scale && {
      specReplicasPath: resource.scale.specReplicasPath,
      statusReplicasPath: resource.scale.statusReplicasPath,
      selector: (object) => resource.scale?.selector(this.#native(object)),
    };
    this.ttlSeconds = resource.ttlSeconds;
    this.fieldLabels = resource.fieldSelectors.map((field) => field.label);
    this.fieldLabelReader = resource.fieldSelectors.length > 0 ? this.#readFieldLabel.bind(this) : undefined;
    this.patch = { strategic: resource.patchMeta, structure: structureFromPatchMeta(resource.patchMeta) };
  }

  decode(body: KubeObject): DecodedBody {
    const resource = this.#resource;
    const problem = resource.decodeError?.(body as BuiltinObject);
    if (problem !== undefined) throw this.#decodeFailure(problem);
    const schema = this.#compiled();
    const pruned = pruneCopy(body, schema.root);
    const object = pruned.value as KubeObject;
    const typeError = schema.validate(object).find((error) => error.type === 'FieldValueTypeInvalid');
    if (typeError !== undefined) throw this.#decodeFailure(renderFieldError(typeError));
    resource.defaults?.(object as BuiltinObject);
    return { object, unknownFields: pruned.unknownFields };
  }

  prepareForCreate(object: KubeObject, context: HookContext): void {
    this.#resource.prepareForCreate?.(object as BuiltinObject, context);
  }

  prepareForUpdate(object: KubeObject, old: KubeObject, context: HookContext): void {
    this.#resource.prepareForUpdate?.(object as BuiltinObject, old as BuiltinObject, context);
  }

  prepareForSubresourceUpdate(
    subresource: Subresource,
    object: KubeObject,
    old: KubeObject,
    context: HookContext,
  ): void {
    if (subresource === 'status') {
      this.#resource.prepareForStatusUpdate?.(object as BuiltinObject, old as BuiltinObject, context);
    }
  }

  generationChanged(object: KubeObject, old: KubeObject): boolean {
    const watched = this.#resource.generation?.watched ?? [];
    return watched.some((path) => !jsonEqual(getPath(object, path), getPath(old, path)));
  }

  validate(object: KubeObject, old?: KubeObject): FieldError[] {
    const resource = this.#resource;
    if (old !== undefined && resource.validateUpdate !== undefined) {
      return resource.validateUpdate(object as BuiltinObject, old as BuiltinObject);
    }
    return resource.validate?.(object as BuiltinObject) ?? [];
  }

  canonicalize(object: KubeObject): void {
    this.#resource.canonicalize?.(object as BuiltinObject);
  }

  toStorage(object: KubeObject): KubeObject {
    const binding = this.#resource.storage;
    if (binding !== undefined) return binding.toStorage(object as BuiltinObject) as KubeObject;
    return { ...object, apiVersion: this.apiVersion, kind: this.kind };
  }

  fromStorage(stored: KubeObject): KubeObject {
    const object = this.#native(stored);
    this.#resource.defaults?.(object as BuiltinObject);
    return presentObject(this.apiVersion, this.kind, object);
  }

  /** The stored object as this kind's object (converted when stored as another kind), without defaulting. */
  #native(stored: KubeObject): KubeObject {
    const binding = this.#resource.storage;
    return binding === undefined ? stored : (binding.fromStorage(stored as BuiltinObject) as KubeObject);
  }

  #readFieldLabel(object: KubeObject, label: string): string {
    const field = this.#resource.fieldSelectors.find((candidate) => candidate.label === label);
    if (field === undefined) return resolveFieldPath(object, label);
    return field.value(this.#native(object) as BuiltinObject);
  }

  #compiled(): CompiledSchema {
    this.#schema ??= compileSchema(this.#resource.definition.openAPIV3Schema, {
      group: this.group,
      version: this.version,
      kind: this.kind,
    });
    return this.#schema;
  }

  #decodeFailure(message: string) {
    return undecodable(this, message);
  }
}
