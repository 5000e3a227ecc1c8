/**
 * What the write pipeline needs to know about one served kind, whether built in or defined by a CRD: the
 * Kubernetes "strategy" (decode, prepare, validate, canonicalize, generation) plus storage conversion and the
 * shape facts the generic rules depend on (scope, name rule, subresources, unconditional updates). The pipeline
 * applies the generic rules (metadata, optimistic concurrency, finalizers, status carry-over) itself and asks the
 * strategy only for what differs per kind.
 */
import type { FieldError } from '../../api/index.js';
import type { NameRule } from '../builtins/index.js';
import type { KubeObject, ResourceKey } from '../store/index.js';
import type { Subresource } from './contract.js';

/** Inputs of hooks that depend on the clock. */
export interface StrategyContext {
  readonly now: Date;
}

/** A request body after decoding: pruned to the schema and defaulted, with the fields that were dropped. */
export interface DecodedBody {
  object: KubeObject;
  /** Paths of dropped unknown fields (`spec.foo`, `metadata.bar`), for `fieldValidation`. */
  unknownFields: string[];
}

/** How the `scale` subresource maps onto objects of a kind. */
export interface ScaleMapping {
  /** Dotted path of the desired replicas (a leading dot is allowed, as CRDs write it). */
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  /** The `status.selector` of the Scale, if the kind has one. */
  selector(object: KubeObject): string | undefined;
}

/** Reads a field-selector label from a stored object. */
export type FieldLabelReader = (object: KubeObject, label: string) => string;

/** Strategic-merge and server-side-apply facts of a kind (opaque to the registry; handed to the patch engine). */
export interface PatchFacts {
  /** Present for built-in kinds, which accept strategic merge patches. */
  readonly strategic?: unknown;
  /** The list/map structure server-side apply merges with. */
  readonly structure?: unknown;
}

/** The per-kind behaviour of one served group/version/kind. */
export interface KindStrategy {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** `v1` or `group/version`. */
  readonly apiVersion: string;
  /** Where objects live in the store (shared by every served version). */
  readonly storage: ResourceKey;
  readonly custom: boolean;
  readonly namespaced: boolean;
  readonly nameRule: NameRule;
  /** Whether a PUT without `metadata.resourceVersion` is accepted. */
  readonly allowUnconditionalUpdate: boolean;
  /** Whether a PUT to a missing object creates it. */
  readonly allowCreateOnUpdate: boolean;
  /** False for kinds that answer a create without storing anything. */
  readonly persisted: boolean;
  /** Whether a final delete answers with the object (else a `Status` of kind Success). */
  readonly returnsDeletedObject: boolean;
  /** Whether `metadata.generation` is maintained. */
  readonly tracksGeneration: boolean;
  /**
   * The dotted paths each writable subresource other than `scale` owns (`status` → `['status']`, `finalize` →
   * `['spec.finalizers']`): writes through it change only these; writes to the main resource never change them.
   */
  readonly subresourcePaths: ReadonlyMap<Subresource, readonly string[]>;
  readonly scale?: ScaleMapping;
  /** Objects expire this long after their last write (events); undefined: they never expire. */
  readonly ttlSeconds?: number;
  /** Field-selector labels beyond `metadata.name` and `metadata.namespace`. */
  readonly fieldLabels: readonly string[];
  /** Reads field-selector labels, when some are not plain paths into the stored object. */
  readonly fieldLabelReader?: FieldLabelReader;
  readonly patch: PatchFacts;

  /**
   * Decodes a request body (already carrying this kind's apiVersion and kind): decode-time checks that answer 400,
   * pruning to the schema and defaulting.
   * @throws StatusError 400 for bodies a real server cannot decode
   */
  decode(body: KubeObject): DecodedBody;
  /** Strategy `PrepareForCreate`: status reset, server-added finalizers, …; mutates in place. */
  prepareForCreate(object: KubeObject, context: StrategyContext): void;
  /** Strategy `PrepareForUpdate` on the main resource, after the generic carry-over; mutates in place. */
  prepareForUpdate(object: KubeObject, old: KubeObject, context: StrategyContext): void;
  /** `PrepareForUpdate` of a subresource, after the generic carry-over; mutates in place. */
  prepareForSubresourceUpdate(
    subresource: Subresource,
    object: KubeObject,
    old: KubeObject,
    context: StrategyContext,
  ): void;
  /** Whether an update changes what `generation` counts. */
  generationChanged(object: KubeObject, old: KubeObject): boolean;
  /** Kind-specific validation (schema and CEL for CRs; `ValidateX`/`ValidateXUpdate` for built-ins). */
  validate(object: KubeObject, old?: KubeObject): FieldError[];
  /** Strategy `Canonicalize`; mutates in place. */
  canonicalize(object: KubeObject): void;
  /** The object as stored (storage version, storage kind). */
  toStorage(object: KubeObject): KubeObject;
  /** A stored object as this version serves it: converted, defaulted on read, with apiVersion and kind. */
  fromStorage(stored: KubeObject): KubeObject;
}
