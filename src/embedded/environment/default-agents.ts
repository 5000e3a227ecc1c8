/**
 * The agents an environment runs unless told otherwise: every embedded agent (OCM registration, work, view, lease
 * checking and placement; application delivery; the CSI provisioner, storage replication, snapshots and VolSync
 * movers; the kubelet), hub and managed together. The environment sorts them by placement and starts each cluster's
 * in this order, so OCM is up before the application controllers and storage before the kubelet that mounts its
 * volumes. `pods/log` reads the kubelet's log files.
 */
import type { AgentFactory } from '../agent.js';
import { appDeliveryAgentFactories } from '../apps/index.js';
import { createPodLogSource, kubeletAgentFactories } from '../kubelet/index.js';
import { ocmAgentFactories } from '../ocm/index.js';
import { storageAgentFactories } from '../storage/index.js';
import { volsyncAgentFactories } from '../volsync/index.js';
import { volumeAgentFactories } from '../volumes/index.js';
import type { PodLogSourceFactory } from './environment-types.js';

/** The default agent factories, in start order per cluster. */
export function defaultAgentFactories(): AgentFactory[] {
  return [
    ...ocmAgentFactories,
    ...appDeliveryAgentFactories,
    ...volumeAgentFactories,
    ...storageAgentFactories,
    ...volsyncAgentFactories,
    ...kubeletAgentFactories,
  ];
}

/** The default `pods/log` source: the embedded kubelet's log files under the cluster's directory. */
export const defaultPodLogs: PodLogSourceFactory = ({ stateDir }) => createPodLogSource({ stateDir });
