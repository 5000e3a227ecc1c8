/**
 * The manager timings every OCM agent runs with: no periodic resync (the agents requeue what they need) and a
 * short informer backoff, so a restarted API server is watched again quickly.
 */
import type { ManagerAgentTuning } from '../manager-agent.js';

/** The manager settings of the OCM agents; see the module comment. */
export const OCM_AGENT_TUNING: ManagerAgentTuning = {
  syncPeriodMs: 0,
  informer: { backoff: { initialMs: 100, maxMs: 2_000 } },
};
