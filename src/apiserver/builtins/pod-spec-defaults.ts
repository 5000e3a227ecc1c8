/**
 * The defaulting every PodSpec gets, in pods and in the templates of workloads (core/v1 `SetDefaults_PodSpec`,
 * `SetDefaults_Container`, `SetDefaults_Probe`, the volume-source defaulters and the v1 conversion that mirrors
 * `serviceAccountName` into `serviceAccount`). Clients rely on these: `kubectl apply` diffs against them and
 * controllers compare templates after the server filled them in.
 */
import { isJsonObject, type JsonRecord } from '../../api/index.js';
import type { Container } from './schemas/container.js';
import type { PodSpec } from './schemas/pod-spec.js';
import type { Volume } from './schemas/volume.js';

/** The tag of an image reference as `parsers.ParseImageName` reports it: `latest` when neither tag nor digest is set. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : '';
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  const tag = colon >= 0 ? name.slice(colon + 1) : '';
  return tag === '' && digest === '' && image !== '' ? 'latest' : tag;
}

/** `SetDefaults_HTTPGetAction`: path `/`, scheme `HTTP`. */
function defaultHttpGet(handler: unknown): void {
  if (!isJsonObject(handler) || !isJsonObject(handler.httpGet)) return;
  handler.httpGet.path ||= '/';
  handler.httpGet.scheme ||= 'HTTP';
}

/** `SetDefaults_Probe`: 1 s timeout, 10 s period, 1 success, 3 failures. */
function defaultProbe(probe: unknown): void {
  if (!isJsonObject(probe)) return;
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
  defaultHttpGet(probe);
}

/** `SetDefaults_ObjectFieldSelector`: a `fieldRef` without apiVersion means v1. */
function defaultFieldRef(holder: unknown): void {
  if (isJsonObject(holder) && isJsonObject(holder.fieldRef)) holder.fieldRef.apiVersion ||= 'v1';
}

/** The container defaults (also applied to init and ephemeral containers). */
export function defaultContainer(container: Container): void {
  if (!container.imagePullPolicy) {
    container.imagePullPolicy = imageTag(container.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  }
  container.terminationMessagePath ||= '/dev/termination-log';
  container.terminationMessagePolicy ||= 'File';
  for (const port of container.ports ?? []) port.protocol ||= 'TCP';
  for (const env of container.env ?? []) defaultFieldRef(env.valueFrom);
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
  if (container.lifecycle) {
    defaultHttpGet(container.lifecycle.postStart);
    defaultHttpGet(container.lifecycle.preStop);
  }
}

const DEFAULT_MODE = 0o644;

/** Defaults inside a projected volume's sources (downward API field refs, token expiry). */
function defaultProjectedSources(sources: unknown[] | undefined): void {
  for (const source of sources ?? []) {
    if (!isJsonObject(source)) continue;
    if (isJsonObject(source.downwardAPI) && Array.isArray(source.downwardAPI.items)) {
      for (const item of source.downwardAPI.items) defaultFieldRef(item);
    }
    if (isJsonObject(source.serviceAccountToken)) source.serviceAccountToken.expirationSeconds ??= 3600;
  }
}

/** Whether a volume names any source at all (`AllPtrFieldsNil`). */
function hasSource(volume: Volume): boolean {
  return Object.keys(volume).some((key) => key !== 'name' && (volume as JsonRecord)[key] !== undefined);
}

/** `SetDefaults_Volume` and the per-source defaulters. */
export function defaultVolume(volume: Volume): void {
  if (!hasSource(volume)) volume.emptyDir = {};
  if (volume.secret) volume.secret.defaultMode ??= DEFAULT_MODE;
  if (volume.configMap) volume.configMap.defaultMode ??= DEFAULT_MODE;
  if (volume.downwardAPI) {
    volume.downwardAPI.defaultMode ??= DEFAULT_MODE;
    for (const item of volume.downwardAPI.items ?? []) defaultFieldRef(item);
  }
  if (volume.projected) {
    volume.projected.defaultMode ??= DEFAULT_MODE;
    defaultProjectedSources(volume.projected.sources);
  }
  if (volume.hostPath) volume.hostPath.type ??= '';
  const claimSpec = volume.ephemeral?.volumeClaimTemplate?.spec;
  if (claimSpec) claimSpec.volumeMode ??= 'Filesystem';
}

/** `SetDefaults_PodSpec` plus the container and volume defaults of everything inside. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  else delete spec.serviceAccount;
  for (const container of spec.initContainers ?? []) defaultContainer(container);
  for (const container of spec.containers ?? []) defaultContainer(container);
  for (const container of spec.ephemeralContainers ?? []) defaultContainer(container);
  for (const volume of spec.volumes ?? []) defaultVolume(volume);
}

/** `SetDefaults_Pod` for a pod's own spec: requests default to limits, service links on, host ports on host network. */
export function defaultPodOnlyFields(spec: PodSpec): void {
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const { resources } = container;
    if (!resources?.limits) continue;
    resources.requests = { ...resources.limits, ...(resources.requests ?? {}) };
  }
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      for (const port of container.ports ?? []) port.hostPort ||= port.containerPort;
    }
  }
}
