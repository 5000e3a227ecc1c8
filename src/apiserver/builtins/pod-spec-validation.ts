/**
 * The part of core/v1 `ValidatePodSpec` users run into: containers (names, images, ports, mounts, pull policy),
 * volumes (names, exactly one source, claim names), restart and DNS policies, and the names a pod refers to. The
 * messages are Kubernetes' own (`spec.containers[0].image: Required value`).
 */
import {
  duplicateError,
  type FieldError,
  forbiddenError,
  invalidError,
  notSupportedError,
  requiredError,
} from '../../api/index.js';
import { isDNS1123Label, isDNS1123Subdomain, maxLenError } from './names.js';
import type { Container } from './schemas/container.js';
import type { PodSpec } from './schemas/pod-spec.js';
import type { Volume } from './schemas/volume.js';

/** `ValidateDNS1123Label` as field errors. */
export function dns1123LabelErrors(field: string, value: string): FieldError[] {
  return isDNS1123Label(value).map((message) => invalidError(field, value, message));
}

/** `IsValidPortNum` as field errors (1–65535). */
export function portNumberErrors(field: string, port: number): FieldError[] {
  return port >= 1 && port <= 65535
    ? []
    : [invalidError(field, port, 'must be between 1 and 65535, inclusive')];
}

/** `IsValidPortName`: an IANA service name. */
export function portNameMessages(name: string): string[] {
  const messages: string[] = [];
  if (name.length > 15) messages.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(name))
    messages.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) messages.push('must contain at least one letter (a-z)');
  if (name.includes('--')) messages.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) messages.push('must not begin or end with a hyphen');
  return messages;
}

/** A required enum field: `Required value` when empty, `Unsupported value` when unknown. */
export function enumErrors(
  field: string,
  value: string | undefined,
  supported: readonly string[],
): FieldError[] {
  if (!value) return [requiredError(field)];
  return supported.includes(value) ? [] : [notSupportedError(field, value, supported)];
}

function containerPortErrors(path: string, container: Container): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (container.ports ?? []).forEach((port, index) => {
    const at = `${path}.ports[${index}]`;
    if (port.name) {
      const messages = portNameMessages(port.name);
      if (messages.length > 0) errors.push(...messages.map((m) => invalidError(`${at}.name`, port.name, m)));
      else if (names.has(port.name)) errors.push(duplicateError(`${at}.name`, port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errors.push(requiredError(`${at}.containerPort`));
    else errors.push(...portNumberErrors(`${at}.containerPort`, port.containerPort));
    if (port.hostPort) errors.push(...portNumberErrors(`${at}.hostPort`, port.hostPort));
    errors.push(...enumErrors(`${at}.protocol`, port.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return errors;
}

function volumeMountErrors(path: string, container: Container, volumes: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  const mountPoints = new Set<string>();
  (container.volumeMounts ?? []).forEach((mount, index) => {
    const at = `${path}.volumeMounts[${index}]`;
    if (!mount.name) errors.push(requiredError(`${at}.name`));
    if (!volumes.has(mount.name ?? '')) {
      errors.push({
        type: 'FieldValueNotFound',
        field: `${at}.name`,
        badValue: mount.name ?? '',
        detail: '',
      });
    }
    if (!mount.mountPath) errors.push(requiredError(`${at}.mountPath`));
    if (mountPoints.has(mount.mountPath ?? ''))
      errors.push(invalidError(`${at}.mountPath`, mount.mountPath, 'must be unique'));
    mountPoints.add(mount.mountPath ?? '');
  });
  return errors;
}

/** `validateContainerCommon`: name, image, termination message policy, ports, env names, mounts, pull policy. */
function containerErrors(path: string, container: Container, volumes: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  if (!container.name) errors.push(requiredError(`${path}.name`));
  else errors.push(...dns1123LabelErrors(`${path}.name`, container.name));
  if (!container.image) errors.push(requiredError(`${path}.image`));
  errors.push(
    ...enumErrors(`${path}.terminationMessagePolicy`, container.terminationMessagePolicy, [
      'File',
      'FallbackToLogsOnError',
    ]),
  );
  errors.push(...containerPortErrors(path, container));
  (container.env ?? []).forEach((env, index) => {
    if (!env.name) errors.push(requiredError(`${path}.env[${index}].name`));
  });
  errors.push(...volumeMountErrors(path, container, volumes));
  errors.push(
    ...enumErrors(`${path}.imagePullPolicy`, container.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']),
  );
  return errors;
}

/** The volume source fields in `VolumeSource` struct order (the first one counts, later ones are forbidden). */
const SOURCE_ORDER = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
] as const;

function volumeSourceErrors(path: string, volume: Volume): FieldError[] {
  const errors: FieldError[] = [];
  const present = SOURCE_ORDER.filter((source) => (volume as Record<string, unknown>)[source] !== undefined);
  if (present.length === 0) errors.push(requiredError(path, 'must specify a volume type'));
  for (const extra of present.slice(1)) {
    errors.push(forbiddenError(`${path}.${extra}`, 'may not specify more than 1 volume type'));
  }
  if (volume.persistentVolumeClaim && !volume.persistentVolumeClaim.claimName) {
    errors.push(requiredError(`${path}.persistentVolumeClaim.claimName`));
  }
  return errors;
}

/** `ValidateVolumes`: the errors and the names of the valid volumes (mounts may only refer to those). */
function volumesErrors(
  path: string,
  volumes: readonly Volume[],
): { errors: FieldError[]; names: Set<string> } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((volume, index) => {
    const at = `${path}[${index}]`;
    const volumeErrors = volumeSourceErrors(at, volume);
    if (!volume.name) volumeErrors.push(requiredError(`${at}.name`));
    else volumeErrors.push(...dns1123LabelErrors(`${at}.name`, volume.name));
    if (names.has(volume.name ?? '')) volumeErrors.push(duplicateError(`${at}.name`, volume.name ?? ''));
    if (volumeErrors.length === 0) names.add(volume.name ?? '');
    errors.push(...volumeErrors);
  });
  return { errors, names };
}

function containerListErrors(
  path: string,
  containers: readonly Container[],
  volumes: ReadonlySet<string>,
  taken: Set<string>,
): FieldError[] {
  const errors: FieldError[] = [];
  containers.forEach((container, index) => {
    const at = `${path}[${index}]`;
    errors.push(...containerErrors(at, container, volumes));
    if (taken.has(container.name ?? '')) errors.push(duplicateError(`${at}.name`, container.name ?? ''));
    else taken.add(container.name ?? '');
  });
  return errors;
}

function nameFieldErrors(
  field: string,
  value: string | undefined,
  check: (v: string) => string[],
): FieldError[] {
  if (!value) return [];
  return check(value).map((message) => invalidError(field, value, message));
}

/** `ValidatePodSpec` (the subset above) for a spec at `path` (`spec` or `spec.template.spec`). */
export function podSpecErrors(path: string, spec: PodSpec | undefined): FieldError[] {
  const podSpec = spec ?? {};
  const { errors, names: volumes } = volumesErrors(`${path}.volumes`, podSpec.volumes ?? []);
  if (!podSpec.containers?.length) errors.push(requiredError(`${path}.containers`));
  else errors.push(...containerListErrors(`${path}.containers`, podSpec.containers, volumes, new Set()));
  const regularNames = new Set((podSpec.containers ?? []).map((container) => container.name ?? ''));
  errors.push(
    ...containerListErrors(`${path}.initContainers`, podSpec.initContainers ?? [], volumes, regularNames),
  );
  errors.push(
    ...enumErrors(`${path}.restartPolicy`, podSpec.restartPolicy, ['Always', 'OnFailure', 'Never']),
  );
  errors.push(
    ...enumErrors(`${path}.dnsPolicy`, podSpec.dnsPolicy, [
      'ClusterFirstWithHostNet',
      'ClusterFirst',
      'Default',
      'None',
    ]),
  );
  errors.push(
    ...nameFieldErrors(`${path}.serviceAccountName`, podSpec.serviceAccountName, isDNS1123Subdomain),
  );
  errors.push(...nameFieldErrors(`${path}.nodeName`, podSpec.nodeName, isDNS1123Subdomain));
  const deadline = podSpec.activeDeadlineSeconds;
  if (deadline !== undefined && (deadline < 1 || deadline > 2147483647)) {
    errors.push(
      invalidError(`${path}.activeDeadlineSeconds`, deadline, 'must be between 1 and 2147483647, inclusive'),
    );
  }
  errors.push(...nameFieldErrors(`${path}.hostname`, podSpec.hostname, isDNS1123Label));
  errors.push(...nameFieldErrors(`${path}.subdomain`, podSpec.subdomain, isDNS1123Label));
  return errors;
}
