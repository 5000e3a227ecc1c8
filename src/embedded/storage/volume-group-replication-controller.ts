/**
 * The csi-addons VolumeGroupReplication controller for the embedded block driver, following csi-addons' flow: the
 * VGR's selector picks bound claims of its namespace (at most 100, each annotated with the VGR's name, none in
 * another group); the driver's CreateVolumeGroup becomes a cluster-scoped VolumeGroupReplicationContent
 * (`vgrcontent-<uid>`) holding the group handle and the member volume handles; and one VolumeReplication
 * (`vr-<uid>`, owned by the VGR, with
 * `dataSource.kind: VolumeGroupReplication`) carries the replication state to the replication controller, which
 * ships all members as one point-in-time image. The VGR's status mirrors that VR's, restamped with the VGR's
 * generation, plus the member claims.
 *
 * Deleting the VGR deletes its VR first (which disables replication of the members), then the content, the claims'
 * annotations and the finalizer.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import {
  type VolumeGroupReplication,
  VolumeGroupReplicationClassKind,
  type VolumeGroupReplicationContent,
  VolumeGroupReplicationContentKind,
  VolumeGroupReplicationKind,
  type VolumeGroupReplicationStatus,
  type VolumeReplication,
  VolumeReplicationKind,
} from '../../api/index.js';
import {
  type PersistentVolumeClaim,
  PersistentVolumeClaimKind,
  PersistentVolumeKind,
} from '../../apiserver/builtins/index.js';
import { isAlreadyExists, isNotFound, matchesLabelSelector } from '../../kube/index.js';
import {
  addFinalizer,
  type ControllerOptions,
  enqueueRequestForOwner,
  enqueueRequestsFromMapFunc,
  hasFinalizer,
  isBeingDeleted,
  type Manager,
  type Request,
  type Result,
  removeFinalizer,
} from '../../runtime/index.js';
import { scaled } from '../agent.js';
import { isRamenCsiDriver } from '../volumes/storage-classes.js';
import { groupStatusFrom, invalidGroupStatus } from './group-replication-status.js';
import {
  groupContentName,
  groupReplicationName,
  REPLICATION_API_GROUP,
  VOLUME_GROUP_REPLICATION_NAME_ANNOTATION,
  VOLUME_REPLICATION_NAME_ANNOTATION,
} from './replication-names.js';

/** The finalizer kept on a VGR until its VR and content are gone. */
export const VOLUME_GROUP_REPLICATION_FINALIZER = 'replication.storage.openshift.io/vgr-protection';
/** csi-addons' limit of claims per group. */
export const MAX_GROUP_MEMBERS = 100;
/** How often a VGR whose prerequisites are missing is looked at again (unscaled). */
const RETRY_INVALID_MS = 10_000;

/** What the group controller needs. */
export interface GroupReplicationControllerOptions {
  timeScale: number;
  logger: Logger;
}

/** A member claim with its volume. */
interface GroupMember {
  claim: PersistentVolumeClaim;
  volumeName: string;
  handle: string;
}

/**
 * The driver's handle of a volume group, a function of the VGR's namespace and name so the group keeps its handle
 * when Ramen restores the VGR on the peer cluster.
 */
export function groupHandleFor(namespace: string, name: string): string {
  const digest = createHash('sha256').update(`${namespace}/${name}`).digest('hex').slice(0, 16);
  return `ramen-vgr-${digest}`;
}

/** The VGR controller; see the module comment. */
export function volumeGroupReplicationController(
  manager: Manager,
  options: GroupReplicationControllerOptions,
): ControllerOptions {
  const reconciler = new GroupReplicationReconciler(manager, options);
  return {
    name: 'volumegroupreplication',
    for: { resource: VolumeGroupReplicationKind },
    watches: [
      {
        resource: VolumeReplicationKind,
        handler: enqueueRequestForOwner(VolumeGroupReplicationKind, { onlyController: true }),
      },
      {
        resource: PersistentVolumeClaimKind,
        handler: enqueueRequestsFromMapFunc<PersistentVolumeClaim>((claim, cluster) =>
          reconciler.groupsIn(claim.metadata.namespace ?? '', cluster),
        ),
      },
    ],
    reconciler: (request) => reconciler.reconcile(request),
  };
}

class GroupReplicationReconciler {
  readonly #manager: Manager;
  readonly #options: GroupReplicationControllerOptions;

  constructor(manager: Manager, options: GroupReplicationControllerOptions) {
    this.#manager = manager;
    this.#options = options;
  }

  get #cluster() {
    return this.#manager.cluster();
  }

  /** Every VGR of a namespace (a claim's labels may have moved it into or out of any of them). */
  groupsIn(namespace: string, cluster: string): Request[] {
    const informer = this.#manager.informerFor(cluster, VolumeGroupReplicationKind);
    return informer
      .list({ namespace })
      .map((group) => ({ cluster, namespace, name: group.metadata.name ?? '' }));
  }

  async reconcile(request: Request): Promise<Result> {
    const group = await this.#cluster.cache.get(VolumeGroupReplicationKind, request);
    if (group === undefined) return {};
    const groupClass = await this.#cluster.cache.get(VolumeGroupReplicationClassKind, {
      name: group.spec?.volumeGroupReplicationClassName ?? '',
    });
    if (groupClass !== undefined && !isRamenCsiDriver(groupClass.spec?.provisioner)) return {};
    if (isBeingDeleted(group)) return this.#delete(group);
    const current = await addFinalizer(
      this.#cluster.client,
      VolumeGroupReplicationKind,
      group,
      VOLUME_GROUP_REPLICATION_FINALIZER,
    );
    if (groupClass === undefined) {
      return this.#invalid(
        current,
        `VolumeGroupReplicationClass "${current.spec?.volumeGroupReplicationClassName}" not found`,
      );
    }
    const members = await this.#members(current, groupClass.spec?.provisioner ?? '');
    if (typeof members === 'string') return this.#invalid(current, members);
    await this.#annotateClaims(current, members);
    const content = await this.#ensureContent(current, groupClass.spec?.provisioner ?? '', members);
    const bound = await this.#bindGroup(current, content);
    const vr = await this.#ensureReplication(bound);
    if (typeof vr === 'string') return this.#invalid(bound, vr, members);
    await this.#writeStatus(
      bound,
      groupStatusFrom(
        bound,
        vr,
        members.map((member) => member.claim.metadata.name ?? ''),
      ),
    );
    // Event-driven from here: the VR's status, the claims and the VGR itself bring the group back.
    return {};
  }

  async #invalid(
    group: VolumeGroupReplication,
    message: string,
    members: GroupMember[] = [],
  ): Promise<Result> {
    const claims = members.map((member) => member.claim.metadata.name ?? '');
    await this.#writeStatus(group, invalidGroupStatus(group, message, claims));
    return { requeueAfter: scaled(RETRY_INVALID_MS, this.#options.timeScale) };
  }

  /** The claims the selector picks, each bound to a volume of the driver, or why the group cannot form. */
  async #members(group: VolumeGroupReplication, provisioner: string): Promise<GroupMember[] | string> {
    const selector = group.spec?.source.selector;
    if (selector === undefined) return 'the VolumeGroupReplication has no source.selector';
    const namespace = group.metadata.namespace ?? '';
    const claims = (await this.#cluster.cache.list(PersistentVolumeClaimKind, { namespace }))
      .filter((claim) => matchesLabelSelector(selector, claim.metadata.labels))
      .sort((x, y) => (x.metadata.name ?? '').localeCompare(y.metadata.name ?? ''));
    if (claims.length === 0) return 'no PersistentVolumeClaim matches source.selector';
    if (claims.length > MAX_GROUP_MEMBERS) {
      return `${claims.length} PersistentVolumeClaims match source.selector; a group holds at most ${MAX_GROUP_MEMBERS}`;
    }
    const members: GroupMember[] = [];
    for (const claim of claims) {
      const member = await this.#member(group, claim, provisioner);
      if (typeof member === 'string') return member;
      members.push(member);
    }
    return members;
  }

  async #member(
    group: VolumeGroupReplication,
    claim: PersistentVolumeClaim,
    provisioner: string,
  ): Promise<GroupMember | string> {
    const name = claim.metadata.name ?? '';
    const owner = claim.metadata.annotations?.[VOLUME_GROUP_REPLICATION_NAME_ANNOTATION];
    if (owner !== undefined && owner !== group.metadata.name) {
      return `PersistentVolumeClaim "${name}" already belongs to VolumeGroupReplication "${owner}"`;
    }
    const replicatedBy = claim.metadata.annotations?.[VOLUME_REPLICATION_NAME_ANNOTATION];
    if (replicatedBy !== undefined) {
      return `PersistentVolumeClaim "${name}" is replicated by VolumeReplication "${replicatedBy}"; delete it before grouping the claim`;
    }
    const volumeName = claim.spec?.volumeName;
    if (claim.status?.phase !== 'Bound' || !volumeName) return `PersistentVolumeClaim "${name}" is not bound`;
    const volume = await this.#cluster.cache.get(PersistentVolumeKind, { name: volumeName });
    const handle = volume?.spec?.csi?.volumeHandle;
    if (handle === undefined) return `PersistentVolume "${volumeName}" has no CSI volume`;
    if (volume?.spec?.csi?.driver !== provisioner) {
      return `PersistentVolumeClaim "${name}": the volume's driver "${volume?.spec?.csi?.driver}" is not the class provisioner`;
    }
    return { claim, volumeName, handle };
  }

  /** Marks the member claims with the group's name, and unmarks claims that left the group. */
  async #annotateClaims(group: VolumeGroupReplication, members: readonly GroupMember[]): Promise<void> {
    const name = group.metadata.name ?? '';
    const memberNames = new Set(members.map((member) => member.claim.metadata.name));
    for (const member of members) {
      if (member.claim.metadata.annotations?.[VOLUME_GROUP_REPLICATION_NAME_ANNOTATION] === name) continue;
      await this.#setClaimAnnotation(member.claim, name);
    }
    const namespace = group.metadata.namespace ?? '';
    for (const claim of await this.#cluster.cache.list(PersistentVolumeClaimKind, { namespace })) {
      const owner = claim.metadata.annotations?.[VOLUME_GROUP_REPLICATION_NAME_ANNOTATION];
      if (owner === name && !memberNames.has(claim.metadata.name))
        await this.#setClaimAnnotation(claim, null);
    }
  }

  async #setClaimAnnotation(claim: PersistentVolumeClaim, value: string | null): Promise<void> {
    try {
      await this.#cluster.client.patch(
        PersistentVolumeClaimKind,
        { namespace: claim.metadata.namespace ?? '', name: claim.metadata.name ?? '' },
        {
          type: 'merge',
          patch: { metadata: { annotations: { [VOLUME_GROUP_REPLICATION_NAME_ANNOTATION]: value } } },
        },
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** CreateVolumeGroup / ModifyVolumeGroupMembership: the content listing the members' volume handles. */
  async #ensureContent(
    group: VolumeGroupReplication,
    provisioner: string,
    members: readonly GroupMember[],
  ): Promise<VolumeGroupReplicationContent> {
    const name = groupContentName(group);
    const volumeHandles = members.map((member) => member.handle).sort();
    const persistentVolumeRefList = members.map((member) => ({ name: member.volumeName })).sort(byName);
    const existing = await this.#cluster.cache.get(VolumeGroupReplicationContentKind, { name });
    let content = existing;
    if (content === undefined) {
      content = await this.#createContent(group, name, provisioner, volumeHandles);
      this.#options.logger.info({ group: group.metadata.name, volumeHandles }, 'volume group created');
    } else if (JSON.stringify(content.spec?.source.volumeHandles) !== JSON.stringify(volumeHandles)) {
      const spec = content.spec;
      if (spec === undefined) throw new Error(`VolumeGroupReplicationContent "${name}" has no spec`);
      content = await this.#cluster.client.update(VolumeGroupReplicationContentKind, {
        ...content,
        spec: { ...spec, source: { volumeHandles } },
      });
      this.#options.logger.info(
        { group: group.metadata.name, volumeHandles },
        'volume group membership changed',
      );
    }
    if (JSON.stringify(content.status?.persistentVolumeRefList) !== JSON.stringify(persistentVolumeRefList)) {
      content = await this.#cluster.client.updateStatus(VolumeGroupReplicationContentKind, {
        ...content,
        status: { persistentVolumeRefList },
      });
    }
    return content;
  }

  async #createContent(
    group: VolumeGroupReplication,
    name: string,
    provisioner: string,
    volumeHandles: string[],
  ): Promise<VolumeGroupReplicationContent> {
    const namespace = group.metadata.namespace ?? '';
    const groupName = group.metadata.name ?? '';
    const content: VolumeGroupReplicationContent = {
      apiVersion: `${REPLICATION_API_GROUP}/v1alpha1`,
      kind: 'VolumeGroupReplicationContent',
      metadata: { name },
      spec: {
        provisioner,
        volumeGroupReplicationClassName: group.spec?.volumeGroupReplicationClassName ?? '',
        volumeGroupReplicationHandle: groupHandleFor(namespace, groupName),
        volumeGroupReplicationRef: {
          apiVersion: `${REPLICATION_API_GROUP}/v1alpha1`,
          kind: 'VolumeGroupReplication',
          name: groupName,
          namespace,
          uid: group.metadata.uid ?? '',
        },
        source: { volumeHandles },
      },
    };
    try {
      return await this.#cluster.client.create(VolumeGroupReplicationContentKind, content);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      return this.#cluster.client.get(VolumeGroupReplicationContentKind, { name });
    }
  }

  /** Records the content and VR names in the VGR's spec (csi-addons sets them once). */
  async #bindGroup(
    group: VolumeGroupReplication,
    content: VolumeGroupReplicationContent,
  ): Promise<VolumeGroupReplication> {
    const spec = group.spec;
    if (spec === undefined) return group;
    if (spec.volumeGroupReplicationContentName && spec.volumeReplicationName) return group;
    return this.#cluster.client.patch(
      VolumeGroupReplicationKind,
      { namespace: group.metadata.namespace ?? '', name: group.metadata.name ?? '' },
      {
        type: 'merge',
        patch: {
          spec: {
            volumeGroupReplicationContentName:
              spec.volumeGroupReplicationContentName || content.metadata.name,
            volumeReplicationName: groupReplicationName(group),
          },
        },
      },
    );
  }

  /** The group's VR, created or brought to the VGR's replication state; a string when its name is taken. */
  async #ensureReplication(group: VolumeGroupReplication): Promise<VolumeReplication | string> {
    const namespace = group.metadata.namespace ?? '';
    const name = groupReplicationName(group);
    const spec = group.spec;
    if (spec === undefined) return 'the VolumeGroupReplication has no spec';
    const existing = await this.#cluster.cache.get(VolumeReplicationKind, { namespace, name });
    if (existing === undefined) {
      try {
        return await this.#cluster.client.create(VolumeReplicationKind, this.#replicationFor(group, name));
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
        return this.#cluster.client.get(VolumeReplicationKind, { namespace, name });
      }
    }
    const source = existing.spec?.dataSource;
    if (source?.kind !== 'VolumeGroupReplication' || source.name !== group.metadata.name) {
      return `VolumeReplication "${name}" exists and replicates another data source`;
    }
    if (
      existing.spec?.replicationState === spec.replicationState &&
      existing.spec.autoResync === spec.autoResync
    ) {
      return existing;
    }
    return this.#cluster.client.patch(
      VolumeReplicationKind,
      { namespace, name },
      {
        type: 'merge',
        patch: { spec: { replicationState: spec.replicationState, autoResync: spec.autoResync } },
      },
    );
  }

  #replicationFor(group: VolumeGroupReplication, name: string): VolumeReplication {
    return {
      apiVersion: `${REPLICATION_API_GROUP}/v1alpha1`,
      kind: 'VolumeReplication',
      metadata: {
        name,
        namespace: group.metadata.namespace ?? '',
        ownerReferences: [
          {
            apiVersion: group.apiVersion ?? `${REPLICATION_API_GROUP}/v1alpha1`,
            kind: 'VolumeGroupReplication',
            name: group.metadata.name ?? '',
            uid: group.metadata.uid ?? '',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        volumeReplicationClass: group.spec?.volumeReplicationClassName ?? '',
        replicationState: group.spec?.replicationState ?? 'secondary',
        autoResync: group.spec?.autoResync ?? false,
        dataSource: {
          apiGroup: REPLICATION_API_GROUP,
          kind: 'VolumeGroupReplication',
          name: group.metadata.name ?? '',
        },
      },
    };
  }

  /** Deletion: the VR first (it disables the members' replication), then the content, annotations, finalizer. */
  async #delete(group: VolumeGroupReplication): Promise<Result> {
    if (!hasFinalizer(group, VOLUME_GROUP_REPLICATION_FINALIZER)) return {};
    const namespace = group.metadata.namespace ?? '';
    const vrName = groupReplicationName(group);
    const vr = await this.#cluster.cache.get(VolumeReplicationKind, { namespace, name: vrName });
    if (vr !== undefined && vr.spec?.dataSource.name === group.metadata.name) {
      if (vr.metadata.deletionTimestamp === undefined) {
        await this.#deleteIgnoringNotFound(() =>
          this.#cluster.client.delete(VolumeReplicationKind, { namespace, name: vrName }),
        );
      }
      return { requeueAfter: 200 };
    }
    const contentName = group.spec?.volumeGroupReplicationContentName;
    if (contentName) {
      await this.#deleteIgnoringNotFound(() =>
        this.#cluster.client.delete(VolumeGroupReplicationContentKind, { name: contentName }),
      );
    }
    for (const claim of await this.#cluster.cache.list(PersistentVolumeClaimKind, { namespace })) {
      if (claim.metadata.annotations?.[VOLUME_GROUP_REPLICATION_NAME_ANNOTATION] === group.metadata.name) {
        await this.#setClaimAnnotation(claim, null);
      }
    }
    await this.#deleteIgnoringNotFound(() =>
      removeFinalizer(
        this.#cluster.client,
        VolumeGroupReplicationKind,
        group,
        VOLUME_GROUP_REPLICATION_FINALIZER,
      ),
    );
    return {};
  }

  async #deleteIgnoringNotFound(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async #writeStatus(group: VolumeGroupReplication, status: VolumeGroupReplicationStatus): Promise<void> {
    if (JSON.stringify(status) === JSON.stringify(group.status)) return;
    await this.#cluster.client.updateStatus(VolumeGroupReplicationKind, { ...group, status });
  }
}

function byName(a: { name?: string }, b: { name?: string }): number {
  return (a.name ?? '').localeCompare(b.name ?? '');
}
