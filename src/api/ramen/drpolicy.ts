/**
 * DRPolicy (cluster-scoped, hub): the two DRClusters an application can move between and the replication interval.
 * An empty schedulingInterval means Metro DR (synchronous, one stretched storage).
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  Conditions,
  defineKind,
  immutable,
  type KindObject,
  LabelSelector,
  List,
  LocalObjectReference,
  StringMap,
} from '../schema/index.js';
import { RAMEN_GROUP, RAMEN_VERSION } from './group.js';
import { PeerClass } from './peer-class.js';

const DRPolicySpec = Type.Object(
  {
    drClusters: List(Type.String(), {
      description: 'The DRCluster names this policy governs: exactly two.',
      'x-kubernetes-validations': [
        { rule: 'size(self) == 2', message: 'drClusters requires a list of 2 clusters' },
        immutable('drClusters is immutable'),
      ],
    }),
    networkMappingRef: Type.Optional(
      LocalObjectReference({
        description:
          'A ConfigMap (in the DRPCs namespace) mapping network subnets between the clusters for VM static-IP translation.',
      }),
    ),
    replicationClassSelector: Type.Optional(
      LabelSelector({
        default: {},
        description: 'Selects the VolumeReplicationClasses (and group classes) to use; passed to every VRG.',
        'x-kubernetes-validations': [immutable('replicationClassSelector is immutable')],
      }),
    ),
    schedulingInterval: Type.String({
      pattern: '^(|\\d+[mhd])$',
      description: 'Replication interval such as 5m, 1h or 1d; empty for synchronous (Metro) DR.',
      'x-kubernetes-validations': [immutable('schedulingInterval is immutable')],
    }),
    volumeGroupSnapshotClassSelector: Type.Optional(
      LabelSelector({
        description: 'Selects the VolumeGroupSnapshotClasses used for VolSync consistency groups.',
      }),
    ),
    volumeSnapshotClassSelector: Type.Optional(
      LabelSelector({
        default: {},
        description: 'Selects the VolumeSnapshotClasses used by VolSync.',
        'x-kubernetes-validations': [immutable('volumeSnapshotClassSelector is immutable')],
      }),
    ),
  },
  {
    description: 'The desired state of a DRPolicy.',
    'x-kubernetes-validations': [
      {
        rule: 'has(oldSelf.replicationClassSelector) == has(self.replicationClassSelector)',
        message: 'replicationClassSelector is immutable',
      },
      {
        rule: 'has(oldSelf.volumeSnapshotClassSelector) == has(self.volumeSnapshotClassSelector)',
        message: 'volumeSnapshotClassSelector is immutable',
      },
    ],
  },
);

const PeerClasses = () =>
  Type.Object({
    peerClasses: Type.Optional(List(PeerClass(), { description: 'Discovered storage pairings.' })),
  });

const NetworkPeer = Type.Object({
  clusterCNITypes: Type.Optional(
    StringMap({ description: 'CNI type of the NetworkAttachmentDefinition per cluster.' }),
  ),
  nadName: Type.String({ description: 'NetworkAttachmentDefinition name present on both clusters.' }),
  nadNamespace: Type.String({ description: 'Its namespace.' }),
});

const DRPolicyStatus = Type.Object(
  {
    async: Type.Optional(PeerClasses()),
    conditions: Type.Optional(Conditions()),
    networkPeers: Type.Optional(
      List(NetworkPeer, {
        description: 'Networks labelled ramendr.openshift.io/dr-network on both clusters.',
      }),
    ),
    sync: Type.Optional(PeerClasses()),
  },
  { description: 'The observed state of a DRPolicy.' },
);

/** The DRPolicy kind. */
export const DRPolicyKind = defineKind({
  group: RAMEN_GROUP,
  version: RAMEN_VERSION,
  kind: 'DRPolicy',
  plural: 'drpolicies',
  scope: 'Cluster',
  description: 'DRPolicy is the Schema for the drpolicies API',
  properties: {
    spec: Type.Optional(DRPolicySpec),
    status: Type.Optional(DRPolicyStatus),
  },
});

/** A DRPolicy object. */
export type DRPolicy = KindObject<typeof DRPolicyKind>;
/** DRPolicy spec. */
export type DRPolicySpec = Static<typeof DRPolicySpec>;
/** DRPolicy status. */
export type DRPolicyStatus = Static<typeof DRPolicyStatus>;
