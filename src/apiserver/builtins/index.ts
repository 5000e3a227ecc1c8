/**
 * The built-in kinds the embedded API server hosts, each as one `BuiltinResource` descriptor, plus the name, label
 * and wire-format checks the registry shares with them. Other folders import builtins from here only.
 */
import type { BuiltinResource } from './builtin-resource.js';
import { configMapResource } from './config-map.js';
import { customResourceDefinitionResource } from './custom-resource-definition.js';
import { deploymentResource } from './deployment.js';
import { eventResource } from './event.js';
import { eventsEventResource } from './events-event.js';
import { leaseResource } from './lease.js';
import { namespaceResource } from './namespace.js';
import { persistentVolumeResource } from './persistent-volume.js';
import { persistentVolumeClaimResource } from './persistent-volume-claim.js';
import { podResource } from './pod.js';
import { replicaSetResource } from './replica-set.js';
import { secretResource } from './secret.js';
import { selfSubjectAccessReviewResource } from './self-subject-access-review.js';
import { serviceResource } from './service.js';
import { serviceAccountResource } from './service-account.js';
import { statefulSetResource } from './stateful-set.js';
import { storageClassResource } from './storage-class.js';
import { volumeAttachmentResource } from './volume-attachment.js';

export * from './builtin-resource.js';
export { type ConfigMap, ConfigMapKind, configMapResource } from './config-map.js';
export {
  type CustomResourceDefinition,
  CustomResourceDefinitionKind,
  customResourceDefinitionResource,
} from './custom-resource-definition.js';
export { defineBuiltin, SCALE_SUBRESOURCE, STANDARD_VERBS, STATUS_SUBRESOURCE } from './define-builtin.js';
export { type Deployment, DeploymentKind, deploymentResource } from './deployment.js';
export { type CoreEvent, EVENT_TTL_SECONDS, EventKind, eventResource } from './event.js';
export {
  type EventsEvent,
  EventsEventKind,
  eventsEventResource,
  fromCoreEvent,
  toCoreEvent,
} from './events-event.js';
export * from './field-selectors.js';
export * from './label-selector.js';
export * from './label-validation.js';
export { type Lease, LeaseKind, leaseResource } from './lease.js';
export * from './names.js';
export {
  KUBERNETES_FINALIZER,
  NAMESPACE_NAME_LABEL,
  type Namespace,
  NamespaceKind,
  namespaceResource,
} from './namespace.js';
export * from './patch-meta.js';
export {
  type PersistentVolume,
  PersistentVolumeKind,
  PV_PROTECTION_FINALIZER,
  persistentVolumeResource,
} from './persistent-volume.js';
export {
  type PersistentVolumeClaim,
  PersistentVolumeClaimKind,
  PVC_PROTECTION_FINALIZER,
  persistentVolumeClaimResource,
} from './persistent-volume-claim.js';
export { type Pod, PodKind, podResource } from './pod.js';
export { type ReplicaSet, ReplicaSetKind, replicaSetResource } from './replica-set.js';
export { type Secret, SecretKind, secretResource } from './secret.js';
export {
  type SelfSubjectAccessReview,
  SelfSubjectAccessReviewKind,
  selfSubjectAccessReviewResource,
} from './self-subject-access-review.js';
export { type Service, ServiceKind, serviceResource } from './service.js';
export { type ServiceAccount, ServiceAccountKind, serviceAccountResource } from './service-account.js';
export { type StatefulSet, StatefulSetKind, statefulSetResource } from './stateful-set.js';
export {
  DEFAULT_CLASS_ANNOTATION,
  type StorageClass,
  StorageClassKind,
  storageClassResource,
} from './storage-class.js';
export {
  type VolumeAttachment,
  VolumeAttachmentKind,
  volumeAttachmentResource,
} from './volume-attachment.js';
export * from './wire-format.js';

/** Every built-in kind, in discovery order: the core group first, then the named groups. */
export const builtinResources: readonly BuiltinResource[] = [
  namespaceResource,
  configMapResource,
  secretResource,
  eventResource,
  podResource,
  persistentVolumeResource,
  persistentVolumeClaimResource,
  serviceResource,
  serviceAccountResource,
  deploymentResource,
  statefulSetResource,
  replicaSetResource,
  eventsEventResource,
  leaseResource,
  storageClassResource,
  volumeAttachmentResource,
  customResourceDefinitionResource,
  selfSubjectAccessReviewResource,
];
