/**
 * DRPlacementControl (namespaced, hub): protects one application placed by an OCM Placement (or PlacementRule)
 * under a DRPolicy, and is where the user asks for failover or relocation. Its status reports the DR phase,
 * the progression within it and a copy of the conditions of the application's VRG.
 */
import { type Static, Type } from '@sinclair/typebox';
import {
  Conditions,
  DateTime,
  defineKind,
  Int64,
  immutable,
  type KindObject,
  LabelSelector,
  List,
  ObjectReference,
  TypedString,
} from '../schema/index.js';
import type { DRState, ProgressionStatus } from './constants/drpc-state.js';
import { DRActionField } from './dr-action.js';
import { RAMEN_GROUP, RAMEN_VERSION } from './group.js';
import { KubeObjectProtectionSpec } from './kube-object-protection.js';
import { ProtectedStaticIPResource } from './static-ip.js';
import { VolSyncSpec } from './volsync-spec.js';
import { PVCGroup } from './vrg-status.js';

const DRPlacementControlSpec = Type.Object(
  {
    action: Type.Optional(DRActionField({ description: 'Failover or Relocate; absent to deploy and stay.' })),
    drPolicyRef: ObjectReference({
      description: 'The DRPolicy protecting the application.',
      'x-kubernetes-validations': [immutable('drPolicyRef is immutable')],
    }),
    dryRun: Type.Optional(Type.Boolean({ description: 'Test the failover without stopping the primary.' })),
    failoverCluster: Type.Optional(Type.String({ description: 'Target cluster of a failover.' })),
    kubeObjectProtection: Type.Optional(
      KubeObjectProtectionSpec({ description: 'Capture and restore of Kubernetes objects.' }),
    ),
    placementRef: ObjectReference({
      description: 'The Placement or PlacementRule of the application, in the DRPC namespace.',
      'x-kubernetes-validations': [immutable('placementRef is immutable')],
    }),
    preferredCluster: Type.Optional(
      Type.String({ description: 'Where the application is deployed and relocated to.' }),
    ),
    protectedNamespaces: Type.Optional(
      List(Type.String(), { description: 'Namespaces of a discovered (non-OCM) application.' }),
    ),
    pvcSelector: LabelSelector({
      description: 'Selects the PVCs to protect.',
      'x-kubernetes-validations': [immutable('pvcSelector is immutable')],
    }),
    retainNamespaceSCCAcrossPeers: Type.Optional(
      Type.Boolean({ description: 'Keep SCC annotations when creating the namespace on peers.' }),
    ),
    volSyncSpec: Type.Optional(VolSyncSpec({ description: 'VolSync settings passed to the VRGs.' })),
  },
  { description: 'The desired state of a DRPlacementControl.' },
);

/** The placement decision the DRPC last knew. */
const PlacementDecision = Type.Object(
  {
    clusterName: Type.Optional(Type.String({ description: 'The chosen cluster.' })),
    clusterNamespace: Type.Optional(Type.String({ description: 'Its namespace on the hub.' })),
  },
  { description: 'The last known home of the application.' },
);

/** Which VRG the resource conditions were copied from. */
const VRGResourceMeta = Type.Object(
  {
    generation: Int64({ description: 'VRG generation.' }),
    kind: Type.String({ description: 'Kind of the resource, VolumeReplicationGroup.' }),
    name: Type.String({ description: 'VRG name.' }),
    namespace: Type.String({ description: 'VRG namespace.' }),
    protectedStaticIPVMs: Type.Optional(
      List(ProtectedStaticIPResource(), { description: 'VMs with static IPs the VRG found.' }),
    ),
    protectedpvcs: Type.Optional(List(Type.String(), { description: 'Names of the protected PVCs.' })),
    pvcgroups: Type.Optional(List(PVCGroup(), { description: 'Consistency groups of PVCs.' })),
    resourceVersion: Type.Optional(Type.String({ description: 'VRG resource version.' })),
  },
  { description: 'The VRG the conditions belong to.' },
);

const DRPlacementControlStatus = Type.Object(
  {
    actionDuration: Type.Optional(Type.String({ description: 'How long the last action took.' })),
    actionStartTime: Type.Optional(DateTime({ description: 'When the current action started.' })),
    conditions: Type.Optional(
      Conditions({ description: 'Available, PeerReady and Protected, in that order.' }),
    ),
    lastGroupSyncBytes: Type.Optional(Int64({ description: 'Copied from the VRG.' })),
    lastGroupSyncDuration: Type.Optional(Type.String({ description: 'Copied from the VRG.' })),
    lastGroupSyncTime: Type.Optional(DateTime({ description: 'Copied from the VRG.' })),
    lastKubeObjectProtectionTime: Type.Optional(
      DateTime({ description: 'End of the VRG capture to recover from.' }),
    ),
    lastUpdateTime: Type.Optional(DateTime({ description: 'When the status last changed.' })),
    observedGeneration: Type.Optional(Int64({ description: 'The generation this status is for.' })),
    phase: Type.Optional(TypedString<DRState>({ description: 'The DR phase.' })),
    preferredDecision: Type.Optional(PlacementDecision),
    progression: Type.Optional(TypedString<ProgressionStatus>({ description: 'The step within the phase.' })),
    resourceConditions: Type.Optional(
      Type.Object(
        {
          conditions: Type.Optional(Conditions({ description: 'The VRG conditions.' })),
          resourceMeta: Type.Optional(VRGResourceMeta),
        },
        { description: 'Conditions of the application VRG.' },
      ),
    ),
  },
  { description: 'The observed state of a DRPlacementControl.' },
);

/** The DRPlacementControl kind. */
export const DRPlacementControlKind = defineKind({
  group: RAMEN_GROUP,
  version: RAMEN_VERSION,
  kind: 'DRPlacementControl',
  plural: 'drplacementcontrols',
  scope: 'Namespaced',
  shortNames: ['drpc'],
  description: 'DR protection of one placed application, and where failover and relocation are requested.',
  properties: {
    spec: Type.Optional(DRPlacementControlSpec),
    status: Type.Optional(DRPlacementControlStatus),
  },
  printerColumns: [
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    { name: 'preferredCluster', type: 'string', jsonPath: '.spec.preferredCluster' },
    { name: 'failoverCluster', type: 'string', jsonPath: '.spec.failoverCluster' },
    { name: 'desiredState', type: 'string', jsonPath: '.spec.action' },
    { name: 'currentState', type: 'string', jsonPath: '.status.phase' },
    { name: 'progression', type: 'string', jsonPath: '.status.progression', priority: 2 },
    { name: 'start time', type: 'string', jsonPath: '.status.actionStartTime', priority: 2 },
    { name: 'duration', type: 'string', jsonPath: '.status.actionDuration', priority: 2 },
    { name: 'peer ready', type: 'string', jsonPath: '.status.conditions[1].status', priority: 2 },
  ],
});

/** A DRPlacementControl object. */
export type DRPlacementControl = KindObject<typeof DRPlacementControlKind>;
/** DRPlacementControl spec. */
export type DRPlacementControlSpec = Static<typeof DRPlacementControlSpec>;
/** DRPlacementControl status. */
export type DRPlacementControlStatus = Static<typeof DRPlacementControlStatus>;
