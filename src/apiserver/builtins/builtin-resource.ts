/**
 * The descriptor of a built-in kind the embedded API server hosts. A real API server knows each built-in kind through
 * Go code scattered over its registry (a REST storage, a strategy, defaulters, validators, a table convertor, field
 * label conversions, struct tags for strategic merge); here one `BuiltinResource` value gathers all of it so that the
 * registry, the HTTP layer and the patch engine treat every built-in kind alike.
 */

import type { FieldError, KindDefinition, ObjectMeta } from '../../api/index.js';
import type { PatchMeta } from './patch-meta.js';

/** An API verb as discovery lists it. */
export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

/** Any Kubernetes object as plain JSON; the hooks of a descriptor narrow it to their kind's type. */
export interface BuiltinObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** The subresources the built-in kinds serve. */
export type SubresourceName = 'status' | 'scale' | 'log' | 'finalize';

/** One subresource of a kind, as discovery lists it and as writes through it behave. */
export interface BuiltinSubresource {
  readonly name: SubresourceName;
  readonly verbs: readonly Verb[];
  /** The kind served at the subresource when it differs from the parent's (`autoscaling/v1` `Scale`). */
  readonly responseKind?: { readonly group: string; readonly version: string; readonly kind: string };
  /**
   * The dotted paths a write through this subresource may change (`status`, `spec.finalizers`). Writes to the main
   * resource keep these from the stored object; writes here keep everything else from it.
   */
  readonly owns?: readonly string[];
}

/** How the `scale` subresource maps onto the object (apps/v1 kinds compute the selector from `spec.selector`). */
export interface ScaleBinding {
  /** Dotted path of the desired replica count. */
  readonly specReplicasPath: string;
  /** Dotted path of the observed replica count. */
  readonly statusReplicasPath: string;
  /** The `status.selector` string of the `Scale` (a label selector in query syntax). */
  selector(object: BuiltinObject): string;
}

/** When `metadata.generation` is tracked and what bumps it (§6.3): set to 1 on create, +1 when a watched path changes. */
export interface GenerationRule {
  /** Dotted paths compared between the old and new object, e.g. `spec` or `metadata.annotations`. */
  readonly watched: readonly string[];
}

/** A cell of a Table row, already formatted as kubectl prints it. */
export type TableCell = string | number | boolean | null;

/** What a printer needs besides the object: the clock and apimachinery's HumanDuration (owned by the wire layer). */
export interface PrinterContext {
  readonly now: Date;
  /** `HumanDuration` of a span in milliseconds (`5m3s`, `2d3h`). */
  humanDuration(milliseconds: number): string;
}

/** A Table column of a built-in kind, matching kubectl's human printers. */
export interface BuiltinPrinterColumn<T extends BuiltinObject = BuiltinObject> {
  /** The column title as the server sends it (`Name`, `Ready`, `Up-to-date`); kubectl upper-cases it. */
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /** `name` for the object-name column, else empty. */
  readonly format: string;
  readonly description: string;
  /** 0: always shown; 1: only with `-o wide`. */
  readonly priority: 0 | 1;
  /** The formatted cell for one object. */
  cell(object: T, context: PrinterContext): TableCell;
}

/** A `metav1.TableRowCondition` (kubectl hides completed pods with `--show-all=false` style filters). */
export interface TableRowCondition {
  readonly type: 'Completed';
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly message?: string;
}

/** A field label a field selector may use (`spec.nodeName`) and how to read it from an object. */
export interface FieldSelectorField<T extends BuiltinObject = BuiltinObject> {
  readonly label: string;
  /** The value the selector compares with; Go's field sets hold strings, `""` when unset. */
  value(object: T): string;
}

/** How an object's name is validated (apimachinery `ValidateNameFunc`s). */
export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label' | 'path-segment' | 'none';

/** Inputs of the hooks that stamp times (PV phase transitions). */
export interface HookContext {
  readonly now: Date;
}

/**
 * Where a kind served in one group-version is stored when it shares storage with another (events.k8s.io/v1 Event is
 * stored as a core/v1 Event and converted on the way in and out).
 */
export interface StorageBinding<T extends BuiltinObject = BuiltinObject> {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  /** This kind's object as the storage kind's object. */
  toStorage(object: T): BuiltinObject;
  /** A stored object as this kind's object. */
  fromStorage(object: BuiltinObject): T;
}

/** Everything the embedded API server knows about one built-in kind. */
export interface BuiltinResource<T extends BuiltinObject = BuiltinObject> {
  /** The API group; empty for the core group. */
  readonly group: string;
  readonly version: string;
  /** `v1` or `group/version`. */
  readonly apiVersion: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly verbs: readonly Verb[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly subresources: readonly BuiltinSubresource[];
  /** The structural schema (TypeBox body, plain `openAPIV3Schema`) that types, prunes and publishes the kind. */
  readonly definition: KindDefinition;
  readonly nameRule: NameRule;
  /** Whether a PUT without `metadata.resourceVersion` is accepted (false for Lease, CRD, VolumeAttachment). */
  readonly allowUnconditionalUpdate: boolean;
  /** Whether a PUT to a missing object creates it (true for Event, Lease, Service). */
  readonly allowCreateOnUpdate: boolean;
  /** False for review kinds (SelfSubjectAccessReview): a create answers and stores nothing. */
  readonly persisted: boolean;
  /**
   * Whether a delete that removes the object at once answers with the deleted object rather than a Success Status
   * (the REST storage's `ReturnDeletedObject`: pods, namespaces, services, volumes, claims, storage classes).
   */
  readonly returnsDeletedObject: boolean;
  /** Present when `metadata.generation` is tracked. */
  readonly generation?: GenerationRule;
  readonly scale?: ScaleBinding;
  /** Present when the objects live in another kind's storage. */
  readonly storage?: StorageBinding<T>;
  /** Objects expire this long after their last write (events: `--event-ttl`, 1 h by default). */
  readonly ttlSeconds?: number;
  readonly printerColumns: readonly BuiltinPrinterColumn<T>[];
  /** Field selectors beyond `metadata.name` and `metadata.namespace`. */
  readonly fieldSelectors: readonly FieldSelectorField<T>[];
  /** Strategic-merge list keys and strategies, from the object root. */
  readonly patchMeta: PatchMeta;
  /**
   * The API server's defaulting (`SetDefaults_*` and decode-time conversions such as Secret `stringData`). Runs on
   * every decoded write and on objects read back; mutates in place.
   */
  defaults?(object: T): void;
  /** Strategy `PrepareForCreate` plus admission (status reset, finalizers, service account); mutates in place. */
  prepareForCreate?(object: T, context: HookContext): void;
  /** Strategy `PrepareForUpdate` beyond the generic subresource rules; mutates `object` in place. */
  prepareForUpdate?(object: T, old: T, context: HookContext): void;
  /** Status-subresource `PrepareForUpdate` beyond the generic rules; mutates `object` in place. */
  prepareForStatusUpdate?(object: T, old: T, context: HookContext): void;
  /** Create validation (`ValidateX`) except the generic ObjectMeta checks, which `nameRule` and the registry own. */
  validate?(object: T): FieldError[];
  /** Update validation (`ValidateXUpdate`), run instead of `validate`. */
  validateUpdate?(object: T, old: T): FieldError[];
  /** Strategy `Canonicalize`: after validation, before storage (Namespace re-stamps its name label). */
  canonicalize?(object: T): void;
  /**
   * Decode-time checks that make a real server answer 400 rather than 422 (invalid base64 in `[]byte` fields,
   * `MicroTime` without six fractional digits). Returns the decoder's message, which the registry wraps as
   * `<Kind> in version "<v>" cannot be handled as a <Kind>: <message>`.
   */
  decodeError?(object: T): string | undefined;
  /** Table row conditions (pods that succeeded or failed are `Completed`). */
  rowConditions?(object: T): TableRowCondition[];
}
