/**
 * corev1.Container and the pieces the product reads or the server defaults (ports, env, mounts, resources, probes'
 * owner fields). Large, rarely used subtrees (probes, lifecycle, security context) are kept as sent.
 */
import { type Static, Type } from '@sinclair/typebox';
import { FreeForm, Int32, List, ResourceList, TypedString } from '../../../api/index.js';
import { OptionalNameReference } from './common.js';

/** corev1.ContainerPort. */
export function ContainerPort() {
  return Type.Object({
    containerPort: Type.Optional(Int32({ description: 'Port number on the pod IP.' })),
    hostIP: Type.Optional(Type.String({ description: 'Host IP to bind the host port to.' })),
    hostPort: Type.Optional(Int32({ description: 'Port number on the host.' })),
    name: Type.Optional(Type.String({ description: 'IANA service name of the port.' })),
    protocol: Type.Optional(
      TypedString<'TCP' | 'UDP' | 'SCTP'>({ description: 'TCP (default), UDP or SCTP.' }),
    ),
  });
}

/** corev1.EnvVar. */
export function EnvVar() {
  return Type.Object({
    name: Type.Optional(Type.String({ description: 'Variable name.' })),
    value: Type.Optional(Type.String({ description: 'Literal value; $(VAR) references are expanded.' })),
    valueFrom: Type.Optional(
      FreeForm({ description: 'Source of the value: a field, resource, ConfigMap key or Secret key.' }),
    ),
  });
}

/** corev1.EnvFromSource. */
export function EnvFromSource() {
  return Type.Object({
    configMapRef: Type.Optional(OptionalNameReference('ConfigMap')),
    prefix: Type.Optional(Type.String({ description: 'Prefix added to every variable name.' })),
    secretRef: Type.Optional(OptionalNameReference('Secret')),
  });
}

/** corev1.VolumeMount. */
export function VolumeMount() {
  return Type.Object({
    mountPath: Type.Optional(Type.String({ description: 'Path inside the container.' })),
    mountPropagation: Type.Optional(Type.String({ description: 'None, HostToContainer or Bidirectional.' })),
    name: Type.Optional(Type.String({ description: 'Name of the pod volume.' })),
    readOnly: Type.Optional(Type.Boolean({ description: 'Mount read-only.' })),
    recursiveReadOnly: Type.Optional(Type.String({ description: 'Disabled, IfPossible or Enabled.' })),
    subPath: Type.Optional(Type.String({ description: 'Sub-path of the volume to mount.' })),
    subPathExpr: Type.Optional(Type.String({ description: 'Sub-path with $(VAR) expansion.' })),
  });
}

/** corev1.VolumeDevice (raw block volumes). */
export function VolumeDevice() {
  return Type.Object({
    devicePath: Type.Optional(Type.String({ description: 'Device path inside the container.' })),
    name: Type.Optional(Type.String({ description: 'Name of the pod volume (a PVC).' })),
  });
}

/** corev1.ResourceRequirements. */
export function ResourceRequirements() {
  return Type.Object({
    claims: Type.Optional(
      List(
        Type.Object({
          name: Type.Optional(Type.String({ description: 'Name of a pod resource claim.' })),
          request: Type.Optional(Type.String({ description: 'Request within the claim.' })),
        }),
        { description: 'Dynamic resource claims used by the container.' },
      ),
    ),
    limits: Type.Optional(ResourceList({ description: 'Most of each resource the container may use.' })),
    requests: Type.Optional(ResourceList({ description: 'Least of each resource the container needs.' })),
  });
}

function containerProperties() {
  return {
    args: Type.Optional(List(Type.String(), { description: 'Arguments to the entrypoint.' })),
    command: Type.Optional(List(Type.String(), { description: 'Entrypoint; the image default when empty.' })),
    env: Type.Optional(List(EnvVar(), { description: 'Environment variables.' })),
    envFrom: Type.Optional(List(EnvFromSource(), { description: 'Sources of environment variables.' })),
    image: Type.Optional(Type.String({ description: 'Container image reference.' })),
    imagePullPolicy: Type.Optional(
      TypedString<'Always' | 'Never' | 'IfNotPresent'>({ description: 'Always, Never or IfNotPresent.' }),
    ),
    lifecycle: Type.Optional(FreeForm({ description: 'postStart and preStop handlers.' })),
    livenessProbe: Type.Optional(FreeForm({ description: 'Restarts the container when it fails.' })),
    name: Type.Optional(Type.String({ description: 'Container name, a DNS label unique in the pod.' })),
    ports: Type.Optional(List(ContainerPort(), { description: 'Ports exposed by the container.' })),
    readinessProbe: Type.Optional(FreeForm({ description: 'Removes the pod from endpoints when it fails.' })),
    resizePolicy: Type.Optional(List(FreeForm(), { description: 'How resources are resized in place.' })),
    resources: Type.Optional(ResourceRequirements()),
    restartPolicy: Type.Optional(
      Type.String({ description: 'Always, for init containers that run as sidecars.' }),
    ),
    securityContext: Type.Optional(FreeForm({ description: 'Container security options.' })),
    startupProbe: Type.Optional(FreeForm({ description: 'Holds other probes until the container started.' })),
    stdin: Type.Optional(Type.Boolean({ description: 'Allocate a stdin buffer.' })),
    stdinOnce: Type.Optional(Type.Boolean({ description: 'Close stdin after the first attach.' })),
    terminationMessagePath: Type.Optional(
      Type.String({ description: 'File the termination message is read from.' }),
    ),
    terminationMessagePolicy: Type.Optional(Type.String({ description: 'File or FallbackToLogsOnError.' })),
    tty: Type.Optional(Type.Boolean({ description: 'Allocate a TTY.' })),
    volumeDevices: Type.Optional(
      List(VolumeDevice(), { description: 'Block devices used by the container.' }),
    ),
    volumeMounts: Type.Optional(List(VolumeMount(), { description: 'Volumes mounted into the container.' })),
    workingDir: Type.Optional(Type.String({ description: 'Working directory.' })),
  };
}

/** corev1.Container. */
export function Container() {
  return Type.Object(containerProperties());
}

/** corev1.EphemeralContainer: a container plus the container whose namespaces it targets. */
export function EphemeralContainer() {
  return Type.Object({
    ...containerProperties(),
    targetContainerName: Type.Optional(Type.String({ description: 'Container whose namespaces it joins.' })),
  });
}

/** A container as the TypeScript code sees it. */
export type Container = Static<ReturnType<typeof Container>>;
