/**
 * The RamenConfig ConfigMaps the environment hands the operators: `ramen-hub-operator-config` on the hub and
 * `ramen-dr-cluster-operator-config` on each managed cluster, key `ramen_manager_config.yaml`, listing every S3
 * profile. Each document is checked with `parseRamenConfig` before it is written, so the operators never meet a
 * config they would refuse.
 *
 * Choices that differ from Ramen's defaults, and why: the operators run in one process tree here, not as OLM
 * deployments, so deployment automation is off; the environment writes the S3 secrets to every cluster itself, so
 * secret distribution is off; there is no Velero, so kube-object protection is off; metrics listeners are off so that
 * several operators in one process do not fight over one port.
 */
import { stringify } from 'yaml';
import {
  parseRamenConfig,
  RAMEN_API_VERSION,
  RAMEN_CONFIG_MAP_KEY,
  RAMEN_SYSTEM_NAMESPACE,
  type RamenConfigDocument,
  type RamenControllerType,
  ramenConfigMapName,
} from '../../api/index.js';
import { type ClusterClient, type ConfigMap, ConfigMapResource } from '../../kube/index.js';
import { createOrApply } from './cluster-bootstrap.js';
import type { S3Profile } from './s3-profiles.js';

/** The RamenConfig document of one operator, listing `profiles`. */
export function ramenConfigDocument(
  controllerType: RamenControllerType,
  profiles: readonly S3Profile[],
): RamenConfigDocument {
  return {
    apiVersion: RAMEN_API_VERSION,
    kind: 'RamenConfig',
    ramenControllerType: controllerType,
    metrics: { bindAddress: '0' },
    leaderElection: { leaderElect: true, resourceNamespace: RAMEN_SYSTEM_NAMESPACE },
    s3StoreProfiles: profiles.map((profile) => ({
      s3ProfileName: profile.name,
      s3Bucket: profile.bucket,
      s3CompatibleEndpoint: profile.endpoint,
      s3Region: profile.region,
      s3SecretRef: { name: profile.secretName, namespace: RAMEN_SYSTEM_NAMESPACE },
    })),
    drClusterOperator: { deploymentAutomationEnabled: false, s3SecretDistributionEnabled: false },
    kubeObjectProtection: { disabled: true },
  };
}

/** The ConfigMap of one operator; throws `RamenConfigError` if the document would not parse. */
export function ramenConfigMap(
  controllerType: RamenControllerType,
  profiles: readonly S3Profile[],
): ConfigMap {
  const text = stringify(ramenConfigDocument(controllerType, profiles));
  parseRamenConfig(text, { controllerType, operatorNamespace: RAMEN_SYSTEM_NAMESPACE });
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: ramenConfigMapName(controllerType), namespace: RAMEN_SYSTEM_NAMESPACE },
    data: { [RAMEN_CONFIG_MAP_KEY]: text },
  };
}

/** Writes the ConfigMap of the operator that runs on `client`'s cluster. */
export async function applyRamenConfigMap(
  client: ClusterClient,
  controllerType: RamenControllerType,
  profiles: readonly S3Profile[],
): Promise<void> {
  await createOrApply(client, ConfigMapResource, ramenConfigMap(controllerType, profiles));
}
