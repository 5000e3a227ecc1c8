/**
 * metav1.ObjectMeta for TypeScript. A CRD declares `metadata` as a bare `type: object` (the API server owns its
 * validation), so this schema types our code but is never emitted into a CRD.
 */
import { type Static, Type } from '@sinclair/typebox';
import { StringMap } from './builders.js';

/** metav1.OwnerReference. */
export const OwnerReference = Type.Object({
  apiVersion: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  uid: Type.String(),
  controller: Type.Optional(Type.Boolean()),
  blockOwnerDeletion: Type.Optional(Type.Boolean()),
});
/** An owner reference as the TypeScript code sees it. */
export type OwnerReference = Static<typeof OwnerReference>;

/** metav1.ManagedFieldsEntry, as server-side apply records it. */
export const ManagedFieldsEntry = Type.Object({
  manager: Type.Optional(Type.String()),
  operation: Type.Optional(Type.String()),
  apiVersion: Type.Optional(Type.String()),
  time: Type.Optional(Type.String()),
  fieldsType: Type.Optional(Type.String()),
  fieldsV1: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  subresource: Type.Optional(Type.String()),
});

/** metav1.ObjectMeta. */
export const ObjectMeta = Type.Object({
  name: Type.Optional(Type.String()),
  generateName: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  uid: Type.Optional(Type.String()),
  resourceVersion: Type.Optional(Type.String()),
  generation: Type.Optional(Type.Integer()),
  creationTimestamp: Type.Optional(Type.String()),
  deletionTimestamp: Type.Optional(Type.String()),
  deletionGracePeriodSeconds: Type.Optional(Type.Integer()),
  labels: Type.Optional(StringMap()),
  annotations: Type.Optional(StringMap()),
  ownerReferences: Type.Optional(Type.Array(OwnerReference)),
  finalizers: Type.Optional(Type.Array(Type.String())),
  managedFields: Type.Optional(Type.Array(ManagedFieldsEntry)),
});
/** Object metadata as the TypeScript code sees it. */
export type ObjectMeta = Static<typeof ObjectMeta>;
