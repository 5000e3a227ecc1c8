/**
 * Strategic-merge metadata of the core API types every workload embeds (ObjectMeta, PodSpec, Container), from the
 * `patchStrategy`/`patchMergeKey` tags of k8s.io/api v1.32. The built-in kinds (builtins/) compose these into their
 * own `PatchMeta`. Lists not named here are atomic (replaced whole), e.g. `tolerations`, `args`, `command`.
 */
import type { PatchMeta } from './patch-meta.js';

/** ObjectMeta: finalizers merge as a set of strings; owner references merge by `uid`; labels/annotations are maps. */
export const objectMetaPatchMeta: PatchMeta = {
  fields: {
    finalizers: { strategy: 'merge' },
    ownerReferences: { strategy: 'merge', mergeKey: 'uid' },
  },
};

/** Container (also init and ephemeral containers): ports by containerPort, env by name, mounts by mountPath. */
export const containerPatchMeta: PatchMeta = {
  fields: {
    ports: { strategy: 'merge', mergeKey: 'containerPort' },
    env: { strategy: 'merge', mergeKey: 'name' },
    volumeMounts: { strategy: 'merge', mergeKey: 'mountPath' },
    volumeDevices: { strategy: 'merge', mergeKey: 'devicePath' },
  },
};

/** PodSpec: containers and volumes by name (volumes also `retainKeys`), host aliases by ip, tolerations atomic. */
export const podSpecPatchMeta: PatchMeta = {
  fields: {
    volumes: { strategy: 'merge', mergeKey: 'name', retainKeys: true },
    initContainers: { strategy: 'merge', mergeKey: 'name', items: containerPatchMeta },
    containers: { strategy: 'merge', mergeKey: 'name', items: containerPatchMeta },
    ephemeralContainers: { strategy: 'merge', mergeKey: 'name', items: containerPatchMeta },
    imagePullSecrets: { strategy: 'merge', mergeKey: 'name' },
    hostAliases: { strategy: 'merge', mergeKey: 'ip' },
    topologySpreadConstraints: { strategy: 'merge', mergeKey: 'topologyKey' },
    schedulingGates: { strategy: 'merge', mergeKey: 'name' },
    resourceClaims: { strategy: 'merge', mergeKey: 'name', retainKeys: true },
    tolerations: { strategy: 'replace' },
  },
};

/** PodTemplateSpec (Deployment/StatefulSet `spec.template`): ObjectMeta plus PodSpec. */
export const podTemplateSpecPatchMeta: PatchMeta = {
  fields: { metadata: objectMetaPatchMeta, spec: podSpecPatchMeta },
};
