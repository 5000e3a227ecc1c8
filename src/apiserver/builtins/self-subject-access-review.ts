/**
 * SelfSubjectAccessReview (authorization.k8s.io/v1): `kubectl auth can-i` and clients probing their permissions.
 * Create-only and never stored; the embedded server has no authorization, so every review answers allowed.
 */
import { Type } from '@sinclair/typebox';
import { defineKind, type FieldError, FreeForm, invalidError, type KindObject } from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { defineBuiltin } from './define-builtin.js';

/** The SelfSubjectAccessReview kind's schema. */
export const SelfSubjectAccessReviewKind = defineKind({
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectAccessReview',
  plural: 'selfsubjectaccessreviews',
  scope: 'Cluster',
  description: 'Asks whether the current user may perform an action.',
  statusSubresource: false,
  properties: {
    spec: Type.Optional(
      Type.Object({
        nonResourceAttributes: Type.Optional(
          Type.Object({
            path: Type.Optional(Type.String({ description: 'URL path, e.g. /healthz.' })),
            verb: Type.Optional(Type.String({ description: 'HTTP verb.' })),
          }),
        ),
        resourceAttributes: Type.Optional(
          Type.Object({
            fieldSelector: Type.Optional(FreeForm()),
            group: Type.Optional(Type.String()),
            labelSelector: Type.Optional(FreeForm()),
            name: Type.Optional(Type.String()),
            namespace: Type.Optional(Type.String()),
            resource: Type.Optional(Type.String()),
            subresource: Type.Optional(Type.String()),
            verb: Type.Optional(Type.String()),
            version: Type.Optional(Type.String()),
          }),
        ),
      }),
    ),
    status: Type.Optional(
      Type.Object({
        allowed: Type.Optional(Type.Boolean({ description: 'Whether the action is allowed.' })),
        denied: Type.Optional(Type.Boolean({ description: 'Whether the action is explicitly denied.' })),
        evaluationError: Type.Optional(Type.String()),
        reason: Type.Optional(Type.String()),
      }),
    ),
  },
});

/** A SelfSubjectAccessReview object. */
export type SelfSubjectAccessReview = KindObject<typeof SelfSubjectAccessReviewKind>;

/** `ValidateSelfSubjectAccessReviewSpec`: exactly one of the two attribute sets. */
export function accessReviewErrors(review: SelfSubjectAccessReview): FieldError[] {
  const spec = review.spec ?? {};
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    return [
      invalidError(
        'spec.nonResourceAttributes',
        spec.nonResourceAttributes,
        'cannot be specified in combination with resourceAttributes',
      ),
    ];
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    return [
      invalidError(
        'spec.resourceAttributes',
        null,
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    ];
  }
  return [];
}

/** The SelfSubjectAccessReview built-in. */
export const selfSubjectAccessReviewResource: BuiltinResource<SelfSubjectAccessReview> =
  defineBuiltin<SelfSubjectAccessReview>(SelfSubjectAccessReviewKind, {
    verbs: ['create'],
    nameRule: 'none',
    persisted: false,
    prepareForCreate(review) {
      review.status = { allowed: true };
    },
    validate: accessReviewErrors,
    printerColumns: [],
  });
