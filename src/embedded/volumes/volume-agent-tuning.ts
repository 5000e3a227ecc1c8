/**
 * The manager timings the managed-cluster agents standing in for node and storage components (kubelet, CSI
 * drivers, VolSync movers) run with: an informer backoff that rides out a restarting API server without busy retries.
 */
import type { ManagerAgentTuning } from '../manager-agent.js';

/** The manager settings of the kubelet, storage and VolSync agents; see the module comment. */
export const VOLUME_AGENT_TUNING: ManagerAgentTuning = {
  informer: { backoff: { initialMs: 200, maxMs: 5_000 } },
};
