/**
 * What one VolumeReplicationGroup keeps in an object store, at Ramen's keys and in Ramen's format: its PVs and
 * PVCs (restored on the new primary before the application starts), the VRG itself (read by the hub when a cluster
 * is unreachable), and its VolumeGroupReplications and their contents.
 */
import {
  legacyPvcObjectKey,
  pvcObjectKey,
  pvObjectKey,
  S3ObjectType,
  s3TypePrefix,
  type VolumeReplicationGroup,
  vgrcObjectKey,
  vgrObjectKey,
  vrgObjectKey,
  vrgS3Prefix,
} from '../api/index.js';
import type { ObjectStore } from './object-store.js';
import { ObjectStoreError } from './object-store-error.js';
import { downloadRamenObject, downloadRamenObjects, uploadRamenObject } from './ramen-object-format.js';

/** A Kubernetes object as far as its storage key is concerned. */
export interface StorableObject {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

/** One VRG's objects in one store. */
export class VrgS3Objects {
  constructor(
    readonly store: ObjectStore,
    readonly vrgNamespace: string,
    readonly vrgName: string,
  ) {}

  /** The prefix of everything this VRG stores: `<vrgNamespace>/<vrgName>/`. */
  get prefix(): string {
    return vrgS3Prefix(this.vrgNamespace, this.vrgName);
  }

  /** The object's name (and namespace, when `namespaced`); `InvalidObject` when absent. */
  private nameOf(
    object: StorableObject,
    kind: string,
    namespaced = false,
  ): { name: string; namespace: string } {
    const name = object.metadata?.name ?? '';
    const namespace = object.metadata?.namespace ?? '';
    if (name === '' || (namespaced && namespace === '')) {
      throw new ObjectStoreError(
        'InvalidObject',
        { operation: 'put', store: this.store.description },
        `cannot store a ${kind} of VRG ${this.vrgNamespace}/${this.vrgName} without metadata.name` +
          `${namespaced ? ' and metadata.namespace' : ''}; Ramen's object key is built from them`,
      );
    }
    return { name, namespace };
  }

  /** Uploads a PersistentVolume; returns its key. */
  async uploadPV(pv: StorableObject): Promise<string> {
    const key = pvObjectKey(this.vrgNamespace, this.vrgName, this.nameOf(pv, 'PersistentVolume').name);
    await uploadRamenObject(this.store, key, pv);
    return key;
  }

  /** Uploads a PersistentVolumeClaim (under its namespace); returns its key. */
  async uploadPVC(pvc: StorableObject): Promise<string> {
    const { name, namespace } = this.nameOf(pvc, 'PersistentVolumeClaim', true);
    const key = pvcObjectKey(this.vrgNamespace, this.vrgName, namespace, name);
    await uploadRamenObject(this.store, key, pvc);
    return key;
  }

  /** Uploads the VRG itself; returns its key. */
  async uploadVRG(vrg: VolumeReplicationGroup): Promise<string> {
    const key = vrgObjectKey(this.vrgNamespace, this.vrgName);
    await uploadRamenObject(this.store, key, vrg);
    return key;
  }

  /** Uploads a VolumeGroupReplication; returns its key. */
  async uploadVGR(vgr: StorableObject): Promise<string> {
    const key = vgrObjectKey(
      this.vrgNamespace,
      this.vrgName,
      this.nameOf(vgr, 'VolumeGroupReplication').name,
    );
    await uploadRamenObject(this.store, key, vgr);
    return key;
  }

  /** Uploads a VolumeGroupReplicationContent; returns its key. */
  async uploadVGRC(vgrc: StorableObject): Promise<string> {
    const name = this.nameOf(vgrc, 'VolumeGroupReplicationContent').name;
    const key = vgrcObjectKey(this.vrgNamespace, this.vrgName, name);
    await uploadRamenObject(this.store, key, vgrc);
    return key;
  }

  private downloadType<T extends object>(type: S3ObjectType): Promise<T[]> {
    return downloadRamenObjects<T>(this.store, s3TypePrefix(this.vrgNamespace, this.vrgName, type));
  }

  /** Every stored PersistentVolume. */
  downloadPVs<T extends object = StorableObject>(): Promise<T[]> {
    return this.downloadType<T>(S3ObjectType.PersistentVolume);
  }

  /** Every stored PersistentVolumeClaim (including those under Ramen's older, namespace-less keys). */
  downloadPVCs<T extends object = StorableObject>(): Promise<T[]> {
    return this.downloadType<T>(S3ObjectType.PersistentVolumeClaim);
  }

  /** Every stored VolumeGroupReplication. */
  downloadVGRs<T extends object = StorableObject>(): Promise<T[]> {
    return this.downloadType<T>(S3ObjectType.VolumeGroupReplication);
  }

  /** Every stored VolumeGroupReplicationContent. */
  downloadVGRCs<T extends object = StorableObject>(): Promise<T[]> {
    return this.downloadType<T>(S3ObjectType.VolumeGroupReplicationContent);
  }

  /** The stored VRG, if any. */
  downloadVRG(): Promise<VolumeReplicationGroup | undefined> {
    return downloadRamenObject<VolumeReplicationGroup>(
      this.store,
      vrgObjectKey(this.vrgNamespace, this.vrgName),
    );
  }

  /** Deletes a PersistentVolume's object. */
  async deletePV(pvName: string): Promise<void> {
    await this.store.delete(pvObjectKey(this.vrgNamespace, this.vrgName, pvName));
  }

  /** Deletes a PersistentVolumeClaim's object, under both the current and Ramen's older key. */
  async deletePVC(pvcNamespace: string, pvcName: string): Promise<void> {
    await this.store.delete(pvcObjectKey(this.vrgNamespace, this.vrgName, pvcNamespace, pvcName));
    await this.store.delete(legacyPvcObjectKey(this.vrgNamespace, this.vrgName, pvcName));
  }

  /** Deletes a VolumeGroupReplication's object. */
  async deleteVGR(name: string): Promise<void> {
    await this.store.delete(vgrObjectKey(this.vrgNamespace, this.vrgName, name));
  }

  /** Deletes a VolumeGroupReplicationContent's object. */
  async deleteVGRC(name: string): Promise<void> {
    await this.store.delete(vgrcObjectKey(this.vrgNamespace, this.vrgName, name));
  }

  /** Deletes everything the VRG stored (what Ramen does when a primary VRG is deleted); returns the count. */
  deleteAll(): Promise<number> {
    return this.store.deletePrefix(this.prefix);
  }
}
