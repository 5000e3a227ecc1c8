/**
 * The ObjectMeta rules every kind shares (kube-api.md §6): the fields the server sets on create (uid,
 * creationTimestamp, a name from `generateName`), the fields an update cannot change (taken from the stored object),
 * and `ValidateObjectMeta`/`ValidateObjectMetaUpdate` — names, labels, annotations, owner references and finalizers —
 * with apimachinery's messages.
 */
import { randomInt, randomUUID } from 'node:crypto';
import {
  type FieldError,
  forbiddenError,
  GoLiteral,
  goQuote,
  invalidError,
  type ObjectMeta,
  type OwnerReference,
} from '../../api/index.js';
import {
  finalizerNameErrors,
  isQualifiedName,
  labelsErrors,
  type NameRule,
  objectMetaNameErrors,
} from '../builtins/index.js';
import type { KubeObject } from '../store/index.js';
import { formatTime } from '../wire/index.js';

/** The alphabet of generated name suffixes (apiserver `utilrand.String`: no vowels, no confusable digits). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SUFFIX_LENGTH = 5;
/** `names.MaxGeneratedNameLength`: the prefix is cut so that prefix plus suffix fit a DNS label. */
const MAX_GENERATED_PREFIX_LENGTH = 63 - SUFFIX_LENGTH;
/** `TotalAnnotationSizeLimitB`. */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** The finalizer asking the garbage collector to orphan dependents before the owner goes. */
export const ORPHAN_FINALIZER = 'orphan';
/** The finalizer asking the garbage collector to delete dependents before the owner goes. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** `SimpleNameGenerator.GenerateName`: the prefix (cut to fit) plus five random characters. */
export function generateName(prefix: string): string {
  const base =
    prefix.length > MAX_GENERATED_PREFIX_LENGTH ? prefix.slice(0, MAX_GENERATED_PREFIX_LENGTH) : prefix;
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return base + suffix;
}

/**
 * `rest.FillObjectMetaSystemFields` plus the rest of `BeforeCreate`'s metadata handling: a fresh uid and
 * creationTimestamp, no deletion fields and no resourceVersion (the store assigns it).
 */
export function fillCreateMetadata(metadata: ObjectMeta, now: Date): void {
  metadata.uid = randomUUID();
  metadata.creationTimestamp = formatTime(now);
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  delete metadata.resourceVersion;
  delete (metadata as Record<string, unknown>).selfLink;
}

/**
 * What an update cannot change (§6.5): identity, timestamps, deletion state and generation come from the stored
 * object whatever the body says. `generation` is recomputed by the caller.
 */
export function carryImmutableMetadata(metadata: ObjectMeta, stored: ObjectMeta): void {
  copyField(metadata, stored, 'uid');
  copyField(metadata, stored, 'creationTimestamp');
  copyField(metadata, stored, 'deletionTimestamp');
  copyField(metadata, stored, 'deletionGracePeriodSeconds');
  copyField(metadata, stored, 'generation');
  delete (metadata as Record<string, unknown>).selfLink;
}

function copyField<K extends keyof ObjectMeta>(target: ObjectMeta, source: ObjectMeta, key: K): void {
  if (source[key] === undefined) delete target[key];
  else target[key] = source[key];
}

/** How the name of a kind is checked, and whether it lives in a namespace. */
export interface MetadataRules {
  readonly nameRule: NameRule;
  readonly namespaced: boolean;
}

/** `ValidateObjectMeta`: the checks of a create. */
export function validateObjectMeta(metadata: ObjectMeta, rules: MetadataRules): FieldError[] {
  return [...objectMetaNameErrors(rules.nameRule, rules.namespaced, metadata), ...commonMetaErrors(metadata)];
}

/** `ValidateObjectMetaUpdate`: the checks of an update (the name is fixed by the URL, so it is not re-checked). */
export function validateObjectMetaUpdate(metadata: ObjectMeta, stored: ObjectMeta): FieldError[] {
  const errors = commonMetaErrors(metadata);
  if (stored.deletionTimestamp !== undefined) errors.push(...noNewFinalizers(metadata, stored));
  return errors;
}

function commonMetaErrors(metadata: ObjectMeta): FieldError[] {
  return [
    ...labelsErrors('metadata.labels', metadata.labels),
    ...annotationErrors(metadata.annotations),
    ...ownerReferenceErrors(metadata.ownerReferences),
    ...finalizerErrors(metadata.finalizers),
  ];
}

/** `ValidateAnnotations`: qualified-name keys (checked lower-cased) and a total size limit. */
function annotationErrors(annotations: Readonly<Record<string, string>> | undefined): FieldError[] {
  const errors: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const message of isQualifiedName(key.toLowerCase())) {
      errors.push(invalidError('metadata.annotations', key, message));
    }
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errors.push({
      type: 'FieldValueTooLong',
      field: 'metadata.annotations',
      detail: `may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`,
    });
  }
  return errors;
}

/** `ValidateOwnerReferences`: every reference complete, at most one controller. */
function ownerReferenceErrors(references: readonly OwnerReference[] | undefined): FieldError[] {
  const errors: FieldError[] = [];
  let controller: string | undefined;
  (references ?? []).forEach((reference, index) => {
    const at = `metadata.ownerReferences[${index}]`;
    const version = (reference.apiVersion ?? '').split('/').pop() ?? '';
    if (version === '')
      errors.push(invalidError(`${at}.apiVersion`, reference.apiVersion ?? '', 'version must not be empty'));
    if (!reference.kind) errors.push(invalidError(`${at}.kind`, reference.kind ?? '', 'must not be empty'));
    if (!reference.name) errors.push(invalidError(`${at}.name`, reference.name ?? '', 'must not be empty'));
    if (!reference.uid) errors.push(invalidError(`${at}.uid`, reference.uid ?? '', 'must not be empty'));
    if (reference.controller !== true) return;
    const id = `${reference.kind}/${reference.name}`;
    if (controller === undefined) controller = id;
    else {
      errors.push(
        invalidError(
          'metadata.ownerReferences',
          new GoLiteral(goOwnerReferences(references ?? [])),
          `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${id}`,
        ),
      );
    }
  });
  return errors;
}

function goOwnerReferences(references: readonly OwnerReference[]): string {
  const items = references.map(
    (r) =>
      `v1.OwnerReference{APIVersion:${goQuote(r.apiVersion ?? '')}, Kind:${goQuote(r.kind ?? '')}, ` +
      `Name:${goQuote(r.name ?? '')}, UID:${goQuote(r.uid ?? '')}, Controller:${goBoolPointer(r.controller)}, ` +
      `BlockOwnerDeletion:${goBoolPointer(r.blockOwnerDeletion)}}`,
  );
  return `[]v1.OwnerReference{${items.join(', ')}}`;
}

function goBoolPointer(value: boolean | undefined): string {
  return value === undefined ? '(*bool)(nil)' : `(*bool)(${value})`;
}

/** `ValidateFinalizers`: qualified names, and not both orphan and foreground deletion. */
function finalizerErrors(finalizers: readonly string[] | undefined): FieldError[] {
  const list = finalizers ?? [];
  const errors = list.flatMap((finalizer, index) =>
    finalizerNameErrors(`metadata.finalizers[${index}]`, finalizer),
  );
  if (list.includes(ORPHAN_FINALIZER) && list.includes(FOREGROUND_FINALIZER)) {
    errors.push(
      invalidError(
        'metadata.finalizers',
        new GoLiteral(`[]string{${list.map(goQuote).join(', ')}}`),
        `finalizer ${ORPHAN_FINALIZER} and ${FOREGROUND_FINALIZER} cannot be both set`,
      ),
    );
  }
  return errors;
}

/** `ValidateNoNewFinalizers`: an object being deleted may lose finalizers but not gain any. */
function noNewFinalizers(metadata: ObjectMeta, stored: ObjectMeta): FieldError[] {
  const old = new Set(stored.finalizers ?? []);
  const extra = [...new Set((metadata.finalizers ?? []).filter((f) => !old.has(f)))].sort();
  if (extra.length === 0) return [];
  return [
    forbiddenError(
      'metadata.finalizers',
      `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra
        .map(goQuote)
        .join(', ')}}`,
    ),
  ];
}

/** ObjectMeta's fields in the order the Go struct serializes them; anything else under `metadata` is unknown. */
const OBJECT_META_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
] as const satisfies readonly (keyof ObjectMeta | 'selfLink')[];

const OBJECT_META_FIELD_SET: ReadonlySet<string> = new Set(OBJECT_META_FIELDS);

/** Whether `field` is a field of `ObjectMeta` (others under `metadata` are unknown fields to drop or refuse). */
export function isObjectMetaField(field: string): boolean {
  return OBJECT_META_FIELD_SET.has(field);
}

/**
 * An object as the API server serializes it: `apiVersion` and `kind` first, then metadata with its fields in
 * ObjectMeta's order, then the rest as stored. Clients do not depend on the order, but people read the output.
 */
export function presentObject(apiVersion: string, kind: string, object: KubeObject): KubeObject {
  const { apiVersion: _apiVersion, kind: _kind, metadata, ...rest } = object;
  const ordered: Record<string, unknown> = {};
  const source = (metadata ?? {}) as Record<string, unknown>;
  for (const key of OBJECT_META_FIELDS) if (source[key] !== undefined) ordered[key] = source[key];
  for (const key of Object.keys(source))
    if (!(key in ordered) && source[key] !== undefined) ordered[key] = source[key];
  return { apiVersion, kind, metadata: ordered as ObjectMeta, ...rest };
}
