/**
 * The VolSync part of Ramen's API: per-PVC mover settings and the ReplicationSource / ReplicationDestination
 * descriptions the hub exchanges between the primary and secondary VRGs. VRG and DRPC specs embed VolSyncSpec;
 * ReplicationGroupSource and ReplicationGroupDestination list the source and destination specs directly.
 */
import { type Static, Type } from '@sinclair/typebox';
import { type KubeSchemaOptions, List, LocalObjectReference, PodSecurityContext } from '../schema/index.js';
import { ProtectedPVC } from './protected-pvc.js';

/** How VolSync's mover pods run for one PVC. */
export function MoverConfig(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      moverSecurityContext: Type.Optional(
        PodSecurityContext({ description: 'Security context of the mover pods.' }),
      ),
      moverServiceAccount: Type.Optional(Type.String({ description: 'Service account of the mover pods.' })),
      pvcName: Type.String({ minLength: 1, description: 'The PVC this configuration applies to.' }),
      pvcNamespace: Type.String({ minLength: 1, description: 'Namespace of that PVC.' }),
    },
    options,
  );
}
/** A mover configuration as the TypeScript code sees it. */
export type MoverConfig = Static<ReturnType<typeof MoverConfig>>;

/** Where an rsync-over-TLS source connects and the secret holding the pre-shared key. */
export function RsyncTLSConfig(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      address: Type.Optional(Type.String({ description: 'Address of the ReplicationDestination.' })),
      tlsSecretRef: Type.Optional(LocalObjectReference({ description: 'Secret with the pre-shared key.' })),
    },
    options,
  );
}

/** What a secondary needs to create a ReplicationDestination for one PVC. */
export function VolSyncReplicationDestinationSpec(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      moverConfig: Type.Optional(MoverConfig({ description: 'Mover settings for this PVC.' })),
      protectedPVC: Type.Optional(ProtectedPVC({ description: 'The PVC to receive.' })),
    },
    options,
  );
}
/** A ReplicationDestination description as the TypeScript code sees it. */
export type VolSyncReplicationDestinationSpec = Static<ReturnType<typeof VolSyncReplicationDestinationSpec>>;

/** What a primary needs to create a ReplicationSource for one PVC. */
export function VolSyncReplicationSourceSpec(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      moverConfig: Type.Optional(MoverConfig({ description: 'Mover settings for this PVC.' })),
      protectedPVC: Type.Optional(ProtectedPVC({ description: 'The PVC to send.' })),
      rsyncTLS: Type.Optional(
        RsyncTLSConfig({ description: 'Destination address when Submariner does not provide one.' }),
      ),
    },
    options,
  );
}
/** A ReplicationSource description as the TypeScript code sees it. */
export type VolSyncReplicationSourceSpec = Static<ReturnType<typeof VolSyncReplicationSourceSpec>>;

/** A ReplicationDestination a secondary VRG reports, so the hub can point the primary's source at it. */
export function VolSyncReplicationDestinationInfo(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      protectedPVC: Type.Optional(ProtectedPVC({ description: 'The PVC being received.' })),
      rsyncTLS: Type.Optional(RsyncTLSConfig({ description: 'Where the destination listens.' })),
    },
    options,
  );
}
/** A reported ReplicationDestination as the TypeScript code sees it. */
export type VolSyncReplicationDestinationInfo = Static<ReturnType<typeof VolSyncReplicationDestinationInfo>>;

/** The VolSync settings of a VRG (`spec.volSync`) or DRPC (`spec.volSyncSpec`). */
export function VolSyncSpec(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      disabled: Type.Optional(Type.Boolean({ description: 'Do not use VolSync for this application.' })),
      moverConfig: Type.Optional(List(MoverConfig(), { description: 'Mover settings per PVC.' })),
      rdSpec: Type.Optional(
        List(VolSyncReplicationDestinationSpec(), { description: 'Destinations to create while secondary.' }),
      ),
      rsSpec: Type.Optional(
        List(VolSyncReplicationSourceSpec(), { description: 'Sources to create while primary.' }),
      ),
    },
    options,
  );
}
/** VolSync settings as the TypeScript code sees them. */
export type VolSyncSpec = Static<ReturnType<typeof VolSyncSpec>>;
