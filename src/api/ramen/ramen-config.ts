/**
 * RamenConfig: the operator configuration Ramen keeps, as YAML, under the key `ramen_manager_config.yaml` of a
 * ConfigMap in the operator namespace (`ramen-hub-operator-config` on the hub, `ramen-dr-cluster-operator-config`
 * on managed clusters). It is not a CRD, so nothing validates it on write; `parseRamenConfig` is the one place that
 * does, turning the text into a fully defaulted, frozen object (or a `RamenConfigError` saying what to fix) that the
 * operators receive at start-up and never re-read field by field.
 *
 * The document embeds controller-runtime's manager configuration (health, metrics, webhook, leaderElection, ...)
 * beside Ramen's own fields. Unknown keys are ignored, as Ramen's Go decoder ignores them.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parseDocument } from 'yaml';
import { RAMEN_API_VERSION } from './group.js';

/** The two operators Ramen builds from one binary. */
export const RAMEN_CONTROLLER_TYPES = ['dr-hub', 'dr-cluster'] as const;
/** Which operator a configuration belongs to. */
export type RamenControllerType = (typeof RAMEN_CONTROLLER_TYPES)[number];
/** The controller types by role, for readable call sites. */
export const RamenControllerTypes = {
  /** The hub operator (DRPolicy, DRCluster, DRPlacementControl). */
  Hub: 'dr-hub',
  /** The managed-cluster operator (VolumeReplicationGroup, DRClusterConfig). */
  DRCluster: 'dr-cluster',
} as const satisfies Record<string, RamenControllerType>;

/** The namespace Ramen's operators run in by default (and where their ConfigMaps live). */
export const RAMEN_SYSTEM_NAMESPACE = 'ramen-system';
/** The ConfigMap holding the hub operator's RamenConfig. */
export const RAMEN_HUB_CONFIG_MAP_NAME = 'ramen-hub-operator-config';
/** The ConfigMap holding the managed-cluster operator's RamenConfig. */
export const RAMEN_DR_CLUSTER_CONFIG_MAP_NAME = 'ramen-dr-cluster-operator-config';
/** The ConfigMap data key whose value is the RamenConfig YAML. */
export const RAMEN_CONFIG_MAP_KEY = 'ramen_manager_config.yaml';
/** The namespace for discovered-application DRPCs and VRGs when the config names none. */
export const RAMEN_OPS_NAMESPACE_DEFAULT = 'ramen-ops';

/** The ConfigMap an operator of `controllerType` reads its RamenConfig from. */
export function ramenConfigMapName(controllerType: RamenControllerType): string {
  return controllerType === 'dr-hub' ? RAMEN_HUB_CONFIG_MAP_NAME : RAMEN_DR_CLUSTER_CONFIG_MAP_NAME;
}

/** A Go duration string (`15s`, `1h30m`, `0`), as metav1.Duration serialises. */
const GO_DURATION_PATTERN = '^(0|[+-]?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+)$';
const GoDuration = (description: string) => Type.String({ pattern: GO_DURATION_PATTERN, description });
const Port = (description: string) => Type.Integer({ minimum: 0, maximum: 65535, description });

/*
 * The document is not a CRD, so its schema is written for TypeBox's own checker rather than for the API server:
 * a string restricted to a few values is a pattern (the checker ignores `enum`), and a map is an object with
 * `additionalProperties` (the checker cannot evaluate the CRD builders' `Unsafe` nodes).
 */
/** A string that must be one of `values`, typed as their union. */
function OneOf<const T extends readonly string[]>(values: T, description: string) {
  return Type.Unsafe<T[number]>(Type.String({ pattern: `^(${values.join('|')})$`, description }));
}
/** A map from any key to `value`. */
function MapOfValues<T extends TSchema>(value: T) {
  return Type.Unsafe<Record<string, Static<T>>>(Type.Object({}, { additionalProperties: value }));
}

/** The document's schema, field for field Ramen's RamenConfig (every field optional, as Go's decoder treats them). */
function ramenConfigDocumentSchema() {
  const opt = <T extends TSchema>(schema: T) => Type.Optional(schema);
  const S3StoreProfile = Type.Object({
    s3ProfileName: opt(Type.String({ description: 'The name DRClusters and VRGs refer to.' })),
    s3Bucket: opt(
      Type.String({ description: 'The bucket holding cluster data; do not share it across hubs.' }),
    ),
    s3CompatibleEndpoint: opt(Type.String({ description: 'The S3 endpoint URL (path-style addressing).' })),
    s3Region: opt(Type.String({ description: 'The S3 region.' })),
    s3SecretRef: opt(
      Type.Object({
        name: opt(Type.String({ description: 'Secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.' })),
        namespace: opt(Type.String({ description: 'Its namespace; the operator namespace when empty.' })),
      }),
    ),
    veleroNamespaceSecretKeyRef: opt(
      Type.Object({
        key: Type.String({ description: 'The key of the Velero credentials in the secret.' }),
        name: opt(Type.String({ description: 'The secret in the Velero namespace.' })),
        optional: opt(Type.Boolean()),
      }),
    ),
    caCertificates: opt(Type.String({ description: 'Base64 CA bundle for TLS to the endpoint.' })),
  });
  return Type.Object({
    apiVersion: opt(Type.String()),
    kind: opt(Type.String()),
    ramenControllerType: opt(OneOf(RAMEN_CONTROLLER_TYPES, 'dr-hub or dr-cluster')),
    syncPeriod: opt(GoDuration('Minimum interval between full resyncs of watched objects.')),
    cacheNamespace: opt(Type.String({ description: 'Restricts the cache to one namespace; empty for all.' })),
    gracefulShutDown: opt(GoDuration('Time runnables get to stop before the manager exits.')),
    controller: opt(
      Type.Object({
        groupKindConcurrency: opt(MapOfValues(Type.Integer({ minimum: 1 }))),
        cacheSyncTimeout: opt(Type.Integer({ minimum: 0, description: 'Nanoseconds (a Go time.Duration).' })),
        recoverPanic: opt(Type.Boolean()),
      }),
    ),
    leaderElection: opt(
      Type.Object({
        leaderElect: opt(Type.Boolean()),
        leaseDuration: opt(GoDuration('How long a lease is held.')),
        renewDeadline: opt(GoDuration('How long the leader retries renewing.')),
        retryPeriod: opt(GoDuration('How often candidates retry.')),
        resourceLock: opt(Type.String({ description: 'The lock object type (leases).' })),
        resourceName: opt(Type.String({ description: 'The lock object name.' })),
        resourceNamespace: opt(Type.String({ description: 'The lock object namespace.' })),
      }),
    ),
    metrics: opt(Type.Object({ bindAddress: opt(Type.String({ description: '"0" disables metrics.' })) })),
    health: opt(
      Type.Object({
        healthProbeBindAddress: opt(Type.String()),
        readinessEndpointName: opt(Type.String()),
        livenessEndpointName: opt(Type.String()),
      }),
    ),
    webhook: opt(
      Type.Object({
        port: opt(Port('Webhook server port.')),
        host: opt(Type.String()),
        certDir: opt(Type.String()),
      }),
    ),
    s3StoreProfiles: opt(Type.Array(S3StoreProfile)),
    maxConcurrentReconciles: opt(Type.Integer({ minimum: 0, description: '0 means 1.' })),
    drClusterOperator: opt(
      Type.Object({
        deploymentAutomationEnabled: opt(Type.Boolean()),
        s3SecretDistributionEnabled: opt(Type.Boolean()),
        channelName: opt(Type.String()),
        packageName: opt(Type.String()),
        namespaceName: opt(Type.String()),
        catalogSourceName: opt(Type.String()),
        catalogSourceNamespaceName: opt(Type.String()),
        clusterServiceVersionName: opt(Type.String()),
      }),
    ),
    volSync: opt(
      Type.Object({
        disabled: opt(Type.Boolean()),
        cephFSCSIDriverName: opt(Type.String()),
        destinationCopyMethod: opt(OneOf(['', 'Snapshot', 'Direct'] as const, 'Snapshot or Direct')),
      }),
    ),
    kubeObjectProtection: opt(
      Type.Object({ disabled: opt(Type.Boolean()), veleroNamespaceName: opt(Type.String()) }),
    ),
    multiNamespace: opt(
      Type.Object({ FeatureEnabled: opt(Type.Boolean()), volsyncSupported: opt(Type.Boolean()) }),
    ),
    volumeUnprotectionEnabled: opt(Type.Boolean()),
    ramenOpsNamespace: opt(Type.String()),
    retainNamespaceSCCAcrossPeers: opt(Type.Boolean()),
  });
}

/** The schema of the RamenConfig YAML document as written in the ConfigMap. */
export const RamenConfigDocument = ramenConfigDocumentSchema();
/** A RamenConfig document as written (every field optional). */
export type RamenConfigDocument = Static<typeof RamenConfigDocument>;

/** An S3 store profile after validation and defaulting. */
export interface ResolvedS3StoreProfile {
  readonly s3ProfileName: string;
  readonly s3Bucket: string;
  readonly s3CompatibleEndpoint: string;
  /** Empty when the document names none. */
  readonly s3Region: string;
  /** Absent when the profile names no secret (anonymous access). */
  readonly s3SecretRef?: { readonly name: string; readonly namespace: string };
  readonly veleroNamespaceSecretKeyRef?: {
    readonly key: string;
    readonly name?: string;
    readonly optional?: boolean;
  };
  readonly caCertificates?: string;
}

/** A RamenConfig with every default applied: what the operators receive. */
export interface ResolvedRamenConfig {
  readonly apiVersion: string;
  readonly kind: 'RamenConfig';
  readonly ramenControllerType: RamenControllerType;
  readonly syncPeriod: string;
  readonly cacheNamespace: string;
  readonly gracefulShutDown: string;
  readonly controller: {
    readonly groupKindConcurrency: Readonly<Record<string, number>>;
    /** Nanoseconds, as Go's time.Duration. */
    readonly cacheSyncTimeout: number;
    readonly recoverPanic: boolean;
  };
  readonly leaderElection: {
    readonly leaderElect: boolean;
    readonly leaseDuration: string;
    readonly renewDeadline: string;
    readonly retryPeriod: string;
    readonly resourceLock: string;
    readonly resourceName: string;
    readonly resourceNamespace: string;
  };
  readonly metrics: { readonly bindAddress: string };
  readonly health: {
    readonly healthProbeBindAddress: string;
    readonly readinessEndpointName: string;
    readonly livenessEndpointName: string;
  };
  readonly webhook: { readonly port: number; readonly host: string; readonly certDir: string };
  readonly s3StoreProfiles: readonly ResolvedS3StoreProfile[];
  readonly maxConcurrentReconciles: number;
  readonly drClusterOperator: {
    readonly deploymentAutomationEnabled: boolean;
    readonly s3SecretDistributionEnabled: boolean;
    readonly channelName: string;
    readonly packageName: string;
    readonly namespaceName: string;
    readonly catalogSourceName: string;
    readonly catalogSourceNamespaceName: string;
    readonly clusterServiceVersionName: string;
  };
  readonly volSync: {
    readonly disabled: boolean;
    readonly cephFSCSIDriverName: string;
    readonly destinationCopyMethod: 'Snapshot' | 'Direct';
  };
  readonly kubeObjectProtection: { readonly disabled: boolean; readonly veleroNamespaceName: string };
  readonly multiNamespace: { readonly FeatureEnabled: boolean; readonly volsyncSupported: boolean };
  readonly volumeUnprotectionEnabled: boolean;
  readonly ramenOpsNamespace: string;
  readonly retainNamespaceSCCAcrossPeers: boolean;
}

/** Freezes `value` and everything reachable from it, so a resolved config cannot drift after start-up. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Ramen's defaults for one operator (Ramen's `DefaultRamenConfig` plus controller-runtime's manager defaults), with
 * namespace-valued defaults pointing at `operatorNamespace`. Returns a new, unfrozen object.
 */
export function defaultRamenConfig(
  controllerType: RamenControllerType,
  operatorNamespace: string = RAMEN_SYSTEM_NAMESPACE,
): ResolvedRamenConfig {
  return {
    apiVersion: RAMEN_API_VERSION,
    kind: 'RamenConfig',
    ramenControllerType: controllerType,
    syncPeriod: '10h',
    cacheNamespace: '',
    gracefulShutDown: '30s',
    controller: { groupKindConcurrency: {}, cacheSyncTimeout: 120_000_000_000, recoverPanic: false },
    leaderElection: {
      leaderElect: true,
      leaseDuration: '15s',
      renewDeadline: '10s',
      retryPeriod: '2s',
      resourceLock: 'leases',
      resourceName:
        controllerType === 'dr-hub' ? 'hub.ramendr.openshift.io' : 'dr-cluster.ramendr.openshift.io',
      resourceNamespace: operatorNamespace,
    },
    metrics: { bindAddress: '0.0.0.0:9289' },
    health: {
      healthProbeBindAddress: ':8081',
      readinessEndpointName: 'readyz',
      livenessEndpointName: 'healthz',
    },
    webhook: { port: 9443, host: '', certDir: '' },
    s3StoreProfiles: [],
    maxConcurrentReconciles: 1,
    drClusterOperator: {
      deploymentAutomationEnabled: true,
      s3SecretDistributionEnabled: true,
      channelName: 'alpha',
      packageName: 'ramen-dr-cluster-operator',
      namespaceName: operatorNamespace,
      catalogSourceName: 'ramen-catalog',
      catalogSourceNamespaceName: operatorNamespace,
      clusterServiceVersionName: 'ramen-dr-cluster-operator.v0.0.1',
    },
    volSync: {
      disabled: false,
      cephFSCSIDriverName: 'openshift-storage.cephfs.csi.ceph.com',
      destinationCopyMethod: 'Direct',
    },
    kubeObjectProtection: { disabled: false, veleroNamespaceName: 'velero' },
    multiNamespace: { FeatureEnabled: true, volsyncSupported: true },
    volumeUnprotectionEnabled: true,
    ramenOpsNamespace: RAMEN_OPS_NAMESPACE_DEFAULT,
    retainNamespaceSCCAcrossPeers: true,
  };
}

/** Ramen's defaults per operator, for operators running in `ramen-system` (deeply frozen). */
export const DefaultRamenConfig: Readonly<Record<RamenControllerType, ResolvedRamenConfig>> = deepFreeze({
  'dr-hub': defaultRamenConfig('dr-hub'),
  'dr-cluster': defaultRamenConfig('dr-cluster'),
});

/** What went wrong in a RamenConfig; lets callers react without parsing messages. */
export type RamenConfigErrorReason =
  | 'InvalidYAML'
  | 'NotAMapping'
  | 'MissingControllerType'
  | 'InvalidControllerType'
  | 'ControllerTypeMismatch'
  | 'InvalidS3Profile'
  | 'DuplicateS3Profile'
  | 'InvalidField';

/** A RamenConfig that cannot be used; the message says what is wrong and what to change. */
export class RamenConfigError extends Error {
  override name = 'RamenConfigError';
  constructor(
    readonly reason: RamenConfigErrorReason,
    /** Where in the document, e.g. `s3StoreProfiles[1].s3Bucket`; empty for the whole document. */
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${RAMEN_CONFIG_MAP_KEY}: ${message}`, options);
  }
}

/** How to read a RamenConfig. */
export interface ParseRamenConfigOptions {
  /**
   * The operator reading the config. Required when the document has no `ramenControllerType` (newer Ramen takes
   * it from the environment); when both are given they must agree.
   */
  controllerType?: RamenControllerType;
  /** The operator's namespace: the default for secret, OLM and leader-election namespaces. @default 'ramen-system' */
  operatorNamespace?: string;
}

/** Parses YAML text into a plain mapping, or throws. */
function parseYamlMapping(yamlText: string): Record<string, unknown> {
  const document = parseDocument(yamlText);
  const [firstError] = document.errors;
  if (firstError) {
    throw new RamenConfigError(
      'InvalidYAML',
      '',
      `is not valid YAML (${firstError.message.split('\n')[0]}); fix the syntax of the ConfigMap value`,
      { cause: firstError },
    );
  }
  const content: unknown = document.toJS();
  if (content === null || content === undefined) return {};
  if (typeof content !== 'object' || Array.isArray(content)) {
    throw new RamenConfigError(
      'NotAMapping',
      '',
      `must be a YAML mapping of RamenConfig fields, not ${Array.isArray(content) ? 'a list' : typeof content}`,
    );
  }
  return withoutNulls(content) as Record<string, unknown>;
}

/** Drops `key: null` entries (an empty YAML value), which Go's decoder treats as the field being absent. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, child]) => child !== null)
      .map(([key, child]) => [key, withoutNulls(child)]),
  );
}

/** Decides which operator the config is for, from the document and the caller. */
function resolveControllerType(raw: unknown, expected: RamenControllerType | undefined): RamenControllerType {
  const choices =
    'set ramenControllerType to "dr-hub" (hub operator) or "dr-cluster" (managed-cluster operator)';
  if (raw === undefined || raw === null || raw === '') {
    if (expected) return expected;
    throw new RamenConfigError(
      'MissingControllerType',
      'ramenControllerType',
      `has no ramenControllerType; ${choices}`,
    );
  }
  if (!RAMEN_CONTROLLER_TYPES.includes(raw as RamenControllerType)) {
    throw new RamenConfigError(
      'InvalidControllerType',
      'ramenControllerType',
      `ramenControllerType ${JSON.stringify(raw)} is not valid; ${choices}`,
    );
  }
  const declared = raw as RamenControllerType;
  if (expected && expected !== declared) {
    throw new RamenConfigError(
      'ControllerTypeMismatch',
      'ramenControllerType',
      `says ramenControllerType "${declared}" but the ${expected} operator is reading it; put this config in ` +
        `ConfigMap ${ramenConfigMapName(declared)}, or set ramenControllerType to "${expected}"`,
    );
  }
  return declared;
}

/** Whether `value` is a string with content. */
function isFilled(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Checks the fields every S3 profile needs; profile names must be unique because DRClusters refer to them. */
function checkS3Profiles(profiles: unknown): void {
  if (!Array.isArray(profiles)) return; // a wrong type is reported by the schema check
  const seen = new Map<string, number>();
  profiles.forEach((profile: unknown, index) => {
    const at = `s3StoreProfiles[${index}]`;
    const fields = (profile && typeof profile === 'object' ? profile : {}) as Record<string, unknown>;
    const name = fields.s3ProfileName;
    if (!isFilled(name)) {
      throw new RamenConfigError(
        'InvalidS3Profile',
        `${at}.s3ProfileName`,
        `${at} has no s3ProfileName; name the profile (DRClusters refer to it by spec.s3ProfileName)`,
      );
    }
    requireProfileField(fields, at, name, 's3Bucket', 'the bucket that holds cluster data for this profile');
    requireProfileField(
      fields,
      at,
      name,
      's3CompatibleEndpoint',
      'the URL of the S3 endpoint, e.g. http://host:9000',
    );
    checkEndpointUrl(fields.s3CompatibleEndpoint as string, at, name);
    const first = seen.get(name);
    if (first !== undefined) {
      throw new RamenConfigError(
        'DuplicateS3Profile',
        `${at}.s3ProfileName`,
        `s3ProfileName "${name}" is used by s3StoreProfiles[${first}] and ${at}; give each profile a unique name`,
      );
    }
    seen.set(name, index);
  });
}

/** Throws unless `fields[key]` is a non-empty string. */
function requireProfileField(
  fields: Record<string, unknown>,
  at: string,
  name: string,
  key: string,
  what: string,
): void {
  if (isFilled(fields[key])) return;
  throw new RamenConfigError(
    'InvalidS3Profile',
    `${at}.${key}`,
    `S3 profile "${name}" (${at}) has no ${key}; add ${what}`,
  );
}

/** Throws unless `endpoint` is an absolute URL (Ramen's `url.ParseRequestURI` check). */
function checkEndpointUrl(endpoint: string, at: string, name: string): void {
  try {
    new URL(endpoint);
  } catch (error) {
    throw new RamenConfigError(
      'InvalidS3Profile',
      `${at}.s3CompatibleEndpoint`,
      `S3 profile "${name}" has s3CompatibleEndpoint ${JSON.stringify(endpoint)}, which is not a URL; ` +
        'use an absolute URL such as https://s3.example.com',
      { cause: error },
    );
  }
}

/** Validates field types against `RamenConfigDocument`, reporting the first problem. */
function checkDocumentSchema(content: Record<string, unknown>): RamenConfigDocument {
  const [first] = Value.Errors(RamenConfigDocument, content);
  if (!first) return content as RamenConfigDocument;
  const path = first.path
    .replace(/^\//, '')
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replaceAll('/', '.');
  const hint = first.schema.description ? ` (${first.schema.description.replace(/\.$/, '')})` : '';
  const expected = first.message.charAt(0).toLowerCase() + first.message.slice(1);
  throw new RamenConfigError(
    'InvalidField',
    path,
    `field ${path}${hint} is invalid: ${expected}, found ${JSON.stringify(first.value)}; correct the value`,
    { cause: first },
  );
}

/** `value` unless it is absent or empty, else `fallback` (Ramen's `...OrDefault` helpers). */
function orDefault(value: string | undefined, fallback: string): string {
  return value === undefined || value === '' ? fallback : value;
}

/** Applies defaults to one S3 profile. */
function resolveS3Profile(
  profile: NonNullable<RamenConfigDocument['s3StoreProfiles']>[number],
  operatorNamespace: string,
): ResolvedS3StoreProfile {
  const { s3SecretRef, veleroNamespaceSecretKeyRef, caCertificates } = profile;
  return {
    s3ProfileName: profile.s3ProfileName ?? '',
    s3Bucket: profile.s3Bucket ?? '',
    s3CompatibleEndpoint: profile.s3CompatibleEndpoint ?? '',
    s3Region: profile.s3Region ?? '',
    ...(s3SecretRef?.name
      ? {
          s3SecretRef: {
            name: s3SecretRef.name,
            namespace: orDefault(s3SecretRef.namespace, operatorNamespace),
          },
        }
      : {}),
    ...(veleroNamespaceSecretKeyRef
      ? { veleroNamespaceSecretKeyRef: { ...veleroNamespaceSecretKeyRef } }
      : {}),
    ...(caCertificates ? { caCertificates } : {}),
  };
}

/** Applies the document's values over Ramen's defaults; empty strings fall back where Ramen's code does. */
function resolve(
  doc: RamenConfigDocument,
  defaults: ResolvedRamenConfig,
  operatorNamespace: string,
): ResolvedRamenConfig {
  const d = defaults;
  const dco = doc.drClusterOperator ?? {};
  return {
    ...d,
    syncPeriod: doc.syncPeriod ?? d.syncPeriod,
    cacheNamespace: doc.cacheNamespace ?? d.cacheNamespace,
    gracefulShutDown: doc.gracefulShutDown ?? d.gracefulShutDown,
    controller: { ...d.controller, ...doc.controller },
    leaderElection: { ...d.leaderElection, ...doc.leaderElection },
    metrics: { ...d.metrics, ...doc.metrics },
    health: { ...d.health, ...doc.health },
    webhook: { ...d.webhook, ...doc.webhook },
    s3StoreProfiles: (doc.s3StoreProfiles ?? []).map((profile) =>
      resolveS3Profile(profile, operatorNamespace),
    ),
    maxConcurrentReconciles: doc.maxConcurrentReconciles || d.maxConcurrentReconciles,
    drClusterOperator: {
      deploymentAutomationEnabled:
        dco.deploymentAutomationEnabled ?? d.drClusterOperator.deploymentAutomationEnabled,
      s3SecretDistributionEnabled:
        dco.s3SecretDistributionEnabled ?? d.drClusterOperator.s3SecretDistributionEnabled,
      channelName: orDefault(dco.channelName, d.drClusterOperator.channelName),
      packageName: orDefault(dco.packageName, d.drClusterOperator.packageName),
      namespaceName: orDefault(dco.namespaceName, d.drClusterOperator.namespaceName),
      catalogSourceName: orDefault(dco.catalogSourceName, d.drClusterOperator.catalogSourceName),
      catalogSourceNamespaceName: orDefault(
        dco.catalogSourceNamespaceName,
        d.drClusterOperator.catalogSourceNamespaceName,
      ),
      clusterServiceVersionName: orDefault(
        dco.clusterServiceVersionName,
        d.drClusterOperator.clusterServiceVersionName,
      ),
    },
    volSync: {
      disabled: doc.volSync?.disabled ?? d.volSync.disabled,
      cephFSCSIDriverName: orDefault(doc.volSync?.cephFSCSIDriverName, d.volSync.cephFSCSIDriverName),
      // Present but empty means Snapshot (Ramen's volSyncDestinationCopyMethodOrDefault); absent takes the default.
      destinationCopyMethod:
        doc.volSync?.destinationCopyMethod === ''
          ? 'Snapshot'
          : (doc.volSync?.destinationCopyMethod ?? d.volSync.destinationCopyMethod),
    },
    kubeObjectProtection: {
      disabled: doc.kubeObjectProtection?.disabled ?? d.kubeObjectProtection.disabled,
      veleroNamespaceName: orDefault(
        doc.kubeObjectProtection?.veleroNamespaceName,
        d.kubeObjectProtection.veleroNamespaceName,
      ),
    },
    multiNamespace: { ...d.multiNamespace, ...doc.multiNamespace },
    volumeUnprotectionEnabled: doc.volumeUnprotectionEnabled ?? d.volumeUnprotectionEnabled,
    ramenOpsNamespace: orDefault(doc.ramenOpsNamespace, d.ramenOpsNamespace),
    retainNamespaceSCCAcrossPeers: doc.retainNamespaceSCCAcrossPeers ?? d.retainNamespaceSCCAcrossPeers,
  };
}

/**
 * Parses the `ramen_manager_config.yaml` text of a Ramen ConfigMap into a fully defaulted, deeply frozen config.
 * Throws a `RamenConfigError` for invalid YAML, a wrong or missing `ramenControllerType`, an S3 profile without
 * name, bucket or a valid endpoint, duplicate profile names, or a field of the wrong type.
 */
export function parseRamenConfig(
  yamlText: string,
  options: ParseRamenConfigOptions = {},
): ResolvedRamenConfig {
  const operatorNamespace = options.operatorNamespace ?? RAMEN_SYSTEM_NAMESPACE;
  const content = parseYamlMapping(yamlText);
  const controllerType = resolveControllerType(content.ramenControllerType, options.controllerType);
  checkS3Profiles(content.s3StoreProfiles);
  const doc = checkDocumentSchema(content);
  return deepFreeze(resolve(doc, defaultRamenConfig(controllerType, operatorNamespace), operatorNamespace));
}
