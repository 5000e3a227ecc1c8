/**
 * corev1.PersistentVolumeClaimSpec and Status: shared by the PersistentVolumeClaim kind, StatefulSet
 * `volumeClaimTemplates` and ephemeral pod volumes.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  LabelSelector,
  List,
  ResourceList,
  StringMap,
  TypedString,
  VolumeResourceRequirements,
} from '../../../api/index.js';
import { ProbedCondition } from './common.js';

/** The access modes a volume or claim may list. */
export type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';

/** A data source reference of a claim (corev1.TypedLocalObjectReference, all optional here). */
function DataSource() {
  return Type.Object(
    {
      apiGroup: Type.Optional(Type.String({ description: 'API group of the source; empty for core.' })),
      kind: Type.Optional(
        Type.String({ description: 'Kind of the source (PersistentVolumeClaim, VolumeSnapshot).' }),
      ),
      name: Type.Optional(Type.String({ description: 'Name of the source.' })),
    },
    { 'x-kubernetes-map-type': 'atomic' },
  );
}

/** corev1.PersistentVolumeClaimSpec. */
export function PersistentVolumeClaimSpec() {
  return Type.Object({
    accessModes: Type.Optional(
      List(TypedString<AccessMode>(), {
        description: 'Desired access modes.',
        'x-kubernetes-list-type': 'atomic',
      }),
    ),
    dataSource: Type.Optional(DataSource()),
    dataSourceRef: Type.Optional(
      Type.Object({
        apiGroup: Type.Optional(Type.String({ description: 'API group of the populator source.' })),
        kind: Type.Optional(Type.String({ description: 'Kind of the source.' })),
        name: Type.Optional(Type.String({ description: 'Name of the source.' })),
        namespace: Type.Optional(Type.String({ description: 'Namespace of a cross-namespace source.' })),
      }),
    ),
    resources: Type.Optional(VolumeResourceRequirements({ description: 'Minimum and maximum storage.' })),
    selector: Type.Optional(LabelSelector({ description: 'Selects the volumes the claim may bind to.' })),
    storageClassName: Type.Optional(
      Type.String({ description: 'StorageClass of the claim; empty for none.' }),
    ),
    volumeAttributesClassName: Type.Optional(
      Type.String({ description: 'VolumeAttributesClass of the claim.' }),
    ),
    volumeMode: Type.Optional(
      TypedString<'Filesystem' | 'Block'>({ description: 'Filesystem (default) or Block.' }),
    ),
    volumeName: Type.Optional(Type.String({ description: 'The PersistentVolume the claim is bound to.' })),
  });
}

/** corev1.PersistentVolumeClaimStatus. */
export function PersistentVolumeClaimStatus() {
  return Type.Object({
    accessModes: Type.Optional(
      List(TypedString<AccessMode>(), { description: 'Access modes of the bound volume.' }),
    ),
    allocatedResourceStatuses: Type.Optional(StringMap({ description: 'Resize state per resource.' })),
    allocatedResources: Type.Optional(ResourceList({ description: 'Storage allocated to the claim.' })),
    capacity: Type.Optional(ResourceList({ description: 'Capacity of the bound volume.' })),
    conditions: Type.Optional(List(ProbedCondition(), { description: 'Resize and modify conditions.' })),
    currentVolumeAttributesClassName: Type.Optional(
      Type.String({ description: 'Applied VolumeAttributesClass.' }),
    ),
    modifyVolumeStatus: Type.Optional(
      Type.Object({
        status: Type.Optional(Type.String({ description: 'Pending, InProgress or Infeasible.' })),
        targetVolumeAttributesClassName: Type.Optional(Type.String({ description: 'Class being applied.' })),
      }),
    ),
    phase: Type.Optional(
      TypedString<'Pending' | 'Bound' | 'Lost'>({ description: 'Pending, Bound or Lost.' }),
    ),
  });
}

/** A claim spec as the TypeScript code sees it. */
export type PersistentVolumeClaimSpec = Static<ReturnType<typeof PersistentVolumeClaimSpec>>;
