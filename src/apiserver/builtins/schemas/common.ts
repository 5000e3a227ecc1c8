/**
 * Small sub-schemas several built-in kinds share: the loosely typed metadata of embedded templates, the condition
 * shapes of core and apps statuses (not metav1.Condition: their times are nullable and most fields optional) and
 * secret references.
 *
 * A rule for every built-in schema: it types and prunes, it does not validate. Go structs accept any field value
 * their JSON decoding accepts, and the validation a real server applies is in each kind's `validate` hook with
 * Kubernetes' own messages; so fields are optional and enums are plain strings here.
 */
import { Type } from '@sinclair/typebox';
import { FreeForm, type KubeSchemaOptions, NullableDateTime } from '../../../api/index.js';

/**
 * The `metadata` of an embedded template (pod template, claim template). Kept as sent: clients write
 * `creationTimestamp: null` there and the real server accepts any ObjectMeta field.
 */
export function EmbeddedMetadata(options: KubeSchemaOptions = {}) {
  return FreeForm({ description: 'Standard object metadata of the template.', ...options });
}

function conditionCore() {
  return {
    type: Type.Optional(Type.String({ description: 'Type of the condition.' })),
    status: Type.Optional(Type.String({ description: 'True, False or Unknown.' })),
    lastTransitionTime: Type.Optional(NullableDateTime({ description: 'When the status last changed.' })),
    reason: Type.Optional(Type.String({ description: 'Machine-readable reason of the last transition.' })),
    message: Type.Optional(Type.String({ description: 'Human-readable details of the last transition.' })),
  };
}

/** The condition of core and apps statuses (Namespace, StatefulSet, ReplicaSet, CRD): nullable time, optional text. */
export function StatusCondition() {
  return Type.Object(conditionCore());
}

/** A condition that also records when it was last probed (Pod, PersistentVolumeClaim). */
export function ProbedCondition() {
  return Type.Object({
    ...conditionCore(),
    lastProbeTime: Type.Optional(NullableDateTime({ description: 'When the condition was last probed.' })),
  });
}

/** A condition that also records when it was last updated (Deployment). */
export function UpdatedCondition() {
  return Type.Object({
    ...conditionCore(),
    lastUpdateTime: Type.Optional(NullableDateTime({ description: 'When the condition was last updated.' })),
  });
}

/** corev1.SecretReference: a Secret by name and namespace (CSI secrets of a PV). */
export function SecretReference(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      name: Type.Optional(Type.String({ description: 'Name of the Secret.' })),
      namespace: Type.Optional(Type.String({ description: 'Namespace of the Secret.' })),
    },
    { 'x-kubernetes-map-type': 'atomic', ...options },
  );
}

/** A reference to a ConfigMap or Secret by name that may be optional (env sources, volumes). */
export function OptionalNameReference(what: string) {
  return Type.Object(
    {
      name: Type.Optional(Type.String({ description: `Name of the ${what}.` })),
      optional: Type.Optional(Type.Boolean({ description: `Whether the ${what} may be missing.` })),
    },
    { 'x-kubernetes-map-type': 'atomic' },
  );
}
