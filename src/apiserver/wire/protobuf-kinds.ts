/**
 * Field tables of the kinds `kubectl` sends as protobuf (`create namespace|configmap|secret|deployment|service`,
 * `auth can-i`). Field numbers are part of the public Kubernetes API (they never change once released); the tables
 * cover what those commands send plus the neighbouring fields of the same messages, not whole API types. Fields
 * absent from a table are skipped.
 */
import {
  type MessageSchema,
  map,
  message,
  repeatedMessage,
  repeatedScalar,
  scalar,
} from './protobuf-schema.js';

/** `metav1.OwnerReference`. */
const ownerReference: MessageSchema = {
  1: scalar('kind', 'string'),
  3: scalar('name', 'string'),
  4: scalar('uid', 'string'),
  5: scalar('apiVersion', 'string'),
  6: scalar('controller', 'bool', { pointer: true }),
  7: scalar('blockOwnerDeletion', 'bool', { pointer: true }),
};

/** `metav1.ObjectMeta` (managedFields are not decoded: no generator sends them). */
export const objectMeta: MessageSchema = {
  1: scalar('name', 'string'),
  2: scalar('generateName', 'string'),
  3: scalar('namespace', 'string'),
  4: scalar('selfLink', 'string'),
  5: scalar('uid', 'string'),
  6: scalar('resourceVersion', 'string'),
  7: scalar('generation', 'int64'),
  8: scalar('creationTimestamp', 'time'),
  9: scalar('deletionTimestamp', 'time', { pointer: true }),
  10: scalar('deletionGracePeriodSeconds', 'int64', { pointer: true }),
  11: map('labels', 'string'),
  12: map('annotations', 'string'),
  13: repeatedMessage('ownerReferences', ownerReference),
  14: repeatedScalar('finalizers', 'string'),
};

/** `metav1.LabelSelector`. */
const labelSelector: MessageSchema = {
  1: map('matchLabels', 'string'),
  2: repeatedMessage('matchExpressions', {
    1: scalar('key', 'string'),
    2: scalar('operator', 'string'),
    3: repeatedScalar('values', 'string'),
  }),
};

/** `corev1.Namespace`. */
const namespace: MessageSchema = {
  1: message('metadata', objectMeta),
  2: message('spec', { 1: repeatedScalar('finalizers', 'string') }),
  3: message('status', {
    1: scalar('phase', 'string'),
    2: repeatedMessage('conditions', {
      1: scalar('type', 'string'),
      2: scalar('status', 'string'),
      4: scalar('lastTransitionTime', 'time'),
      5: scalar('reason', 'string'),
      6: scalar('message', 'string'),
    }),
  }),
};

/** `corev1.ConfigMap`. */
const configMap: MessageSchema = {
  1: message('metadata', objectMeta),
  2: map('data', 'string'),
  3: map('binaryData', 'bytes'),
  4: scalar('immutable', 'bool', { pointer: true }),
};

/** `corev1.Secret`. */
const secret: MessageSchema = {
  1: message('metadata', objectMeta),
  2: map('data', 'bytes'),
  3: scalar('type', 'string'),
  4: map('stringData', 'string'),
  5: scalar('immutable', 'bool', { pointer: true }),
};

/** `corev1.ContainerPort`. */
const containerPort: MessageSchema = {
  1: scalar('name', 'string'),
  2: scalar('hostPort', 'int32'),
  3: scalar('containerPort', 'int32'),
  4: scalar('protocol', 'string'),
  5: scalar('hostIP', 'string'),
};

/** `corev1.Container`, the fields a generator can set plus the always-present scalars. */
const container: MessageSchema = {
  1: scalar('name', 'string'),
  2: scalar('image', 'string'),
  3: repeatedScalar('command', 'string'),
  4: repeatedScalar('args', 'string'),
  5: scalar('workingDir', 'string'),
  6: repeatedMessage('ports', containerPort),
  7: repeatedMessage('env', { 1: scalar('name', 'string'), 2: scalar('value', 'string') }),
  8: message('resources', { 1: map('limits', 'quantity'), 2: map('requests', 'quantity') }),
  13: scalar('terminationMessagePath', 'string'),
  14: scalar('imagePullPolicy', 'string'),
  16: scalar('stdin', 'bool'),
  17: scalar('stdinOnce', 'bool'),
  18: scalar('tty', 'bool'),
  20: scalar('terminationMessagePolicy', 'string'),
};

/** `corev1.PodSpec`, the scalar fields and the containers. */
const podSpec: MessageSchema = {
  2: repeatedMessage('containers', container),
  3: scalar('restartPolicy', 'string'),
  4: scalar('terminationGracePeriodSeconds', 'int64', { pointer: true }),
  5: scalar('activeDeadlineSeconds', 'int64', { pointer: true }),
  6: scalar('dnsPolicy', 'string'),
  7: map('nodeSelector', 'string'),
  8: scalar('serviceAccountName', 'string'),
  9: scalar('serviceAccount', 'string'),
  10: scalar('nodeName', 'string'),
  11: scalar('hostNetwork', 'bool'),
  12: scalar('hostPID', 'bool'),
  13: scalar('hostIPC', 'bool'),
  16: scalar('hostname', 'string'),
  17: scalar('subdomain', 'string'),
  19: scalar('schedulerName', 'string'),
  20: repeatedMessage('initContainers', container),
  21: scalar('automountServiceAccountToken', 'bool', { pointer: true }),
  24: scalar('priorityClassName', 'string'),
  25: scalar('priority', 'int32', { pointer: true }),
  30: scalar('enableServiceLinks', 'bool', { pointer: true }),
};

/** `appsv1.Deployment`. */
const deployment: MessageSchema = {
  1: message('metadata', objectMeta),
  2: message('spec', {
    1: scalar('replicas', 'int32', { pointer: true }),
    2: message('selector', labelSelector, { pointer: true }),
    3: message('template', { 1: message('metadata', objectMeta), 2: message('spec', podSpec) }),
    4: message('strategy', {
      1: scalar('type', 'string'),
      2: message(
        'rollingUpdate',
        {
          1: scalar('maxUnavailable', 'intOrString', { pointer: true }),
          2: scalar('maxSurge', 'intOrString', { pointer: true }),
        },
        { pointer: true },
      ),
    }),
    5: scalar('minReadySeconds', 'int32'),
    6: scalar('revisionHistoryLimit', 'int32', { pointer: true }),
    7: scalar('paused', 'bool'),
    9: scalar('progressDeadlineSeconds', 'int32', { pointer: true }),
  }),
  3: message('status', {
    1: scalar('observedGeneration', 'int64'),
    2: scalar('replicas', 'int32'),
    3: scalar('updatedReplicas', 'int32'),
    4: scalar('availableReplicas', 'int32'),
    5: scalar('unavailableReplicas', 'int32'),
    7: scalar('readyReplicas', 'int32'),
    8: scalar('collisionCount', 'int32', { pointer: true }),
  }),
};

/** `corev1.Service` (`kubectl create service clusterip|nodeport|loadbalancer|externalname`). */
const service: MessageSchema = {
  1: message('metadata', objectMeta),
  2: message('spec', {
    1: repeatedMessage('ports', {
      1: scalar('name', 'string'),
      2: scalar('protocol', 'string'),
      3: scalar('port', 'int32'),
      4: scalar('targetPort', 'intOrString'),
      5: scalar('nodePort', 'int32'),
      6: scalar('appProtocol', 'string', { pointer: true }),
    }),
    2: map('selector', 'string'),
    3: scalar('clusterIP', 'string'),
    4: scalar('type', 'string'),
    5: repeatedScalar('externalIPs', 'string'),
    7: scalar('sessionAffinity', 'string'),
    8: scalar('loadBalancerIP', 'string'),
    9: repeatedScalar('loadBalancerSourceRanges', 'string'),
    10: scalar('externalName', 'string'),
    11: scalar('externalTrafficPolicy', 'string'),
    12: scalar('healthCheckNodePort', 'int32'),
    13: scalar('publishNotReadyAddresses', 'bool'),
  }),
  3: message('status', {
    1: message('loadBalancer', {
      1: repeatedMessage('ingress', { 1: scalar('ip', 'string'), 2: scalar('hostname', 'string') }),
    }),
  }),
};

/** `authorizationv1.SelfSubjectAccessReview` (`kubectl auth can-i`). */
const selfSubjectAccessReview: MessageSchema = {
  1: message('metadata', objectMeta),
  2: message('spec', {
    1: message(
      'resourceAttributes',
      {
        1: scalar('namespace', 'string'),
        2: scalar('verb', 'string'),
        3: scalar('group', 'string'),
        4: scalar('version', 'string'),
        5: scalar('resource', 'string'),
        6: scalar('subresource', 'string'),
        7: scalar('name', 'string'),
      },
      { pointer: true },
    ),
    2: message(
      'nonResourceAttributes',
      { 1: scalar('path', 'string'), 2: scalar('verb', 'string') },
      { pointer: true },
    ),
  }),
  3: message('status', {
    1: scalar('allowed', 'bool'),
    2: scalar('reason', 'string'),
    3: scalar('evaluationError', 'string'),
    4: scalar('denied', 'bool'),
  }),
};

/** The lookup key of a kind: `apiVersion` and `kind` as they appear in the envelope's TypeMeta. */
export function protobufKindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}, Kind=${kind}`;
}

/** The kinds whose protobuf bodies we decode, by `protobufKindKey`. */
export const protobufKindSchemas: ReadonlyMap<string, MessageSchema> = new Map([
  [protobufKindKey('v1', 'Namespace'), namespace],
  [protobufKindKey('v1', 'ConfigMap'), configMap],
  [protobufKindKey('v1', 'Secret'), secret],
  [protobufKindKey('v1', 'Service'), service],
  [protobufKindKey('apps/v1', 'Deployment'), deployment],
  [protobufKindKey('authorization.k8s.io/v1', 'SelfSubjectAccessReview'), selfSubjectAccessReview],
]);
