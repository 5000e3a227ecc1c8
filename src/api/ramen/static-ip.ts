/**
 * Static IPs of virtual machines: the VRG discovers which VMs use fixed addresses on secondary networks and
 * reports them (the DRPC copies that report), and the hub can give the VRG rules for rewriting those addresses
 * when the VMs are restored on the peer.
 */
import { type Static, Type } from '@sinclair/typebox';
import { type KubeSchemaOptions, List } from '../schema/index.js';

/** The object (usually a VirtualMachine) whose addresses are described. */
export function StaticIPResourceRef(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      apiVersion: Type.Optional(Type.String({ description: 'API version of the object.' })),
      kind: Type.Optional(Type.String({ description: 'Kind of the object.' })),
      name: Type.String({ description: 'Name of the object.' }),
      namespace: Type.String({ description: 'Namespace of the object.' }),
    },
    options,
  );
}

/** A VM found to use static IPs, with its addresses per network. */
export function ProtectedStaticIPResource(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      networks: Type.Optional(
        List(
          Type.Object({
            addresses: Type.Optional(
              List(Type.String(), { description: 'Static addresses on this network.' }),
            ),
            networkName: Type.String({ description: 'The network (NetworkAttachmentDefinition) name.' }),
          }),
          { description: 'The networks the VM has static addresses on.' },
        ),
      ),
      resourceRef: StaticIPResourceRef({ description: 'The VM.' }),
    },
    options,
  );
}
/** A discovered static-IP VM as the TypeScript code sees it. */
export type ProtectedStaticIPResource = Static<ReturnType<typeof ProtectedStaticIPResource>>;

/** One VM's address rewrite rules. */
export function StaticIPTranslation(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      networks: Type.Optional(
        List(
          Type.Object({
            addresses: Type.Optional(
              List(
                Type.Object({
                  targetIP: Type.String({ description: 'The address to use on this cluster.' }),
                }),
                {
                  description: 'Addresses to assign.',
                },
              ),
            ),
            networkName: Type.String({ description: 'The network the addresses belong to.' }),
          }),
          { description: 'Rewrites per network.' },
        ),
      ),
      resourceRef: StaticIPResourceRef({ description: 'The VM to rewrite.' }),
    },
    options,
  );
}

/** The VRG's `staticIPTranslationSpec`. */
export function StaticIPTranslationSpec(options: KubeSchemaOptions = {}) {
  return Type.Object(
    {
      ipTranslations: Type.Optional(List(StaticIPTranslation(), { description: 'Rewrite rules per VM.' })),
    },
    options,
  );
}
/** Static-IP translation rules as the TypeScript code sees them. */
export type StaticIPTranslationSpec = Static<ReturnType<typeof StaticIPTranslationSpec>>;
