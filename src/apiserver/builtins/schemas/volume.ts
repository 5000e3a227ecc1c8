/**
 * corev1.Volume: a name and exactly one source. The sources workloads in this product use (PVC, ConfigMap, Secret,
 * emptyDir, projected, downward API, host path, ephemeral) are typed; the others are kept as sent.
 */
import { type Static, Type } from '@sinclair/typebox';
import { FreeForm, Int32, List, Quantity } from '../../../api/index.js';
import { EmbeddedMetadata } from './common.js';
import { PersistentVolumeClaimSpec } from './persistent-volume-claim-spec.js';

/** corev1.KeyToPath: one key of a ConfigMap or Secret projected to a file. */
export function KeyToPath() {
  return Type.Object({
    key: Type.Optional(Type.String({ description: 'Key in the ConfigMap or Secret.' })),
    mode: Type.Optional(Int32({ description: 'File mode bits.' })),
    path: Type.Optional(Type.String({ description: 'Relative file path.' })),
  });
}

const items = () =>
  Type.Optional(List(KeyToPath(), { description: 'Keys to project; all keys when empty.' }));
const defaultMode = () =>
  Type.Optional(Int32({ description: 'Mode bits of the created files (0644 by default).' }));
const optional = () => Type.Optional(Type.Boolean({ description: 'Whether the source may be missing.' }));

/** The volume sources kept as sent (in-tree and legacy drivers). */
const UNTYPED_SOURCES = [
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'csi',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'image',
  'iscsi',
  'nfs',
  'photonPersistentDisk',
  'portworxVolume',
  'quobyte',
  'rbd',
  'scaleIO',
  'storageos',
  'vsphereVolume',
] as const;

/** Every volume source field of a pod volume, typed or not. */
export const VOLUME_SOURCE_FIELDS: readonly string[] = [
  ...UNTYPED_SOURCES,
  'configMap',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'hostPath',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

function untypedSources() {
  return Object.fromEntries(
    UNTYPED_SOURCES.map((name) => [
      name,
      Type.Optional(FreeForm({ description: `The ${name} volume source.` })),
    ]),
  ) as Record<(typeof UNTYPED_SOURCES)[number], ReturnType<typeof optionalFreeForm>>;
}

function optionalFreeForm() {
  return Type.Optional(FreeForm());
}

/** corev1.Volume. */
export function Volume() {
  return Type.Object({
    name: Type.Optional(Type.String({ description: 'Volume name, a DNS label unique in the pod.' })),
    configMap: Type.Optional(
      Type.Object({
        name: Type.Optional(Type.String()),
        items: items(),
        defaultMode: defaultMode(),
        optional: optional(),
      }),
    ),
    downwardAPI: Type.Optional(
      Type.Object(
        { items: Type.Optional(List(FreeForm())), defaultMode: defaultMode() },
        { description: 'Pod fields as files.' },
      ),
    ),
    emptyDir: Type.Optional(
      Type.Object({
        medium: Type.Optional(Type.String({ description: 'Empty for the node disk, Memory for tmpfs.' })),
        sizeLimit: Type.Optional(Quantity({ description: 'Most storage the volume may use.' })),
      }),
    ),
    ephemeral: Type.Optional(
      Type.Object({
        volumeClaimTemplate: Type.Optional(
          Type.Object({
            metadata: Type.Optional(EmbeddedMetadata()),
            spec: Type.Optional(PersistentVolumeClaimSpec()),
          }),
        ),
      }),
    ),
    hostPath: Type.Optional(
      Type.Object({
        path: Type.Optional(Type.String({ description: 'Path on the node.' })),
        type: Type.Optional(Type.String({ description: 'Expected type of the path; empty for no check.' })),
      }),
    ),
    persistentVolumeClaim: Type.Optional(
      Type.Object({
        claimName: Type.Optional(Type.String({ description: 'Name of a PVC in the pod namespace.' })),
        readOnly: Type.Optional(Type.Boolean({ description: 'Mount read-only.' })),
      }),
    ),
    projected: Type.Optional(
      Type.Object(
        { sources: Type.Optional(List(FreeForm())), defaultMode: defaultMode() },
        { description: 'Several sources in one directory.' },
      ),
    ),
    secret: Type.Optional(
      Type.Object({
        secretName: Type.Optional(Type.String()),
        items: items(),
        defaultMode: defaultMode(),
        optional: optional(),
      }),
    ),
    ...untypedSources(),
  });
}

/** A pod volume as the TypeScript code sees it. */
export type Volume = Static<ReturnType<typeof Volume>>;
