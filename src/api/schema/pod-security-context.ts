/**
 * corev1.PodSecurityContext and the pieces it is made of. Ramen's VolSync mover configuration passes one to the
 * mover pods, so every kind that embeds a `moverConfig` carries this schema.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Int64, type KubeSchemaOptions, List } from './builders.js';

/** corev1.SELinuxOptions: the SELinux label applied to a container. */
export function SELinuxOptions(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      level: Type.Optional(Type.String({ description: 'SELinux level label.' })),
      role: Type.Optional(Type.String({ description: 'SELinux role label.' })),
      type: Type.Optional(Type.String({ description: 'SELinux type label.' })),
      user: Type.Optional(Type.String({ description: 'SELinux user label.' })),
    },
    options,
  );
}

/**
 * A profile reference with a kind and an optional node-local file: the shape corev1.SeccompProfile and
 * corev1.AppArmorProfile share.
 */
function LocalhostProfile(what: string, options: KubeSchemaOptions) {
  return Type.Object(
    {
      localhostProfile: Type.Optional(
        Type.String({ description: `Path of a ${what} profile on the node; only for type Localhost.` }),
      ),
      type: Type.String({ description: 'Localhost, RuntimeDefault or Unconfined.' }),
    },
    options,
  );
}

/** corev1.SeccompProfile: which seccomp filter a pod runs under. */
export function SeccompProfile(options: KubeSchemaOptions = {}) {
  return LocalhostProfile('seccomp', options);
}

/** corev1.AppArmorProfile: which AppArmor profile a pod runs under. */
export function AppArmorProfile(options: KubeSchemaOptions = {}) {
  return LocalhostProfile('AppArmor', options);
}

/** corev1.Sysctl: one namespaced kernel parameter set for a pod. */
export function Sysctl(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      name: Type.String({ description: 'Parameter name.' }),
      value: Type.String({ description: 'Parameter value.' }),
    },
    options,
  );
}

/** corev1.WindowsSecurityContextOptions: identity settings that only apply on Windows nodes. */
export function WindowsSecurityContextOptions(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      gmsaCredentialSpec: Type.Optional(Type.String({ description: 'Inline GMSA credential spec content.' })),
      gmsaCredentialSpecName: Type.Optional(
        Type.String({ description: 'Name of the GMSACredentialSpec resource to use.' }),
      ),
      hostProcess: Type.Optional(Type.Boolean({ description: 'Run as a Windows HostProcess container.' })),
      runAsUserName: Type.Optional(Type.String({ description: 'Windows user name to run as.' })),
    },
    options,
  );
}

/** corev1.PodSecurityContext: the user, group and kernel security settings of a whole pod. */
export function PodSecurityContext(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      appArmorProfile: Type.Optional(
        AppArmorProfile({ description: 'AppArmor profile for all containers.' }),
      ),
      fsGroup: Type.Optional(Int64({ description: 'Supplemental group that owns the pod volumes.' })),
      fsGroupChangePolicy: Type.Optional(
        Type.String({ description: 'OnRootMismatch or Always: when to re-own volumes to fsGroup.' }),
      ),
      runAsGroup: Type.Optional(Int64({ description: 'Primary GID of the container processes.' })),
      runAsNonRoot: Type.Optional(
        Type.Boolean({ description: 'Refuse to start containers running as UID 0.' }),
      ),
      runAsUser: Type.Optional(Int64({ description: 'UID of the container processes.' })),
      seLinuxChangePolicy: Type.Optional(
        Type.String({ description: 'MountOption or Recursive: how the SELinux label reaches volumes.' }),
      ),
      seLinuxOptions: Type.Optional(SELinuxOptions({ description: 'SELinux context for all containers.' })),
      seccompProfile: Type.Optional(SeccompProfile({ description: 'Seccomp profile for all containers.' })),
      supplementalGroups: Type.Optional(
        List(Int64(), {
          description: 'Extra GIDs of the first container process.',
          'x-kubernetes-list-type': 'atomic',
        }),
      ),
      supplementalGroupsPolicy: Type.Optional(
        Type.String({ description: 'Merge or Strict: how supplemental groups are computed.' }),
      ),
      sysctls: Type.Optional(
        List(Sysctl(), {
          description: 'Namespaced sysctls set for the pod.',
          'x-kubernetes-list-type': 'atomic',
        }),
      ),
      windowsOptions: Type.Optional(
        WindowsSecurityContextOptions({ description: 'Windows-specific settings for all containers.' }),
      ),
    },
    options,
  );
}
/** A pod security context as the TypeScript code sees it. */
export type PodSecurityContext = Static<ReturnType<typeof PodSecurityContext>>;
