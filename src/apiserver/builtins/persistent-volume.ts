/**
 * PersistentVolume (core/v1, cluster-scoped), §17.6: Retain reclaim policy and Filesystem mode by default, Pending
 * with a phase-transition time on create and the `kubernetes.io/pv-protection` finalizer, exactly one volume
 * source (CSI, host path, local and NFS typed; the in-tree drivers kept as sent) that cannot change, and kubectl's
 * CAPACITY/ACCESS MODES/RECLAIM POLICY/STATUS/CLAIM/… printer.
 */

import { Type } from '@sinclair/typebox';
import {
  DateTime,
  defineKind,
  type FieldError,
  FreeForm,
  forbiddenError,
  invalidError,
  jsonEqual,
  type KindObject,
  List,
  notSupportedError,
  ObjectReference,
  ResourceList,
  requiredError,
  StringMap,
  TypedString,
  tooLongError,
} from '../../api/index.js';
import type { BuiltinResource, HookContext } from './builtin-resource.js';
import { defineBuiltin, STATUS_SUBRESOURCE } from './define-builtin.js';
import { ensureArray, ensureObject } from './ensure.js';
import { isDNS1123Subdomain } from './names.js';
import {
  accessModeErrors,
  BETA_STORAGE_CLASS_ANNOTATION,
  volumeAttributesClassErrors,
} from './persistent-volume-claim.js';
import { accessModesString, ageColumn, column, nameColumn, quantityCell } from './printer-helpers.js';
import { quantityValue } from './quantity.js';
import { SecretReference } from './schemas/common.js';
import type { AccessMode } from './schemas/persistent-volume-claim-spec.js';
import { immutableErrors } from './workload-validation.js';

/** The finalizer that keeps a volume while a claim is bound to it. */
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/** In-tree volume sources kept as sent, in `PersistentVolumeSource` struct order. */
const UNTYPED_PV_SOURCES = [
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'rbd',
  'iscsi',
  'cinder',
  'cephfs',
  'fc',
  'flocker',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const;

/** Every volume source of a PV in the order validation counts them. */
export const PV_SOURCE_ORDER = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'flocker',
  'nfs',
  'rbd',
  'quobyte',
  'cephfs',
  'iscsi',
  'cinder',
  'fc',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'scaleIO',
  'local',
  'storageos',
  'csi',
] as const;

function untypedSources() {
  const sources: Record<string, ReturnType<typeof optionalFreeForm>> = {};
  for (const name of UNTYPED_PV_SOURCES) sources[name] = optionalFreeForm(`The ${name} volume source.`);
  return sources as Record<(typeof UNTYPED_PV_SOURCES)[number], ReturnType<typeof optionalFreeForm>>;
}

function optionalFreeForm(description: string) {
  return Type.Optional(FreeForm({ description }));
}

const CSISource = Type.Object({
  controllerExpandSecretRef: Type.Optional(SecretReference()),
  controllerPublishSecretRef: Type.Optional(SecretReference()),
  driver: Type.Optional(Type.String({ description: 'Name of the CSI driver.' })),
  fsType: Type.Optional(Type.String({ description: 'Filesystem to mount.' })),
  nodeExpandSecretRef: Type.Optional(SecretReference()),
  nodePublishSecretRef: Type.Optional(SecretReference()),
  nodeStageSecretRef: Type.Optional(SecretReference()),
  readOnly: Type.Optional(Type.Boolean()),
  volumeAttributes: Type.Optional(StringMap({ description: 'Driver-specific attributes.' })),
  volumeHandle: Type.Optional(Type.String({ description: 'Volume ID the driver returned.' })),
});

/** The PersistentVolume kind's schema. */
export const PersistentVolumeKind = defineKind({
  group: '',
  version: 'v1',
  kind: 'PersistentVolume',
  plural: 'persistentvolumes',
  scope: 'Cluster',
  shortNames: ['pv'],
  description: 'A piece of storage in the cluster, bound to at most one claim.',
  properties: {
    spec: Type.Optional(
      Type.Object({
        accessModes: Type.Optional(
          List(TypedString<AccessMode>(), { description: 'How the volume can be mounted.' }),
        ),
        capacity: Type.Optional(ResourceList({ description: 'Size of the volume (storage).' })),
        claimRef: Type.Optional(ObjectReference({ description: 'The claim bound to this volume.' })),
        csi: Type.Optional(CSISource),
        hostPath: Type.Optional(
          Type.Object({ path: Type.Optional(Type.String()), type: Type.Optional(Type.String()) }),
        ),
        local: Type.Optional(
          Type.Object({ fsType: Type.Optional(Type.String()), path: Type.Optional(Type.String()) }),
        ),
        mountOptions: Type.Optional(List(Type.String(), { description: 'Mount options.' })),
        nfs: Type.Optional(
          Type.Object({
            path: Type.Optional(Type.String()),
            readOnly: Type.Optional(Type.Boolean()),
            server: Type.Optional(Type.String()),
          }),
        ),
        nodeAffinity: Type.Optional(FreeForm({ description: 'Nodes the volume can be used from.' })),
        persistentVolumeReclaimPolicy: Type.Optional(
          TypedString<'Retain' | 'Delete' | 'Recycle'>({
            description: 'What happens after the claim is released.',
          }),
        ),
        storageClassName: Type.Optional(Type.String({ description: 'StorageClass of the volume.' })),
        volumeAttributesClassName: Type.Optional(Type.String()),
        volumeMode: Type.Optional(
          TypedString<'Filesystem' | 'Block'>({ description: 'Filesystem (default) or Block.' }),
        ),
        ...untypedSources(),
      }),
    ),
    status: Type.Optional(
      Type.Object({
        lastPhaseTransitionTime: Type.Optional(DateTime({ description: 'When the phase last changed.' })),
        message: Type.Optional(Type.String()),
        phase: Type.Optional(
          TypedString<'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed'>({
            description: 'Pending, Available, Bound, Released or Failed.',
          }),
        ),
        reason: Type.Optional(Type.String()),
      }),
    ),
  },
});

/** A PersistentVolume object. */
export type PersistentVolume = KindObject<typeof PersistentVolumeKind>;
type Spec = NonNullable<PersistentVolume['spec']>;

/** The wire form of a `metav1.Time`: RFC 3339 in UTC, whole seconds. */
export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function sourceErrors(spec: Spec): FieldError[] {
  const present = PV_SOURCE_ORDER.filter((source) => spec[source] !== undefined);
  const errors: FieldError[] = present
    .slice(1)
    .map((source) => forbiddenError(`spec.${source}`, 'may not specify more than 1 volume type'));
  if (present.length === 0) errors.push(requiredError('spec', 'must specify a volume type'));
  if (spec.csi) {
    const driver = spec.csi.driver ?? '';
    if (!driver) errors.push(requiredError('spec.csi.driver'));
    if (driver.length > 63) errors.push(tooLongError('spec.csi.driver', 63));
    errors.push(
      ...isDNS1123Subdomain(driver.toLowerCase()).map((m) => invalidError('spec.csi.driver', driver, m)),
    );
    if (!spec.csi.volumeHandle) errors.push(requiredError('spec.csi.volumeHandle'));
  }
  if (spec.hostPath && !spec.hostPath.path) errors.push(requiredError('spec.hostPath.path'));
  if (spec.nfs) {
    if (!spec.nfs.server) errors.push(requiredError('spec.nfs.server'));
    if (!spec.nfs.path) errors.push(requiredError('spec.nfs.path'));
    if (!(spec.nfs.path ?? '').startsWith('/'))
      errors.push(invalidError('spec.nfs.path', spec.nfs.path ?? '', 'must be an absolute path'));
  }
  if (spec.local) {
    if (!spec.local.path) errors.push(requiredError('spec.local.path'));
    if (!spec.nodeAffinity)
      errors.push(requiredError('spec.nodeAffinity', 'Local volume requires node affinity'));
  }
  return errors;
}

function capacityErrors(capacity: Spec['capacity']): FieldError[] {
  const entries = Object.entries(capacity ?? {});
  const errors: FieldError[] = [];
  if (entries.length === 0) errors.push(requiredError('spec.capacity'));
  if (!capacity || !Object.hasOwn(capacity, 'storage') || entries.length > 1) {
    errors.push(notSupportedError('spec.capacity', capacity ?? {}, ['storage']));
  }
  for (const [name, quantity] of entries) {
    const value = quantityValue(quantity);
    if (value === undefined)
      errors.push(
        invalidError(`spec.capacity[${name}]`, String(quantity), 'must be a valid resource quantity'),
      );
    else if (value <= 0)
      errors.push(invalidError(`spec.capacity[${name}]`, String(quantity), 'must be greater than zero'));
  }
  return errors;
}

/** `ValidatePersistentVolumeSpec` for a standalone volume. */
export function persistentVolumeErrors(volume: PersistentVolume): FieldError[] {
  const spec = volume.spec ?? {};
  const errors: FieldError[] = [];
  if (!spec.accessModes?.length) errors.push(requiredError('spec.accessModes'));
  errors.push(...accessModeErrors('spec.accessModes', spec.accessModes ?? []));
  errors.push(...capacityErrors(spec.capacity));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy && !['Delete', 'Recycle', 'Retain'].includes(policy)) {
    errors.push(
      notSupportedError('spec.persistentVolumeReclaimPolicy', policy, ['Delete', 'Recycle', 'Retain']),
    );
  }
  errors.push(...sourceErrors(spec));
  if (/^\/+$/.test(spec.hostPath?.path ?? '') && policy === 'Recycle') {
    errors.push(
      forbiddenError(
        'spec.persistentVolumeReclaimPolicy',
        "may not be 'recycle' for a hostPath mount of '/'",
      ),
    );
  }
  const className = spec.storageClassName;
  if (className) {
    errors.push(
      ...isDNS1123Subdomain(className).map((m) => invalidError('spec.storageClassName', className, m)),
    );
  }
  if (spec.volumeMode !== undefined && spec.volumeMode !== 'Block' && spec.volumeMode !== 'Filesystem') {
    errors.push(notSupportedError('spec.volumeMode', spec.volumeMode, ['Block', 'Filesystem']));
  }
  return errors;
}

/** The volume source of a spec (every source field), for the immutability check. */
function volumeSource(spec: Spec | undefined, ignoreExpandSecret: boolean): Record<string, unknown> {
  const source: Record<string, unknown> = {};
  for (const name of PV_SOURCE_ORDER) if (spec?.[name] !== undefined) source[name] = spec[name];
  if (ignoreExpandSecret && spec?.csi) {
    const { controllerExpandSecretRef: _ignored, ...csi } = spec.csi;
    source.csi = csi;
  }
  return source;
}

/** `ValidatePersistentVolumeUpdate`: a valid volume whose source, mode and (once set) node affinity do not change. */
export function persistentVolumeUpdateErrors(volume: PersistentVolume, old: PersistentVolume): FieldError[] {
  const errors = persistentVolumeErrors(volume);
  const addsExpandSecret =
    !!old.spec?.csi &&
    !old.spec.csi.controllerExpandSecretRef &&
    !!volume.spec?.csi?.controllerExpandSecretRef;
  if (!jsonEqual(volumeSource(volume.spec, addsExpandSecret), volumeSource(old.spec, false))) {
    errors.push(
      forbiddenError(
        'spec.persistentvolumesource',
        'spec.persistentvolumesource is immutable after creation',
      ),
    );
  }
  errors.push(...immutableErrors('volumeMode', volume.spec?.volumeMode, old.spec?.volumeMode));
  if (old.spec?.nodeAffinity) {
    errors.push(...immutableErrors('nodeAffinity', volume.spec?.nodeAffinity, old.spec.nodeAffinity));
  }
  errors.push(
    ...volumeAttributesClassErrors(
      volume.spec?.volumeAttributesClassName,
      old.spec?.volumeAttributesClassName,
    ),
  );
  return errors;
}

/** The PV status strategy: a phase change stamps `lastPhaseTransitionTime` unless the client set a new one. */
function stampPhaseTransition(volume: PersistentVolume, old: PersistentVolume, context: HookContext): void {
  const status = ensureObject(volume, 'status');
  const oldStatus = old.status ?? {};
  if (status.phase === oldStatus.phase) {
    if (status.lastPhaseTransitionTime === undefined && oldStatus.lastPhaseTransitionTime !== undefined) {
      status.lastPhaseTransitionTime = oldStatus.lastPhaseTransitionTime;
    }
  } else if (
    !status.lastPhaseTransitionTime ||
    status.lastPhaseTransitionTime === oldStatus.lastPhaseTransitionTime
  ) {
    status.lastPhaseTransitionTime = formatTime(context.now);
  }
}

/** `GetPersistentVolumeClass`: the beta annotation, else `storageClassName`. */
export function volumeClass(volume: PersistentVolume): string {
  return volume.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? volume.spec?.storageClassName ?? '';
}

/** The PersistentVolume built-in. */
export const persistentVolumeResource: BuiltinResource<PersistentVolume> = defineBuiltin<PersistentVolume>(
  PersistentVolumeKind,
  {
    subresources: [STATUS_SUBRESOURCE],
    nameRule: 'dns1123-subdomain',
    returnsDeletedObject: true,
    defaults(volume) {
      const spec = ensureObject(volume, 'spec');
      spec.persistentVolumeReclaimPolicy ||= 'Retain';
      spec.volumeMode ??= 'Filesystem';
      if (spec.hostPath) spec.hostPath.type ??= '';
      ensureObject(volume, 'status').phase ||= 'Pending';
    },
    prepareForCreate(volume, context) {
      volume.status = { phase: 'Pending', lastPhaseTransitionTime: formatTime(context.now) };
      const finalizers = ensureArray(volume.metadata, 'finalizers');
      if (!finalizers.includes(PV_PROTECTION_FINALIZER)) finalizers.push(PV_PROTECTION_FINALIZER);
    },
    prepareForStatusUpdate: stampPhaseTransition,
    validate: persistentVolumeErrors,
    validateUpdate: persistentVolumeUpdateErrors,
    printerColumns: [
      nameColumn<PersistentVolume>(),
      column<PersistentVolume>('Capacity', 'Size of the volume.', (pv) =>
        quantityCell(pv.spec?.capacity?.storage),
      ),
      column<PersistentVolume>('Access Modes', 'How the volume can be mounted.', (pv) =>
        accessModesString(pv.spec?.accessModes),
      ),
      column<PersistentVolume>(
        'Reclaim Policy',
        'What happens after the claim is released.',
        (pv) => pv.spec?.persistentVolumeReclaimPolicy ?? '',
      ),
      column<PersistentVolume>('Status', 'Phase of the volume.', (pv) =>
        pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
      ),
      column<PersistentVolume>('Claim', 'The bound claim as namespace/name.', (pv) =>
        pv.spec?.claimRef ? `${pv.spec.claimRef.namespace ?? ''}/${pv.spec.claimRef.name ?? ''}` : '',
      ),
      column<PersistentVolume>('StorageClass', 'StorageClass of the pv', volumeClass),
      column<PersistentVolume>(
        'VolumeAttributesClass',
        'VolumeAttributesClass of the pv',
        (pv) => pv.spec?.volumeAttributesClassName ?? '<unset>',
      ),
      column<PersistentVolume>('Reason', 'Reason for the phase.', (pv) => pv.status?.reason ?? ''),
      ageColumn<PersistentVolume>(),
      column<PersistentVolume>(
        'VolumeMode',
        'Filesystem or Block.',
        (pv) => pv.spec?.volumeMode ?? '<unset>',
        { priority: 1 },
      ),
    ],
  },
);
