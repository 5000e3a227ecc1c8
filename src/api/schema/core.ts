/**
 * Schemas of the Kubernetes core types that Ramen's and the external kinds embed (metav1 and corev1).
 * Each is a function so that a use site can attach its own options (descriptions, CEL rules, defaults)
 * without sharing one mutable schema object between fields.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  DateTime,
  Int64,
  type KubeSchemaOptions,
  List,
  Quantity,
  StringEnum,
  StringMap,
} from './builders.js';

/** metav1.LabelSelectorRequirement. */
export function LabelSelectorRequirement() {
  return Type.Object(
    {
      key: Type.String({ description: 'The label key that the selector applies to.' }),
      operator: Type.String({ description: 'In, NotIn, Exists or DoesNotExist.' }),
      values: Type.Optional(
        List(Type.String(), {
          description: 'Values for In and NotIn; empty for Exists and DoesNotExist.',
          'x-kubernetes-list-type': 'atomic',
        }),
      ),
    },
    { description: 'A selector requirement: a key, an operator and values.' },
  );
}

/** metav1.LabelSelector: matchLabels AND matchExpressions; an empty selector matches everything. */
export function LabelSelector(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      matchExpressions: Type.Optional(
        List(LabelSelectorRequirement(), {
          description: 'A list of label selector requirements, ANDed.',
          'x-kubernetes-list-type': 'atomic',
        }),
      ),
      matchLabels: Type.Optional(
        StringMap({ description: 'Labels that must all be present with these values.' }),
      ),
    },
    { 'x-kubernetes-map-type': 'atomic', ...options },
  );
}
/** A label selector as the TypeScript code sees it. */
export type LabelSelector = Static<ReturnType<typeof LabelSelector>>;

/** The condition-type pattern metav1.Condition enforces (an optional DNS-subdomain prefix, then a name). */
export const CONDITION_TYPE_PATTERN =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$';
/** The condition-reason pattern metav1.Condition enforces (CamelCase words). */
export const CONDITION_REASON_PATTERN = '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$';

/** metav1.Condition, with the API server's own limits. */
export function Condition(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      lastTransitionTime: DateTime({ description: 'When the condition last changed status.' }),
      message: Type.String({
        maxLength: 32768,
        description: 'A human-readable message about the transition.',
      }),
      observedGeneration: Type.Optional(
        Int64({ minimum: 0, description: 'The .metadata.generation the condition was set from.' }),
      ),
      reason: Type.String({
        maxLength: 1024,
        minLength: 1,
        pattern: CONDITION_REASON_PATTERN,
        description: "A programmatic identifier of the condition's last transition.",
      }),
      status: StringEnum(['True', 'False', 'Unknown'] as const, { description: 'True, False or Unknown.' }),
      type: Type.String({
        maxLength: 316,
        pattern: CONDITION_TYPE_PATTERN,
        description: 'The type of condition.',
      }),
    },
    { description: 'One aspect of the current state of the object.', ...options },
  );
}
/** A status condition as the TypeScript code sees it. */
export type Condition = Static<ReturnType<typeof Condition>>;

/** A list of metav1.Condition. */
export function Conditions(options: KubeSchemaOptions = {}) {
  return List(Condition(), { description: 'The latest observations of the object state.', ...options });
}

/** corev1.ObjectReference (atomic). */
export function ObjectReference(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      apiVersion: Type.Optional(Type.String({ description: 'API version of the referent.' })),
      fieldPath: Type.Optional(
        Type.String({ description: 'A piece of an object instead of the whole object.' }),
      ),
      kind: Type.Optional(Type.String({ description: 'Kind of the referent.' })),
      name: Type.Optional(Type.String({ description: 'Name of the referent.' })),
      namespace: Type.Optional(Type.String({ description: 'Namespace of the referent.' })),
      resourceVersion: Type.Optional(
        Type.String({ description: 'Specific resourceVersion the reference is made to.' }),
      ),
      uid: Type.Optional(Type.String({ description: 'UID of the referent.' })),
    },
    { 'x-kubernetes-map-type': 'atomic', ...options },
  );
}
/** An object reference as the TypeScript code sees it. */
export type ObjectReference = Static<ReturnType<typeof ObjectReference>>;

/** corev1.LocalObjectReference (atomic): a name in the same namespace. */
export function LocalObjectReference(options: KubeSchemaOptions = {}) {
  return Type.Object(
    { name: Type.Optional(Type.String({ default: '', description: 'Name of the referent.' })) },
    { 'x-kubernetes-map-type': 'atomic', ...options },
  );
}

/** corev1.TypedLocalObjectReference (atomic): apiGroup, kind and name in the same namespace. */
export function TypedLocalObjectReference(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      apiGroup: Type.Optional(
        Type.String({ description: 'API group of the referent; empty for the core group.' }),
      ),
      kind: Type.String({ description: 'Kind of the referent.' }),
      name: Type.String({ description: 'Name of the referent.' }),
    },
    { 'x-kubernetes-map-type': 'atomic', ...options },
  );
}

/** corev1.ResourceRequirements' `limits`/`requests` shape: resource name to quantity. */
export function ResourceList(options: KubeSchemaOptions = {}) {
  return Type.Unsafe<Record<string, number | string>>({
    ...options,
    type: 'object',
    additionalProperties: Quantity(),
  });
}
