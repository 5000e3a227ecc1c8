/**
 * The built-in kinds the runtime and the operators read and write, addressed by group/version/plural, with the
 * TypeScript types of the fields they use. Their schemas belong to Kubernetes (the embedded API server declares
 * them for its own validation); operator code only needs their addresses and shapes.
 */
import type { CustomResourceDefinition } from '../api/index.js';
import type { KubeObject } from './kube-object.js';
import { defineResource } from './resource-ref.js';

/** A core/v1 ConfigMap. */
export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

/** A core/v1 Secret (`data` values are base64). */
export interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  immutable?: boolean;
}

/** A core/v1 Namespace. */
export interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: 'Active' | 'Terminating' };
}

/** An object reference as events carry it (corev1.ObjectReference). */
export interface EventObjectReference {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** A core/v1 Event, the form `kubectl describe` lists. */
export interface CoreEvent extends KubeObject {
  involvedObject: EventObjectReference;
  reason?: string;
  message?: string;
  type?: 'Normal' | 'Warning';
  source?: { component?: string; host?: string };
  firstTimestamp?: string;
  lastTimestamp?: string;
  count?: number;
  reportingComponent?: string;
  reportingInstance?: string;
  action?: string;
}

/** The spec of a coordination.k8s.io/v1 Lease; the times are MicroTime strings (see micro-time.ts). */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/** A coordination.k8s.io/v1 Lease, the lock of leader election. */
export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

/** A CustomResourceDefinition with the status the API server reports. */
export interface CustomResourceDefinitionObject
  extends KubeObject,
    Omit<CustomResourceDefinition, 'apiVersion' | 'kind' | 'metadata'> {
  status?: { conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> };
}

/** core/v1 configmaps. */
export const ConfigMapResource = defineResource<ConfigMap>({
  group: '',
  version: 'v1',
  plural: 'configmaps',
  kind: 'ConfigMap',
  scope: 'Namespaced',
});

/** core/v1 secrets. */
export const SecretResource = defineResource<Secret>({
  group: '',
  version: 'v1',
  plural: 'secrets',
  kind: 'Secret',
  scope: 'Namespaced',
});

/** core/v1 namespaces. */
export const NamespaceResource = defineResource<Namespace>({
  group: '',
  version: 'v1',
  plural: 'namespaces',
  kind: 'Namespace',
  scope: 'Cluster',
});

/** core/v1 events. */
export const EventResource = defineResource<CoreEvent>({
  group: '',
  version: 'v1',
  plural: 'events',
  kind: 'Event',
  scope: 'Namespaced',
});

/** coordination.k8s.io/v1 leases. */
export const LeaseResource = defineResource<Lease>({
  group: 'coordination.k8s.io',
  version: 'v1',
  plural: 'leases',
  kind: 'Lease',
  scope: 'Namespaced',
});

/** apiextensions.k8s.io/v1 customresourcedefinitions. */
export const CustomResourceDefinitionResource = defineResource<CustomResourceDefinitionObject>({
  group: 'apiextensions.k8s.io',
  version: 'v1',
  plural: 'customresourcedefinitions',
  kind: 'CustomResourceDefinition',
  scope: 'Cluster',
});
